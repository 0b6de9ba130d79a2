import { consumerRoleOption, KfpConfig, KfpOptionsError, TRUST_POLICY_QUOTA } from '../config';
import { iamRoleDocuments, IamRoleDocuments, PolicyDocument } from './iam-documents';
import { IamMechanism } from '../options';

/**
 * The most a role's inline policies may hold together: "Role policy size cannot exceed 10,240 characters", not
 * adjustable (docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM and STS character quotas").
 */
export const ROLE_POLICY_MAX = 10240;

/**
 * A policy's length as IAM counts it against its quotas: its JSON without white space (reference_iam-quotas.html: "IAM
 * does not count white space when calculating the size of a policy").
 */
export function policyLength(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/** The trust policy quota that applies to a role: the least that the installs that use it give. */
export function trustQuotaOf(role: IamRoleDocuments): number {
  return Math.min(...role.uses.map((use) => use.config.iam.trustPolicyQuota));
}

/**
 * Problems with the IAM documents of `installs` that IAM would refuse: a trust policy over the account's quota
 * (`iam.trustPolicyQuota`), which `aws iam create-role` and `update-assume-role-policy` fail on ("Cannot exceed quota
 * for ACLSizePerRole"), and a permission policy over {@link ROLE_POLICY_MAX}, which `put-role-policy` fails on. Only a
 * role several installs share comes near either. Each problem starts with the options that give the role.
 *
 * The trust policies list each ServiceAccount that may assume the role. For IRSA, a `StringLike` on
 * `system:serviceaccount:<namespace>:*` would be shorter, but would let every ServiceAccount of the namespace assume
 * the role (the MySQL's, the default one, any a user of the namespace creates): it widens who may take the role, so
 * the policies keep the exact list and a role that outgrows the quota is refused with the ways out.
 */
export function iamQuotaProblems(installs: readonly KfpConfig[]): string[] {
  return iamRoleDocuments(installs).flatMap((role) => {
    const problems: string[] = [];
    const given = `${roleOptions(role).join(', ')}: role ${JSON.stringify(role.role)}`;
    const namespaces = [...new Set(role.uses.map((use) => use.config.namespace))];
    const shared = namespaces.length > 1 ? `, which the installs in ${namespaces.join(', ')} share,` : '';
    const trust = policyLength(role.trust);
    const quota = trustQuotaOf(role);
    if (trust > quota) {
      problems.push(`${given}${shared} would have a trust policy (${role.trustFile}) of ${trust} characters without white space, over the account's quota of ${quota} (iam.trustPolicyQuota), so aws iam create-role would fail; ${trustFixes(role, trust, quota).join('; or ')}`);
    }
    const policy = policyLength(role.policy);
    if (policy > ROLE_POLICY_MAX) {
      problems.push(`${given}${shared} would have a permission policy (${role.policyFile}) of ${policy} characters without white space, over the ${ROLE_POLICY_MAX} IAM allows a role's inline policies, so aws iam put-role-policy would fail; give the installs roles of their own (an additional install without an \`iam\` of its own gets one)`);
    }
    return problems;
  });
}

/**
 * Throws {@link KfpOptionsError} with {@link iamQuotaProblems}. Separate from `resolveInstalls`, which the IAM documents
 * are written from; the project calls it right after, before anything is written.
 */
export function checkIamQuotas(installs: readonly KfpConfig[]): void {
  const problems = iamQuotaProblems(installs);
  if (problems.length > 0) throw new KfpOptionsError(problems);
}

/** The options that give `role` to its uses, as messages name them, each once. */
function roleOptions(role: IamRoleDocuments): string[] {
  return [...new Set(role.uses.map(({ config, consumer }) => `${config.optionPrefix}${consumerRoleOption(config, consumer)}`))];
}

/** The ways to bring a trust policy of `length` characters within IAM's quota, for the installs that share `role`. */
function trustFixes(role: IamRoleDocuments, length: number, quota: number): string[] {
  const configs = role.uses.map((use) => use.config);
  const podIdentity = configs.every((config) => !config.release.unsupportedIamMechanisms?.[IamMechanism.POD_IDENTITY]);
  const already = configs.every((config) => config.iam.mechanism === IamMechanism.POD_IDENTITY);
  const fixes = [
    ...(new Set(configs.map((config) => config.namespace)).size > 1
      ? ['give each install a role of its own (in the `iam` of each additional install, or leave its `iam` out: an additional install without one gets the top-level settings with a role of its own)']
      : []),
    ...(podIdentity && !already
      ? ['use EKS Pod Identity (iam.mechanism) with iam.sessionTagIsolation, whose trust policy names each namespace and each ServiceAccount once, and with which installs may share a role']
      : []),
    ...(quota < TRUST_POLICY_QUOTA.max && length <= TRUST_POLICY_QUOTA.max
      ? [`raise the account's quota in Service Quotas (IAM, "Role trust policy length", L-C07B4B0D) to at least ${length} and set iam.trustPolicyQuota to it`]
      : []),
  ];
  return fixes.length > 0 ? fixes : ['give its pods roles of their own (iam.roleArns)'];
}
