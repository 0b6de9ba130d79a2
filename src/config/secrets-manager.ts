import type { KfpRelease, S3Consumer } from '../catalog';
import { awsPartition, roleOption } from './aws-names';
import type { Problems } from './collisions';
import type { AccessKeySecret, KfpConfig, MysqlSecret } from './types';
import { dnsLabelProblem, dnsSubdomainProblem, durationProblem, regionProblem, roleArnProblem } from './validation';
import type { Variant } from './variant';
import { IamMechanism } from '../options';
import type { SecretsManagerOptions } from '../secrets-manager-options';

/** The role a repo gets without `secretsManager.roleArn`; `deploy` refuses to install while it is in use. */
export const PLACEHOLDER_SECRETS_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-kfp-secrets';

/** The Secret of the UI's TensorBoard proxy signing key, which `create-ui-secret.sh` or ESO creates. */
export const UI_SIGNING_SECRET = { name: 'ml-pipeline-ui-secret', key: 'tensorboard-proxy-signing-key' } as const;

/** Where ESO's controller runs by default: its Helm chart installed as the ESO docs do (`docs/provider/aws-access.md`). */
export const ESO_CONTROLLER = { namespace: 'external-secrets', serviceAccount: 'external-secrets' } as const;

/** Which run-time Secret a {@link ManagedSecret} is, by its option in `secretsManager`. */
export type ManagedSecretOption = 'mysql' | 'accessKey' | 'uiSigningKey';

/** One key of a Secret ESO creates, and the JSON property of the Secrets Manager secret it comes from. */
export interface ManagedKey {
  readonly key: string;
  readonly property: string;
}

/** A Secret that ESO creates from a Secrets Manager secret instead of a script. */
export interface ManagedSecret {
  readonly option: ManagedSecretOption;
  /** The Kubernetes Secret, with the name the pods read. */
  readonly name: string;
  /** The Secrets Manager secret: a name or an ARN, as given. */
  readonly secretId: string;
  /**
   * The secret as the role's policy names it: the ARN given, or for a name `<name>-??????`, the six random characters
   * Secrets Manager appends to every name in the ARN (docs.aws.amazon.com/secretsmanager/latest/userguide/
   * reference_iam-permissions.html; `??????` rather than `*`: permissions_grant-limited-resources.html).
   */
  readonly resourceArn: string;
  readonly keys: readonly ManagedKey[];
  /** The only variant whose pods read the Secret; `undefined` for both. */
  readonly variant?: Variant;
}

/** `secretsManager` with its defaults applied and its values checked. */
export interface SecretsManagerConfig {
  /** How ESO authenticates: IRSA (the install's ServiceAccount) or EKS Pod Identity (ESO's controller). */
  readonly mechanism: IamMechanism;
  readonly roleArn: string;
  readonly region: string;
  readonly kmsKeyArn?: string;
  readonly refreshInterval: string;
  readonly controllerNamespace: string;
  readonly controllerServiceAccount: string;
  /** The Secrets ESO creates, in the order of the options. */
  readonly secrets: readonly ManagedSecret[];
}

/** What {@link resolveSecretsManager} reads of the rest of the install. */
export interface SecretsManagerContext {
  readonly release: KfpRelease | undefined;
  readonly mechanism: IamMechanism;
  /** The install's region, the default of the secrets'. */
  readonly region: string;
  readonly externalDatabase: boolean;
  readonly mysqlSecret: MysqlSecret;
  readonly accessKey: AccessKeySecret;
  readonly problems: Problems;
  /** Prepended to option names in problems: `""` or `additionalInstalls[<i>].`. */
  readonly prefix: string;
}

/**
 * A secret's name as Secrets Manager takes it: 1 to 512 ASCII letters, digits and `/_+=.@-` (CreateSecret `Name`,
 * docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
 */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A secret's ARN, whose name is taken as given: a secret another service creates (RDS) is named by that service. */
const SECRET_ARN = /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:\s]{1,512})$/;
const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Applies the defaults of `secretsManager` and checks it; `undefined` without the option. ESO authenticates through
 * the install's `iam.mechanism`: as a ServiceAccount of the install with IRSA (`auth.jwt.serviceAccountRef`), as its own
 * controller with EKS Pod Identity, which ESO cannot impersonate a ServiceAccount through (external-secrets v2.9.0
 * `docs/provider/aws-access.md`, "EKS Pod Identity Setup"). kube2iam would have to annotate ESO's own pods, which
 * this repo does not deploy, so it is refused. The access-key variant's store authenticates the same way: never with
 * the key it fetches.
 */
