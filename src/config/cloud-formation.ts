import { isPlaceholderRole, placeholderRoleOptions, roleConsumers, roleOption } from './aws-names';
import type { Problems } from './collisions';
import { PLACEHOLDER_SECRETS_ROLE_ARN } from './secrets-manager';
import {
  IamRole, KfpConfig, PLACEHOLDER_BUCKET, PLACEHOLDER_CLUSTER_NAME, PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER,
} from './types';
import type { CloudFormationOptions } from '../cloud-formation-options';
import { IamMechanism } from '../options';

/** `cloudFormation` with its defaults. */
export interface CloudFormationConfig {
  readonly stackName: string;
  /** The region the stack is deployed to, and its buckets created in: the top-level install's. */
  readonly region: string;
  readonly createBucket: boolean;
  readonly bucketVersioning: boolean;
  /** `undefined` for no lifecycle rule. */
  readonly artifactExpirationDays?: number;
}

/**
 * The setting of each mechanism that the template's resources name, while it is still a placeholder: the IRSA trust
 * policies name the OIDC provider, the kube2iam ones the nodes' role, and the Pod Identity associations of the template
 * are created in the cluster (with `ackAssociations` the ACK controller creates them, and the template has none).
 */
const MECHANISM_PLACEHOLDERS: Readonly<Record<IamMechanism, (iam: IamRole) => string | undefined>> = {
  [IamMechanism.IRSA]: (iam) => (iam.oidcProvider === PLACEHOLDER_OIDC_PROVIDER ? 'iam.oidcProvider' : undefined),
  [IamMechanism.KUBE2IAM]: (iam) => (iam.nodeRoleArn === PLACEHOLDER_NODE_ROLE_ARN ? 'iam.nodeRoleArn' : undefined),
  [IamMechanism.POD_IDENTITY]: (iam) => (iam.clusterName === PLACEHOLDER_CLUSTER_NAME && !iam.ackAssociations ? 'iam.clusterName' : undefined),
};

/**
 * A stack name as CloudFormation takes it: letters, digits and `-`, starting with a letter, at most 128 characters
 * (CreateStack API reference, `StackName`).
 */
function stackNameProblem(value: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(value) ? undefined
    : 'is not a CloudFormation stack name (letters, digits and "-", starting with a letter, at most 128 characters)';
}

/** The installs whose objects are on AWS S3: the template holds their bucket and roles, as `iam/` holds their roles. */
export function stackInstalls(installs: readonly KfpConfig[]): KfpConfig[] {
  return installs.filter((install) => install.variants.includes('iam'));
}

/**
 * `cloudFormation` with its defaults, or `undefined` without it. Adds a problem, naming the option, for each bad value
 * and for each setting the template would need that is still a placeholder: the template creates what it names, so it
 * is written from real names only (the `iam/` documents keep placeholders, with the README's warnings). `installs` are
 * empty when the release is unknown, which is a problem of its own.
 */
export function resolveCloudFormation(options: CloudFormationOptions | undefined, installs: readonly KfpConfig[],
  problems: Problems): CloudFormationConfig | undefined {
  if (!options || installs.length === 0) return undefined;
  const found = new Set<string>();
  const add = (problem: string) => {
    if (!found.has(problem)) problems.add(problem);
    found.add(problem);
  };
  const [top] = installs;
  const stackName = options.stackName ?? `kfp-${top.namespace}`;
  problems.check('cloudFormation.stackName', stackName, stackNameProblem);
  const createBucket = options.createBucket ?? true;
  const { artifactExpirationDays, bucketVersioning = false } = options;
  if (artifactExpirationDays !== undefined) {
    problems.check('cloudFormation.artifactExpirationDays', String(artifactExpirationDays), (v) =>
      (Number.isInteger(Number(v)) && Number(v) >= 1 ? undefined : 'is not a whole number of days, 1 or more'));
  }
  if (!createBucket) {
    for (const [option, set] of [['bucketVersioning', bucketVersioning], ['artifactExpirationDays', artifactExpirationDays !== undefined]] as const) {
      if (set) add(`cloudFormation.${option}: applies to the buckets the template creates, and cloudFormation.createBucket is false; remove it, or let the template create the bucket`);
    }
  }

  const aws = stackInstalls(installs);
  if (aws.length === 0) {
    add('cloudFormation: every install keeps its objects on an S3-compatible store (s3Endpoint) that AWS IAM does not govern, so the template would hold nothing; remove cloudFormation');
  }
  const accounts = new Map<string, string[]>();
  for (const install of aws) {
    const { s3, iam, optionPrefix } = install;
    const iamPrefix = iam.roleSource === 'own' ? optionPrefix : '';
    if (s3.bucket === PLACEHOLDER_BUCKET) {
      add(`${optionPrefix}bucket: ${JSON.stringify(s3.bucket)} is the placeholder, which the template would ${createBucket ? 'create' : 'grant the roles'}; set the bucket's name, or remove cloudFormation`);
    }
    if (createBucket && s3.region !== top.s3.region) {
      add(`${optionPrefix}region: ${JSON.stringify(s3.region)} is not the region of the stack, the top-level region ${JSON.stringify(top.s3.region)}, and a stack creates buckets in its own region only; use one region, or set cloudFormation.createBucket to false and create the buckets yourself`);
    }
    const roleOptions = placeholderRoleOptions(install);
    if (roleOptions.length > 0) {
      add(`${roleOptions.join(', ')}: still the placeholder role ${JSON.stringify(iam.roleArn)}, and the template creates each role with the name and path of its ARN; set the roles' ARNs in the account the stack is deployed to, or remove cloudFormation`);
    }
    const setting = MECHANISM_PLACEHOLDERS[iam.mechanism](iam);
    if (setting) {
      add(`${iamPrefix}${setting}: still the placeholder, which the template's ${iam.mechanism === IamMechanism.POD_IDENTITY ? 'Pod Identity associations are created in' : 'trust policies name'}; set it, or remove cloudFormation`);
    }
    if (install.secretsManager?.roleArn === PLACEHOLDER_SECRETS_ROLE_ARN) {
      add(`${optionPrefix}secretsManager.roleArn: still the placeholder role ${JSON.stringify(PLACEHOLDER_SECRETS_ROLE_ARN)}, and the template creates each role with the name and path of its ARN; set it, or remove cloudFormation`);
    }
    const roles: Array<[string, string]> = [
      ...roleConsumers(install).map((consumer): [string, string] => [iam.roles[consumer], `${iamPrefix}${roleOption(iam, consumer)}`]),
      ...(install.secretsManager ? [[install.secretsManager.roleArn, `${optionPrefix}secretsManager.roleArn`] as [string, string]] : []),
    ];
    for (const [role, option] of roles) {
      if (!role.includes(':') || isPlaceholderRole(role) || role === PLACEHOLDER_SECRETS_ROLE_ARN) continue;
      const account = role.split(':')[4];
      accounts.set(account, [...new Set([...accounts.get(account) ?? [], option])]);
    }
  }
  if (accounts.size > 1) {
    add(`cloudFormation: a stack creates roles in the one account it is deployed to, but the role ARNs name the accounts ${[...accounts]
      .map(([account, list]) => `${account} (${list.join(', ')})`).join(', ')}; give every role an ARN of one account, or remove cloudFormation`);
  }
  return { stackName, region: top.s3.region, createBucket, bucketVersioning, artifactExpirationDays };
}
