import { Component, Project } from 'projen';
import { GithubWorkflow, workflows } from 'projen/lib/github';
import { NodePackage, NodeProject, RenderWorkflowSetupOptions, UpgradeDependencies, UpgradeDependenciesSchedule } from 'projen/lib/javascript';
import { deploymentGitHub } from './deployment-ci';
import { PACKAGE_NAME } from '../own-package';

/**
 * What projen's `UpgradeDependencies` reads of its project besides what every project has. It is typed for a
 * `NodeProject`; the deployment repo is a bare project with a `package.json`, and these are all it uses of one (read in
 * projen's lib/javascript/upgrade-dependencies.js).
 */
export interface UpgradableProject extends Project {
  readonly package: NodePackage;
  renderWorkflowSetup(options?: RenderWorkflowSetupOptions): workflows.JobStep[];
}

/**
 * The packages the upgrade raises: this package, whose new release brings the ranges of projen, cdk8s, constructs and
 * the validator's schemas with it when the repo is re-synthesized, and projen itself.
 */
export const UPGRADED_PACKAGES = [PACKAGE_NAME, 'projen'] as const;

/**
 * projen's dependency upgrade for the deployment repo: the `upgrade` task raises {@link UPGRADED_PACKAGES} within the
 * ranges of `package.json` and re-synthesizes the repo, and `.github/workflows/upgrade.yml` runs it every Monday and
 * opens a pull request with the diff (the task alone where there is no GitHub).
 */
export class DeploymentUpgrade extends Component {
  public readonly upgrade: UpgradeDependencies;
  /** The workflow that opens the pull request. */
  public readonly workflow: GithubWorkflow;

  constructor(project: UpgradableProject) {
    super(project);
    // The workflow is only made when the root project has a GitHub component.
    deploymentGitHub(project);
    this.upgrade = new UpgradeDependencies(project as unknown as NodeProject, {
      include: [...UPGRADED_PACKAGES],
      // npm-check-updates (the first step of the task) rewrites the ranges in package.json; within the same minor
      // version it widens nothing that `.projenrc.ts` would narrow again, so the re-synthesis at the end of the task
      // runs on the versions that stay installed. `npm update` (the next step) takes the newest release within each
      // range, which for kfp-aws-project's `^` range is every minor and patch release of its major version.
      target: 'patch',
      pullRequestTitle: `upgrade ${UPGRADED_PACKAGES.join(' and ')}`,
      pullRequestDescription: [
        `Upgrades ${UPGRADED_PACKAGES.join(' and ')} within the ranges of \`package.json\` (\`npx projen upgrade\`) and`,
        're-synthesizes the repo from `.projenrc.ts` with them: the diff shows what the new release changes in the',
        'manifests, scripts and README. Deploy after merging, as the README says.',
      ].join('\n'),
      workflowOptions: { schedule: UpgradeDependenciesSchedule.WEEKLY },
    });
    const [workflow] = this.upgrade.workflows;
    this.workflow = workflow;
  }
}