export function resolveSecretsManager(options: SecretsManagerOptions | undefined, context: SecretsManagerContext): SecretsManagerConfig | undefined {
  if (!options) return undefined;
  const { release, mechanism, problems, prefix } = context;
  const option = (name: string) => `${prefix}secretsManager${name ? `.${name}` : ''}`;
  const check = (name: string, value: string, problem: (v: string) => string | undefined) => problems.check(option(name), value, problem);

  if (mechanism === IamMechanism.KUBE2IAM) {
    problems.add(`${option('')}: needs iam.mechanism IamMechanism.IRSA or IamMechanism.POD_IDENTITY, not ${JSON.stringify(mechanism)}: ESO reads Secrets Manager as a ServiceAccount of the install (IRSA) or as its own controller (EKS Pod Identity), and kube2iam would have to annotate ESO's own pods${release?.unsupportedIamMechanisms?.[IamMechanism.IRSA] ? `; KFP ${release.version} supports neither, so keep the scripts` : ''}`);
  }
  const region = options.region ?? context.region;
  if (options.region !== undefined) check('region', region, regionProblem);
  const partition = awsPartition(region);
  const roleArn = options.roleArn ?? PLACEHOLDER_SECRETS_ROLE_ARN;
  check('roleArn', roleArn, roleArnProblem);
  const account = roleArn.split(':')[4] ?? '';
  if (options.kmsKeyArn !== undefined) {
    check('kmsKeyArn', options.kmsKeyArn, (v) => (KMS_KEY_ARN.test(v) ? undefined : 'is not a KMS key ARN such as "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"'));
  }
  const refreshInterval = options.refreshInterval ?? '1h';
  check('refreshInterval', refreshInterval, durationProblem);
  for (const name of ['controllerNamespace', 'controllerServiceAccount'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    check(name, value, name === 'controllerNamespace' ? dnsLabelProblem : dnsSubdomainProblem);
    if (mechanism !== IamMechanism.POD_IDENTITY) {
      problems.add(`${option(name)}: is read only with iam.mechanism "${IamMechanism.POD_IDENTITY}", where the role is ESO's controller's; with ${JSON.stringify(mechanism)} the install's own ServiceAccount assumes it: remove it`);
    }
  }

  const secretArn = (name: string, secretId: string): string => {
    check(`${name}.secretId`, secretId, (v) => {
      const arn = SECRET_ARN.exec(v);
      if (arn) {
        return arn[2] === region ? undefined
          : `is a secret in region ${arn[2]}, but ESO reads secretsManager.region ${region}: set secretsManager.region, or use a secret of that region`;
      }
      return v.startsWith('arn:') || !SECRET_NAME.test(v)
        ? 'is neither a Secrets Manager secret name (1 to 512 letters, digits and /_+=.@-) nor a secret ARN (give the ARN of a secret another service named)' : undefined;
    });
    return secretId.startsWith('arn:') ? secretId : `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretId}-??????`;
  };
  type KeyEntry = readonly [key: string, property: string | undefined, fallback: string, field: string];
  const keys = (name: string, entries: readonly KeyEntry[]): ManagedKey[] =>
    entries.map(([key, property, fallback, field]) => {
      if (property !== undefined) check(`${name}.${field}`, property, (v) => (v.trim() === '' ? 'is empty: name the JSON property that holds the value' : undefined));
      return { key, property: property ?? fallback };
    });

  const secrets: ManagedSecret[] = [];
  const { mysql, accessKey, uiSigningKey } = options;
  if (mysql) {
    const secret = context.mysqlSecret;
    if (context.externalDatabase && mysql.rootPasswordProperty !== undefined) {
      problems.add(`${option('mysql.rootPasswordProperty')}: is read only by the in-cluster MySQL, which externalDatabase replaces: remove it`);
    }
    secrets.push({
      option: 'mysql',
      name: secret.name,
      secretId: mysql.secretId,
      resourceArn: secretArn('mysql', mysql.secretId),
      keys: keys('mysql', [
        [secret.usernameKey, mysql.usernameProperty, 'username', 'usernameProperty'],
        [secret.passwordKey, mysql.passwordProperty, 'password', 'passwordProperty'],
        ...(context.externalDatabase ? [] : [[secret.rootPasswordKey, mysql.rootPasswordProperty, 'root-password', 'rootPasswordProperty'] as const]),
      ]),
    });
  }
  if (accessKey) {
    const secret = context.accessKey;
    secrets.push({
      option: 'accessKey',
      name: secret.secretName,
      secretId: accessKey.secretId,
      resourceArn: secretArn('accessKey', accessKey.secretId),
      keys: keys('accessKey', [
        [secret.accessKeyIdKey, accessKey.accessKeyIdProperty, secret.accessKeyIdKey, 'accessKeyIdProperty'],
        [secret.secretAccessKeyKey, accessKey.secretAccessKeyProperty, secret.secretAccessKeyKey, 'secretAccessKeyProperty'],
      ]),
      variant: 'accesskey',
    });
  }
  if (uiSigningKey) {
    if (release && !release.uiSigningKey) {
      problems.add(`${option('uiSigningKey')}: KFP ${release.version}'s UI signs nothing with a key: remove it`);
    }
    secrets.push({
      option: 'uiSigningKey',
      name: UI_SIGNING_SECRET.name,
      secretId: uiSigningKey.secretId,
      resourceArn: secretArn('uiSigningKey', uiSigningKey.secretId),
      keys: keys('uiSigningKey', [[UI_SIGNING_SECRET.key, uiSigningKey.property, UI_SIGNING_SECRET.key, 'property']]),
    });
  }
  if (secrets.length === 0) problems.add(`${option('')}: names no Secret: set mysql, accessKey or uiSigningKey, or remove it`);

  return {
    mechanism,
    roleArn,
    region,
    kmsKeyArn: options.kmsKeyArn,
    refreshInterval,
    controllerNamespace: options.controllerNamespace ?? ESO_CONTROLLER.namespace,
    controllerServiceAccount: options.controllerServiceAccount ?? ESO_CONTROLLER.serviceAccount,
    secrets,
  };
}

/** The option of an install's `secretsManager` (`additionalInstalls[<i>].secretsManager.roleArn`). */
export const secretsManagerOption = (prefix: string, name: string) => `${prefix}secretsManager.${name}`;

/**
 * With EKS Pod Identity, ESO reads every store without `auth` as its controller, whose ServiceAccount has one
 * association and so one role: every install with `secretsManager` must name the same role and controller.
 */
export function checkSecretsManagerInstalls(installs: ReadonlyArray<Pick<KfpConfig, 'optionPrefix' | 'secretsManager'>>, problems: Problems) {
  const podIdentity = installs.filter((install) => install.secretsManager?.mechanism === IamMechanism.POD_IDENTITY);
  const [first, ...others] = podIdentity;
  for (const other of others) {
    for (const field of ['roleArn', 'controllerNamespace', 'controllerServiceAccount'] as const) {
      const mine = other.secretsManager![field];
      const theirs = first.secretsManager![field];
      if (mine !== theirs) {
        problems.add(`${secretsManagerOption(other.optionPrefix, field)}: ${JSON.stringify(mine)} differs from ${secretsManagerOption(first.optionPrefix, field)} ${JSON.stringify(theirs)}: with EKS Pod Identity ESO reads every install's secrets as its one controller, whose ServiceAccount can have one role; give every install the same`);
      }
    }
  }
}

/** The identity whose role reads the secrets of `secretsManager`, beside the S3 consumers that have roles. */
export const SECRETS_READER = 'externalSecrets' as const;

/** Who assumes a role of `iam/`: an S3 consumer of an install, or ESO reading its secrets. */
export type RoleConsumer = S3Consumer | typeof SECRETS_READER;

/** The role `consumer` of `config` takes (an ARN, or a kube2iam role name). */
export function consumerRole(config: Pick<KfpConfig, 'iam' | 'secretsManager'>, consumer: RoleConsumer): string {
  return consumer === SECRETS_READER ? config.secretsManager!.roleArn : config.iam.roles[consumer];
}

/** The option that gives `consumer` of `config` its role, without the install's prefix. */
export function consumerRoleOption(config: Pick<KfpConfig, 'iam'>, consumer: RoleConsumer): string {
  return consumer === SECRETS_READER ? 'secretsManager.roleArn' : roleOption(config.iam, consumer);
}
