import { Component, Project } from 'projen';
import type { KfpConfig } from '../config';
import { GeneratedFile, HTML_COMMENT, linesText } from '../generated-file';
import { awsStackSection } from './sections/aws-stack';
import { beforeYouDeploy } from './sections/before-you-deploy';
import { cache } from './sections/cache';
import { changing } from './sections/changing';
import { ci } from './sections/ci';
import type { ReadmeContext, ReadmeSection } from './sections/common';
import { custom } from './sections/custom';
import { database } from './sections/database';
import { deploy } from './sections/deploy';
import { deployed } from './sections/deployed';
import { doctor } from './sections/doctor';
import { folders } from './sections/folders';
import { gitopsSection } from './sections/gitops';
import { iamRoles } from './sections/iam-roles';
import { images } from './sections/images';
import { installsSection } from './sections/installs';
import { intro } from './sections/intro';
import { optionTable } from './sections/option-table';
import { quickStart } from './sections/quick-start';
import { scheduling } from './sections/scheduling';
import { secrets } from './sections/secrets';
import { secretsManagerSection } from './sections/secrets-manager';
import { troubleshooting } from './sections/troubleshooting';
import { uiAccess } from './sections/ui-access';
import { uninstall } from './sections/uninstall';
import { upgrades } from './sections/upgrades';
import { variants } from './sections/variants';
import type { DeploymentManifests } from '../layout/deployment-manifests';

export type { ReadmeContext, ReadmeSection } from './sections/common';

/** What the README describes besides the options and the manifests. */
export type DeploymentReadmeOptions = Omit<ReadmeContext, 'config' | 'installs' | 'manifests' | 'repo'>;

/** The README's sections, in order; each is a module of `sections/` with its own tests. */
export const README_SECTIONS: readonly ReadmeSection[] = [
  intro, deployed, quickStart, beforeYouDeploy, database, iamRoles, awsStackSection, secrets, secretsManagerSection, cache, doctor,
  deploy, uiAccess, scheduling, installsSection, gitopsSection, variants,
  folders, optionTable, images, custom, changing, uninstall, ci, upgrades, troubleshooting,
];

/** The deployment repo's README, computed from the resolved options and the rendered manifests. */
export class DeploymentReadme extends Component {
  constructor(project: Project, installs: readonly KfpConfig[], manifests: DeploymentManifests, options: DeploymentReadmeOptions) {
    super(project);
    const context: ReadmeContext = { config: installs[0], installs, manifests, repo: project.name, ...options };
    new GeneratedFile(project, 'README.md', { comment: HTML_COMMENT, text: linesText(README_SECTIONS.flatMap((section) => section(context))) });
  }
}
