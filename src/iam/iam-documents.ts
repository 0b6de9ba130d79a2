import { Component, JsonFile, Project } from 'projen';
import { KMS_ACTIONS, S3_ACCESS } from './access';
import { consumerRole, iamRoleName, KfpConfig, RoleConsumer, roleConsumers, S3Consumer, SECRETS_READER } from '../config';
import { IAM_MECHANISMS, oneOrMany, TrustUse } from './mechanisms';
import { ESO_SERVICE_ACCOUNT } from '../manifests/components/external-secrets';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../manifests/s3-consumers';
import { IamMechanism } from '../options';

/** The folder of the generated IAM documents. */
export const IAM_DIR = 'iam';

/** The name of each role's inline policy, its `<role>.policy.json`: the README's `put-role-policy` and the template give it. */
export const ROLE_POLICY_NAME = 'kubeflow-pipelines-s3';

/** An IAM policy document, as `aws iam` takes it from a file. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}; a single value is written without a list, as AWS's examples do. */
export interface PolicyStatement {
  readonly Effect: 'Allow';
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** One consumer of one install whose pods assume a role: an S3 consumer, or ESO reading the install's secrets. */
export interface RoleUse {
  readonly config: KfpConfig;
  readonly consumer: RoleConsumer;
}

/** A role, who assumes it, and the two documents `iam/` holds for it. */
export interface IamRoleDocuments {
  /** The role as the options give it: its ARN, or (kube2iam only) its name. */
  readonly role: string;
  /** The role name, which names its files and which `aws iam` takes. */
  readonly name: string;
  /** The role's path, `/` unless its ARN has one. */
  readonly path: string;
  /** Every consumer, in every install, that uses the role, in the order of the installs and of `iam.roleArns`. */
  readonly uses: readonly RoleUse[];
  readonly policyFile: string;
  readonly trustFile: string;
  /** What the role may do in S3 and Secrets Manager: the union of the access of its uses. */
  readonly policy: PolicyDocument;
  /** Who may assume the role, as each use's mechanism lets its pods in (`IAM_MECHANISMS`). */
  readonly trust: PolicyDocument;
}

const POLICY_VERSION = '2012-10-17';

/**
 * The documents of every distinct role across `installs` (the first install first): a role several consumers or
 * installs share gets one pair of files, with the access and the subjects of all of them. The role that reads the
 * secrets of `secretsManager` comes after an install's S3 roles, in either variant.
 */
export function iamRoleDocuments(installs: readonly KfpConfig[]): IamRoleDocuments[] {
  const usesByName = new Map<string, RoleUse[]>();
  for (const config of installs) {
    // AWS IAM governs AWS S3 only: an install on an S3-compatible store elsewhere has no `iam` variant and no S3 roles.
    const consumers: RoleConsumer[] = [...config.variants.includes('iam') ? roleConsumers(config) : [], ...config.secretsManager ? [SECRETS_READER] : []];
    for (const consumer of consumers) {
      const name = iamRoleName(consumerRole(config, consumer));
      usesByName.set(name, [...usesByName.get(name) ?? [], { config, consumer }]);
    }
  }
  return [...usesByName].map(([name, uses]) => {
    const given = uses.map(({ config, consumer }) => consumerRole(config, consumer));
    const role = given.find((r) => r.includes(':')) ?? given[0];
    return {
      role,
      name,
      path: rolePath(role),
      uses,
      policyFile: `${IAM_DIR}/${name}.policy.json`,
      trustFile: `${IAM_DIR}/${name}.trust.json`,
      policy: rolePolicy(uses),
      trust: trustPolicy(role, uses),
    };
  });
}

/** `/<path>/` of `arn:...:role/<path>/<name>`, `/` for a role without a path or given by name. */
function rolePath(role: string): string {
  const segments = role.includes(':') ? role.slice(role.indexOf(':role/') + ':role/'.length).split('/') : [role];
  return segments.length > 1 ? `/${segments.slice(0, -1).join('/')}/` : '/';
}

/** What the S3 access of `uses` adds up to in one bucket. */
interface BucketAccess {
  /** `s3:ListBucket` for requests without a prefix (the api server's HeadBucket). */
  headBucket: boolean;
  /** Prefixes whose keys may be listed. */
  readonly list: Set<string>;
  /** Object actions by prefix. */
  readonly objects: Map<string, Set<string>>;
}

/** The session tag EKS Pod Identity gives a pod's session with its namespace (pod-id-abac.html), as a policy variable. */
export const NAMESPACE_TAG_VARIABLE = '${aws:PrincipalTag/kubernetes-namespace}';

/**
 * A prefix as the policy grants it: with session-tag isolation the namespace it starts with (validated) is the pod's
 * own, so installs that share the role share one statement, and each pod reaches its own install's keys only.
 */
function policyPrefix(config: KfpConfig, prefix: string): string {
  return config.iam.sessionTagIsolation ? `${NAMESPACE_TAG_VARIABLE}${prefix.slice(config.namespace.length)}` : prefix;
}

/**
 * The union of the S3 access of `uses`, per bucket: `s3:GetBucketLocation` on the bucket, `s3:ListBucket` on the bucket
 * only for the prefixes that are listed (`<prefix>` and `<prefix>/*`), and object actions only on `<prefix>/*`.
 */
export function rolePolicy(uses: readonly RoleUse[]): PolicyDocument {
  const buckets = new Map<string, BucketAccess>();
  /** The KMS actions on each bucket key (`bucketKmsKeyArn`) that the object actions need ({@link KMS_ACTIONS}). */
  const keys = new Map<string, Set<string>>();
  for (const { config, consumer } of uses) {
    if (consumer === SECRETS_READER) continue;
    const { s3, release } = config;
    const arn = `arn:${s3.partition}:s3:::${s3.bucket}`;
    const access = buckets.get(arn) ?? { headBucket: false, list: new Set(), objects: new Map() };
    buckets.set(arn, access);
    if (consumer === S3Consumer.API_SERVER && release.apiServerChecksBucket) access.headBucket = true;
    for (const grant of S3_ACCESS[consumer].grants) {
      const prefix = policyPrefix(config, s3[grant.area]);
      if (grant.list) access.list.add(prefix);
      const actions = access.objects.get(prefix) ?? new Set();
      access.objects.set(prefix, actions);
      grant.objectActions.forEach((action) => actions.add(action));
      if (s3.kmsKeyArn) {
        const kms = keys.get(s3.kmsKeyArn) ?? new Set();
        keys.set(s3.kmsKeyArn, kms);
        grant.objectActions.forEach((action) => KMS_ACTIONS[action]?.forEach((kmsAction) => kms.add(kmsAction)));
      }
    }
  }
  const kmsStatements = [...keys].filter(([, actions]) => actions.size > 0)
    .map(([key, actions]): PolicyStatement => ({ Effect: 'Allow', Action: oneOrMany([...actions].sort()), Resource: key }));
  return {
    Version: POLICY_VERSION,
    Statement: [...[...buckets].flatMap(([arn, access]) => bucketStatements(arn, access)), ...kmsStatements, ...secretsStatements(uses)],
  };
}

/**
 * What ESO needs to fill the ExternalSecrets of `secretsManager`: `secretsmanager:GetSecretValue` on exactly their
 * secrets, the only call of an ExternalSecret's `data` without `metadataPolicy: Fetch` (external-secrets v2.9.0
 * `providers/v1/aws/secretsmanager/secretsmanager.go`, `constructSecretValue`; DescribeSecret only for that policy or
 * PushSecret), and `kms:Decrypt` with `kmsKeyArn`, which Secrets Manager decrypts a customer managed key's secret with
 * as the caller (docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).
 */
function secretsStatements(uses: readonly RoleUse[]): PolicyStatement[] {
  const configs = uses.filter((use) => use.consumer === SECRETS_READER).map((use) => use.config.secretsManager!);
  const secrets = [...new Set(configs.flatMap((config) => config.secrets.map((secret) => secret.resourceArn)))];
  const keys = [...new Set(configs.flatMap((config) => config.kmsKeyArn ?? []))];
  return [
    ...(secrets.length > 0 ? [{ Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: oneOrMany(secrets) }] : []),
    ...(keys.length > 0 ? [{ Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: oneOrMany(keys) }] : []),
  ];
}

function bucketStatements(arn: string, access: BucketAccess): PolicyStatement[] {
  const statements: PolicyStatement[] = [{ Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: arn }];
  if (access.headBucket) {
    // HeadBucket has no prefix, so only its absence can describe it; a listing without a prefix passes as well.
    statements.push({ Effect: 'Allow', Action: 's3:ListBucket', Resource: arn, Condition: { Null: { 's3:prefix': 'true' } } });
  }
  if (access.list.size > 0) {
    const prefixes = [...access.list].flatMap((prefix) => [prefix, `${prefix}/*`]);
    statements.push({ Effect: 'Allow', Action: 's3:ListBucket', Resource: arn, Condition: { StringLike: { 's3:prefix': prefixes } } });
  }
  // Prefixes with the same actions share a statement.
  const byActions = new Map<string, string[]>();
  for (const [prefix, actions] of access.objects) {
    const key = [...actions].sort().join(' ');
    byActions.set(key, [...byActions.get(key) ?? [], `${arn}/${prefix}/*`]);
  }
  for (const [actions, resources] of byActions) {
    statements.push({ Effect: 'Allow', Action: oneOrMany(actions.split(' ')), Resource: oneOrMany(resources) });
  }
  return statements;
}

/** Who may assume `role`: the statements of each mechanism among its uses, for the uses of that mechanism. */
export function trustPolicy(role: string, uses: readonly RoleUse[]): PolicyDocument {
  const byMechanism = new Map<IamMechanism, TrustUse[]>();
  for (const use of uses) {
    const mechanism = use.config.iam.mechanism;
    byMechanism.set(mechanism, [...byMechanism.get(mechanism) ?? [], trustUse(use)]);
  }
  return {
    Version: POLICY_VERSION,
    Statement: [...byMechanism].flatMap(([mechanism, list]) => IAM_MECHANISMS[mechanism].trustStatements(role, list)),
  };
}

/**
 * A use of a role with the ServiceAccount its pods run as. ESO takes the role as the install's ServiceAccount
 * `kfp-external-secrets` with IRSA, and as its own controller's ServiceAccount with EKS Pod Identity.
 */
export function trustUse({ config, consumer }: RoleUse): TrustUse {
  if (consumer !== SECRETS_READER) return { config, consumer, serviceAccount: S3_CONSUMER_SERVICE_ACCOUNTS[consumer], namespace: config.namespace };
  const { mechanism, controllerNamespace, controllerServiceAccount } = config.secretsManager!;
  return mechanism === IamMechanism.POD_IDENTITY
    ? { config, consumer, serviceAccount: controllerServiceAccount, namespace: controllerNamespace }
    : { config, consumer, serviceAccount: ESO_SERVICE_ACCOUNT, namespace: config.namespace };
}

/**
 * Writes `iam/<role>.policy.json` and `iam/<role>.trust.json` for every role of every install (and of `secretsManager`). IAM rejects a document
 * with a key it does not know, such as projen's `//` marker, so the files carry none; projen still makes them
 * read-only and lists them in `.projen/files.json`, which is how it deletes them once they are no longer generated.
 */
export class IamDocuments extends Component {
  /** Every role with its documents, the first install's first. */
  public readonly roles: readonly IamRoleDocuments[];

  constructor(project: Project, installs: readonly KfpConfig[]) {
    super(project);
    this.roles = iamRoleDocuments(installs);
    for (const role of this.roles) {
      new JsonFile(project, role.policyFile, { obj: role.policy, marker: false, readonly: true });
      new JsonFile(project, role.trustFile, { obj: role.trust, marker: false, readonly: true });
    }
  }
}
