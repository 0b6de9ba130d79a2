import type { AwsStack } from '../../aws';
import { KfpConfig, placeholderRoleOptions, roleConsumers } from '../../config';
import type { GitOpsManifests } from '../../gitops/gitops-manifests';
import { IAM_DIR, IamRoleDocuments, MechanismDocContext, S3_ACCESS } from '../../iam';
import { DeploymentManifests, ObjectRef, overlayDir } from '../../layout/deployment-manifests';
import { restartCommand } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import type { DeploymentTasks } from '../../ops/deployment-tasks';
import { code } from '../markdown';

/** What a README section is written from: the installs and what the rest of the repo generates for them. */
export interface ReadmeContext {
  /** The first install, which the sections describe; the others appear in "Installs". */
  readonly config: KfpConfig;
  /** Every install, the first one first. */
  readonly installs: readonly KfpConfig[];
  readonly manifests: DeploymentManifests;
  /** The tasks that operate the installs. */
  readonly tasks: DeploymentTasks;
  /** Path of the CI workflow; undefined when `deploymentCi` is off. */
  readonly ciWorkflow?: string;
  /** Path of the dependency-upgrade workflow; undefined when `depsUpgrade` is off. */
  readonly upgradeWorkflow?: string;
  /** The npm spec `package.json` installs kfp-aws-project with (`kfp-aws-project@^1.2.3`). */
  readonly packageSpec: string;
  /** The IAM roles of every install and their documents in `iam/`. */
  readonly iamRoles: readonly IamRoleDocuments[];
  /** The projen project name, which labels what `deploy` records (`ops/prune.ts`). */
  readonly repo: string;
  /** The GitOps objects; undefined without `gitops`. */
  readonly gitops?: GitOpsManifests;
  /** The CloudFormation template of the AWS resources; undefined without `cloudFormation`. */
  readonly stack?: AwsStack;
}

/** One section of the README: its lines, none when it does not apply to the options. */
export type ReadmeSection = (context: ReadmeContext) => string[];

/** An object as the README names it: its kind and its name in code. */
export const objectName = (ref: ObjectRef) => `${ref.kind} ${code(ref.name)}`;

/** An S3 ARN in the partition of the bucket's region, for IAM policies. */
export function s3Arn(config: KfpConfig, resource: string): string {
  return `arn:${config.s3.partition}:s3:::${resource}`;
}

/** Why `npx projen deploy` picks the variant it picks. */
export function defaultVariantReason(config: KfpConfig): string {
  return defaultVariant(config) === 'iam'
    ? `${code(overlayDir('iam'))} by default, since every IAM role is set`
    : `${code(overlayDir('accesskey'))} by default, while ${placeholderRoleOptions(config).map(code).join(', ')} is still the placeholder`;
}

/** The one role every consumer of the install uses, if they share one. */
export function sharedRole(config: KfpConfig): string | undefined {
  const roles = new Set(roleConsumers(config).map((consumer) => config.iam.roles[consumer]));
  return roles.size === 1 ? [...roles][0] : undefined;
}

/** `host:port` of the database server. */
export function databaseAddress(config: KfpConfig): string {
  return `${config.mysql.host}:${config.mysql.port}`;
}

/** What the README text of the install's IAM mechanism is written with. */
export function mechanismDocContext(config: KfpConfig, stack?: AwsStack): MechanismDocContext {
  return {
    config,
    stack: stack?.roles.some((role) => role.documents.uses.some((use) => use.config.namespace === config.namespace)),
    overlay: code(overlayDir('iam')),
    restart: restartCommand(config.namespace),
    trustFile: code(`${IAM_DIR}/<role>.trust.json`),
    who: (consumer) => S3_ACCESS[consumer].who,
  };
}
