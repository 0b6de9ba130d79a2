import type { S3Consumer } from '../catalog';
import { IamRole, KfpConfig, PLACEHOLDER_ROLE_ARN } from './types';

/**
 * Whether KFP's clients take `host` for AWS S3 and sign for it with IAM credentials: the 2.17.0 UI's test
 * (`frontend/server/aws-helper.ts` `isAWSS3Endpoint`, `/s3.{0,}\.amazonaws\.com\.?.{0,}/i`).
 */
export function isAwsS3Host(host: string): boolean {
  return /s3.*\.amazonaws\.com/i.test(host);
}

/**
 * The consumers of the install that get an IAM role in `overlay/iam`: those of its release that reach S3, but not the
 * ones whose client cannot take the role through the install's mechanism (`KfpRelease.roleLimits`).
 */
export function roleConsumers(config: Pick<KfpConfig, 'release' | 'iam'>): S3Consumer[] {
  const limits = config.release.roleLimits?.[config.iam.mechanism] ?? {};
  return config.release.s3Consumers.filter((consumer) => !limits[consumer]);
}

/**
 * The role of an additional install in place of `role` (an ARN, or a kube2iam role name): one of its own, in the same
 * partition, account and path, named `<role name>-<namespace>`.
 */
export function installRole(role: string, namespace: string): string {
  return `${role}-${namespace}`;
}

/**
 * Whether `role` is {@link PLACEHOLDER_ROLE_ARN} or an additional install's role derived from it ({@link installRole}):
 * no cluster can assume either. The one test of a placeholder role: the scripts, the README and the default variant
 * all ask this.
 */
export function isPlaceholderRole(role: string): boolean {
  return role === PLACEHOLDER_ROLE_ARN || role.startsWith(`${PLACEHOLDER_ROLE_ARN}-`);
}

/** The consumers of the install's release whose role is still a placeholder ({@link isPlaceholderRole}). */
export function placeholderRoleConsumers(config: KfpConfig): S3Consumer[] {
  return roleConsumers(config).filter((consumer) => isPlaceholderRole(config.iam.roles[consumer]));
}

/** The roles of the install's consumers that are still placeholders, each once. */
export function placeholderRoles(config: KfpConfig): string[] {
  return [...new Set(placeholderRoleConsumers(config).map((consumer) => config.iam.roles[consumer]))];
}

/**
 * The options that would replace the install's placeholder roles, as messages name them: the install's own, or the
 * top-level ones where its roles come from those ({@link IamRole.roleSource}).
 */
export function placeholderRoleOptions(config: KfpConfig): string[] {
  const prefix = config.iam.roleSource === 'own' ? config.optionPrefix : '';
  return [...new Set(placeholderRoleConsumers(config).map((consumer) => `${prefix}${roleOption(config.iam, consumer)}`))];
}

/** The option that sets the role of `consumer`: its own in `iam.roleArns`, or the shared `iam.roleArn`. */
export function roleOption(iam: IamRole, consumer: S3Consumer): string {
  return iam.roles[consumer] === iam.roleArn ? 'iam.roleArn' : `iam.roleArns.${consumer}`;
}

/** The name of a role given as an ARN (its last path segment) or, for kube2iam, as a name. */
export function iamRoleName(role: string): string {
  return role.slice(role.lastIndexOf('/') + 1);
}

/** The AWS partition of a region: China and GovCloud have their own ARNs. */
export function awsPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The regional S3 endpoint host of `region` (the China partition has its own domain). */
export function s3Endpoint(region: string): string {
  return region.startsWith('cn-') ? `s3.${region}.amazonaws.com.cn` : `s3.${region}.amazonaws.com`;
}
