import {
  DEFAULT_KFP_VERSION, findRelease, imageOf, INCOMPATIBLE_RELEASES, KfpDatabase, KfpRelease, S3_CONSUMERS, S3Consumer, SUPPORTED_KFP_VERSIONS,
} from '../catalog';
import { CacheWebhook, IamMechanism, IamRoleArns, KfpAwsProjectOptions, KfpInstallOptions } from '../options';
import { optionShapeProblems } from './option-shapes';
import {
  annotationKeyProblem, bucketNameProblem, dataKeyProblem, dnsLabelProblem, dnsSubdomainProblem, imageProblem,
  durationProblem, hostProblem, keyPrefixProblem, oidcProviderProblem, portProblem, regionProblem, roleArnOrNameProblem,
  roleArnProblem, storageQuantityProblem,
} from './validation';
import { Variant, VARIANTS } from './variant';

/** The bucket a repo scaffolded without `--bucket` gets; the README warns while it is in use. */
export const PLACEHOLDER_BUCKET = 'change-me-kfp-artifacts';
/** The role a repo gets without `iam.roleArn`; the README warns while it is in use. */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-kfp-s3-access';
/** The OIDC provider the IRSA trust policies name until `iam.oidcProvider` is set. */
export const PLACEHOLDER_OIDC_PROVIDER = 'oidc.eks.REGION.amazonaws.com/id/CHANGE-ME';
/** The node role the kube2iam trust policies name until `iam.nodeRoleArn` is set. */
export const PLACEHOLDER_NODE_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-eks-node-role';
/** Where the installs of `additionalInstalls` keep their `base/` and `overlay/`. */
export const INSTALLS_DIR = 'installs';

/** The name of each KFP database in MySQL, as upstream names them. */
const DATABASE_NAMES: Readonly<Record<KfpDatabase, string>> = { pipeline: 'mlpipeline', metadata: 'metadb', cache: 'cachedb' };

export { S3Consumer, S3_CONSUMERS } from '../catalog';

/** Where and how KFP stores objects in S3. */
export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  /** The AWS partition of `region` (`aws`, `aws-cn`, `aws-us-gov`), for ARNs. */
  readonly partition: string;
  /** The store's host, without scheme or port: the regional S3 endpoint, or `s3Endpoint.host`. */
  readonly endpoint: string;
  /** The store's port; `undefined` for the default port of the scheme. */
  readonly port?: number;
  /** Whether clients use HTTPS. */
  readonly tls: boolean;
  /** Whether clients put the bucket in the path rather than the host name. */
  readonly pathStyle: boolean;
  /** Whether `s3Endpoint` replaced AWS S3 with an S3-compatible store. */
  readonly customEndpoint: boolean;
  /**
   * Whether the store's host is one KFP's clients take for AWS S3 (`s3*.amazonaws.com`, which includes S3's FIPS and
   * VPC endpoints): only for those does the 2.17.0 UI sign requests with IAM credentials
   * (`frontend/server/aws-helper.ts` `isAWSS3Endpoint`).
   */
  readonly awsHost: boolean;
  readonly artifactPrefix: string;
  readonly pipelinePrefix: string;
  readonly archiveLogs: boolean;
}

/** The access-key Secret of `overlay/accesskey`. */
export interface AccessKeySecret {
  readonly secretName: string;
  readonly accessKeyIdKey: string;
  readonly secretAccessKeyKey: string;
}

/** The roles of `overlay/iam`. */
export interface IamRole {
  readonly mechanism: IamMechanism;
  /** The role of every consumer that `iam.roleArns` does not name. */
  readonly roleArn: string;
  /** The role of each consumer. */
  readonly roles: Readonly<Record<S3Consumer, string>>;
  readonly kube2iamAnnotationKey: string;
  /** The OIDC provider (issuer without `https://`) the IRSA trust policies name. */
  readonly oidcProvider: string;
  /** The node role the kube2iam trust policies name. */
  readonly nodeRoleArn: string;
}

/** The database KFP uses, and the Secret its credentials come from. */
export interface MysqlConfig {
  /** Whether the server is outside the cluster (`externalDatabase`); then no MySQL is deployed. */
  readonly external: boolean;
  /** Host name and port the components connect to. */
  readonly host: string;
  readonly port: number;
  /** Database names: pipelines (api server), ML metadata, cache. */
  readonly pipelineDb: string;
  readonly metadataDb: string;
  readonly cacheDb: string;
  /** The databases of the release's components, which the init script (in-cluster) or you (external) create. */
  readonly databases: readonly string[];
  /** TLS to the server, verified against the CA bundle in a ConfigMap you create; `undefined` without TLS. */
  readonly tls?: MysqlTls;
  /** How long the api server keeps a connection open (Go duration). */
  readonly connectionMaxLifetime: string;
  /** The in-cluster server; unused when `external`. */
  readonly image: string;
  readonly storageClassName?: string;
  readonly storageSize: string;
  /** The Secret the user creates; never generated. */
  readonly secret: MysqlSecret;
}

/** Where the CA bundle of an external MySQL server is. */
export interface MysqlTls {
  readonly caConfigMap: string;
  readonly caKey: string;
}

/** Names in the MySQL Secret. */
export interface MysqlSecret {
  readonly name: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
  /** Only the in-cluster MySQL reads the root password. */
  readonly rootPasswordKey: string;
}

/**
 * The options of one install with every default applied and every value checked: the one input of the constructs,
 * the layout and the docs.
 */
export interface KfpConfig {
  readonly release: KfpRelease;
  readonly namespace: string;
  /**
   * Where the install's `base/` and `overlay/` are, relative to the repo root: `""` for the first install,
   * `installs/<namespace>` for each of `additionalInstalls`.
   */
  readonly root: string;
  readonly s3: S3Config;
  readonly accessKey: AccessKeySecret;
  readonly iam: IamRole;
  readonly mysql: MysqlConfig;
  /**
   * The credential variants the install gets an overlay for: `accesskey` always, `iam` where the store can be reached
   * with IAM credentials (AWS S3, not an S3-compatible store elsewhere).
   */
  readonly variants: readonly Variant[];
  /** How the cache webhook of v1 pipelines gets its certificate, if there is one. */
  readonly cacheWebhook: CacheWebhook;
}

/** Thrown when options hold values that cannot be deployed; lists every problem at once. */
export class KfpOptionsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid kfp-aws-project options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KfpOptionsError';
  }
}

/** Applies defaults and validates; throws {@link KfpOptionsError} naming every bad option and value. Returns the first install. */
export function resolveConfig(options: KfpAwsProjectOptions): KfpConfig {
  return resolveInstalls(options)[0];
}

/**
 * Applies defaults and validates every install: the top-level one first, then `additionalInstalls`. Throws
 * {@link KfpOptionsError} naming every bad option and value, and installs that would collide.
 */
export function resolveInstalls(options: KfpAwsProjectOptions): KfpConfig[] {
  // Unknown keys and values of the wrong type first: the checks below read every value as its declared type.
  const shapeProblems = optionShapeProblems(options);
  if (shapeProblems.length > 0) throw new KfpOptionsError(shapeProblems);
  const problems = new Problems();

  const kfpVersion = options.kfpVersion ?? DEFAULT_KFP_VERSION;
  const release = findRelease(kfpVersion);
  problems.check('kfpVersion', kfpVersion, () => {
    if (release) return undefined;
    const why = INCOMPATIBLE_RELEASES[kfpVersion];
    return `is not supported${why ? ` (${why})` : ''}; supported versions: ${SUPPORTED_KFP_VERSIONS.join(', ')}`;
  });

  const first = resolveInstall(options, { release, problems, prefix: '', root: '' });
  const additional = (options.additionalInstalls ?? []).map((install, i) => {
    const prefix = `additionalInstalls[${i}].`;
    const namespace = install.namespace;
    if (namespace === undefined) problems.add(`${prefix}namespace: is required`);
    const name = namespace ?? `install-${i}`;
    return resolveInstall(inherit(options, install, name), {
      release, problems, prefix, root: `${INSTALLS_DIR}/${name}`,
    });
  });
  const installs = [first, ...additional];
  checkCollisions(installs, problems);
  checkRoleNames(installs, problems);

  if (problems.list.length > 0 || !release) {
    throw new KfpOptionsError(problems.list);
  }
  return installs.map((install) => ({ ...install, release }));
}

/** An additional install's settings: its own where given, else the top-level ones (prefixes under its namespace). */
function inherit(top: KfpAwsProjectOptions, install: KfpInstallOptions, namespace: string): KfpInstallOptions {
  return {
    namespace,
    bucket: install.bucket ?? top.bucket,
    region: install.region ?? top.region,
    archiveLogs: install.archiveLogs ?? top.archiveLogs,
    artifactPrefix: install.artifactPrefix ?? `${namespace}/${top.artifactPrefix ?? DEFAULT_ARTIFACT_PREFIX}`,
    pipelinePrefix: install.pipelinePrefix ?? `${namespace}/${top.pipelinePrefix ?? DEFAULT_PIPELINE_PREFIX}`,
    s3Endpoint: install.s3Endpoint ?? top.s3Endpoint,
    accessKey: install.accessKey ?? top.accessKey,
    iam: install.iam ?? top.iam,
    mysql: install.mysql ?? top.mysql,
    externalDatabase: install.externalDatabase ?? top.externalDatabase,
    cacheWebhook: install.cacheWebhook ?? top.cacheWebhook,
  };
}

const DEFAULT_ARTIFACT_PREFIX = 'artifacts';
const DEFAULT_PIPELINE_PREFIX = 'pipelines';

/** Collects problems, each naming its option. */
class Problems {
  public readonly list: string[] = [];
  add(problem: string) {
    this.list.push(problem);
  }
  check(option: string, value: string, problem: (v: string) => string | undefined) {
    const why = problem(value);
    if (why) this.list.push(`${option}: ${JSON.stringify(value)} ${why}`);
  }
}

interface InstallContext {
  readonly release: KfpRelease | undefined;
  readonly problems: Problems;
  /** Prepended to option names in problems: `""` or `additionalInstalls[<i>].`. */
  readonly prefix: string;
  readonly root: string;
}

type ResolvedInstall = Omit<KfpConfig, 'release'>;

function resolveInstall(options: KfpInstallOptions, context: InstallContext): ResolvedInstall {
  const { release, problems, prefix, root } = context;
  const check = (option: string, value: string, problem: (v: string) => string | undefined) =>
    problems.check(`${prefix}${option}`, value, problem);
  const problem = (option: string, text: string) => problems.add(`${prefix}${option}: ${text}`);

  const namespace = options.namespace ?? 'kubeflow';
  check('namespace', namespace, (v) => dnsLabelProblem(v) ?? reservedNamespaceProblem(v));

  const bucket = options.bucket ?? PLACEHOLDER_BUCKET;
  check('bucket', bucket, bucketNameProblem);
  const region = options.region ?? 'us-east-1';
  check('region', region, regionProblem);
  const regionLimit = release?.unsupportedRegions?.[region];
  if (regionLimit && !options.s3Endpoint) {
    check('region', region, () => `is not supported by KFP ${release!.version}: ${regionLimit}; use a bucket in another region or a later kfpVersion`);
  }
  const artifactPrefix = options.artifactPrefix ?? DEFAULT_ARTIFACT_PREFIX;
  check('artifactPrefix', artifactPrefix, keyPrefixProblem);
  const pipelinePrefix = options.pipelinePrefix ?? DEFAULT_PIPELINE_PREFIX;
  check('pipelinePrefix', pipelinePrefix, keyPrefixProblem);
  if (artifactPrefix.startsWith(`${pipelinePrefix}/`) || pipelinePrefix.startsWith(`${artifactPrefix}/`) || artifactPrefix === pipelinePrefix) {
    problem('pipelinePrefix', `${JSON.stringify(pipelinePrefix)} must not overlap artifactPrefix ${JSON.stringify(artifactPrefix)}: the IAM policies give each a different access`);
  }

  const endpoint = options.s3Endpoint;
  if (endpoint) {
    check('s3Endpoint.host', endpoint.host, hostProblem);
    if (endpoint.port !== undefined) check('s3Endpoint.port', String(endpoint.port), portProblem);
  }

  const accessKey: AccessKeySecret = {
    secretName: options.accessKey?.secretName ?? 'ml-pipeline-aws-secret',
    accessKeyIdKey: options.accessKey?.accessKeyIdKey ?? 'accesskey',
    secretAccessKeyKey: options.accessKey?.secretAccessKeyKey ?? 'secretkey',
  };
  check('accessKey.secretName', accessKey.secretName, dnsSubdomainProblem);
  check('accessKey.accessKeyIdKey', accessKey.accessKeyIdKey, dataKeyProblem);
  check('accessKey.secretAccessKeyKey', accessKey.secretAccessKeyKey, dataKeyProblem);
  if (accessKey.accessKeyIdKey === accessKey.secretAccessKeyKey) {
    problem('accessKey.secretAccessKeyKey', `${JSON.stringify(accessKey.secretAccessKeyKey)} must differ from accessKey.accessKeyIdKey`);
  }

  const mechanism = options.iam?.mechanism ?? release?.defaultIamMechanism ?? IamMechanism.IRSA;
  const mechanismLimit = release?.unsupportedIamMechanisms?.[mechanism];
  if (mechanismLimit) check('iam.mechanism', mechanism, () => `is not supported by KFP ${release!.version}: ${mechanismLimit}`);
  const roleProblem = mechanism === IamMechanism.IRSA ? roleArnProblem : roleArnOrNameProblem;
  const roleArn = options.iam?.roleArn ?? PLACEHOLDER_ROLE_ARN;
  check('iam.roleArn', roleArn, roleProblem);
  const roleArns: IamRoleArns = options.iam?.roleArns ?? {};
  for (const [key, value] of Object.entries(roleArns)) {
    if (value === undefined) continue;
    check(`iam.roleArns.${key}`, value, roleProblem);
    if (release && !release.s3Consumers.includes(key as S3Consumer)) {
      check(`iam.roleArns.${key}`, value, () => `is not used: in KFP ${release.version} the ${key} does not reach S3 (see the README's IAM roles); remove it`);
    }
  }
  const roles = Object.fromEntries(S3_CONSUMERS.map((consumer) => [consumer, roleArns[consumer] ?? roleArn])) as Record<S3Consumer, string>;
  const iam: IamRole = {
    mechanism,
    roleArn,
    roles,
    kube2iamAnnotationKey: options.iam?.kube2iamAnnotationKey ?? 'iam.amazonaws.com/role',
    oidcProvider: options.iam?.oidcProvider ?? PLACEHOLDER_OIDC_PROVIDER,
    nodeRoleArn: options.iam?.nodeRoleArn ?? PLACEHOLDER_NODE_ROLE_ARN,
  };
  check('iam.kube2iamAnnotationKey', iam.kube2iamAnnotationKey, annotationKeyProblem);
  if (options.iam?.oidcProvider !== undefined) check('iam.oidcProvider', iam.oidcProvider, oidcProviderProblem);
  if (options.iam?.nodeRoleArn !== undefined) check('iam.nodeRoleArn', iam.nodeRoleArn, roleArnProblem);
  if (!endpoint) {
    // IAM of one partition cannot give access to a bucket of another (nor can an EKS cluster there use its roles).
    const partition = awsPartition(region);
    const givenRoles: Array<[string, string | undefined]> = [
      ['iam.roleArn', options.iam?.roleArn],
      ...Object.entries(roleArns).map(([key, value]): [string, string | undefined] => [`iam.roleArns.${key}`, value]),
      ['iam.nodeRoleArn', options.iam?.nodeRoleArn],
    ];
    for (const [option, value] of givenRoles) {
      if (value === undefined || !value.startsWith('arn:')) continue;
      check(option, value, (v) => {
        const arnPartition = v.split(':')[1];
        return arnPartition === partition ? undefined
          : `is in the partition ${arnPartition}, but region ${region} is in ${partition}; use a role of ${partition} (arn:${partition}:iam::...)`;
      });
    }
  }

  const storageSize = options.mysql?.storageSize ?? '20Gi';
  check('mysql.storageSize', storageSize, storageQuantityProblem);
  if (options.mysql?.secretName !== undefined) check('mysql.secretName', options.mysql.secretName, dnsSubdomainProblem);
  if (options.mysql?.image !== undefined) check('mysql.image', options.mysql.image, imageProblem);
  if (options.mysql?.storageClassName !== undefined) check('mysql.storageClassName', options.mysql.storageClassName, dnsSubdomainProblem);

  const external = options.externalDatabase;
  if (external && options.mysql) {
    problem('mysql', 'configures the in-cluster MySQL, which externalDatabase replaces: set only one of them');
  }
  if (external) {
    check('externalDatabase.host', external.host, hostProblem);
    if (external.port !== undefined) check('externalDatabase.port', String(external.port), portProblem);
    for (const key of ['pipelineDb', 'metadataDb', 'cacheDb'] as const) {
      const value = external[key];
      if (value !== undefined) check(`externalDatabase.${key}`, value, databaseNameProblem);
    }
    if (external.secretName !== undefined) check('externalDatabase.secretName', external.secretName, dnsSubdomainProblem);
    if (external.tlsCaConfigMap !== undefined) {
      check('externalDatabase.tlsCaConfigMap', external.tlsCaConfigMap, dnsSubdomainProblem);
      if (release && !release.mysql.tls) {
        check('externalDatabase.tlsCaConfigMap', external.tlsCaConfigMap, () =>
          `asks for TLS, which KFP ${release.version} cannot use to MySQL (its ML Metadata server has no TLS flags); remove it or use a later kfpVersion`);
      }
    }
    if (external.connectionMaxLifetime !== undefined) {
      check('externalDatabase.connectionMaxLifetime', external.connectionMaxLifetime, durationProblem);
      if (release && !release.mysql.connectionLifetime) {
        check('externalDatabase.connectionMaxLifetime', external.connectionMaxLifetime, () =>
          `is not supported: KFP ${release.version}'s api server has no connection lifetime setting; remove it or use a later kfpVersion`);
      }
    }
  }
  const databaseNames = {
    pipeline: external?.pipelineDb ?? DATABASE_NAMES.pipeline,
    metadata: external?.metadataDb ?? DATABASE_NAMES.metadata,
    cache: external?.cacheDb ?? DATABASE_NAMES.cache,
  };
  const usedDatabases = release?.mysql.databases.map((db) => databaseNames[db]) ?? [];
  if (new Set(usedDatabases).size !== usedDatabases.length) {
    problem('externalDatabase', `gives two databases the same name (${usedDatabases.join(', ')}); each component needs its own`);
  }

  const mysqlSecretName = external?.secretName ?? options.mysql?.secretName ?? 'mysql-secret';
  if (accessKey.secretName === mysqlSecretName) {
    problem('accessKey.secretName', `${JSON.stringify(accessKey.secretName)} is also the name of the MySQL Secret (${external ? 'externalDatabase' : 'mysql'}.secretName); each secret script replaces its Secret whole, so one would delete the other's keys: give them different names`);
  }

  const cacheWebhook = options.cacheWebhook ?? CacheWebhook.NONE;
  if (cacheWebhook !== CacheWebhook.NONE && release && !release.components.includes(CACHE_SERVER_COMPONENT)) {
    check('cacheWebhook', cacheWebhook, () => `is not supported: KFP ${release.version} has no cache server`);
  }

  const tls = endpoint?.tls ?? true;
  const awsHost = endpoint === undefined || isAwsS3Host(endpoint.host);
  return {
    namespace,
    root,
    s3: {
      bucket,
      region,
      partition: awsPartition(region),
      endpoint: endpoint?.host ?? s3Endpoint(region),
      port: endpoint?.port,
      tls,
      pathStyle: endpoint ? endpoint.pathStyle ?? true : false,
      customEndpoint: endpoint !== undefined,
      awsHost,
      artifactPrefix,
      pipelinePrefix,
      archiveLogs: options.archiveLogs ?? true,
    },
    accessKey,
    iam,
    mysql: {
      external: external !== undefined,
      host: external?.host ?? 'mysql',
      port: external?.port ?? 3306,
      pipelineDb: databaseNames.pipeline,
      metadataDb: databaseNames.metadata,
      cacheDb: databaseNames.cache,
      databases: usedDatabases,
      tls: external?.tlsCaConfigMap ? { caConfigMap: external.tlsCaConfigMap, caKey: MYSQL_CA_KEY } : undefined,
      connectionMaxLifetime: external?.connectionMaxLifetime ?? '120s',
      image: options.mysql?.image ?? (release ? imageOf(release, 'mysql') : ''),
      storageClassName: options.mysql?.storageClassName,
      storageSize,
      secret: {
        name: mysqlSecretName,
        usernameKey: 'username',
        passwordKey: 'password',
        rootPasswordKey: 'root-password',
      },
    },
    variants: VARIANTS.filter((variant) => variant !== 'iam' || awsHost),
    cacheWebhook,
  };
}

/** The release component of the cache server, which {@link CacheWebhook} needs. */
const CACHE_SERVER_COMPONENT = 'cache-server';

/**
 * Whether KFP's clients take `host` for AWS S3 and sign for it with IAM credentials: the 2.17.0 UI's test
 * (`frontend/server/aws-helper.ts` `isAWSS3Endpoint`, `/s3.{0,}\.amazonaws\.com\.?.{0,}/i`).
 */
export function isAwsS3Host(host: string): boolean {
  return /s3.*\.amazonaws\.com/i.test(host);
}

/** The key of the CA bundle in `externalDatabase.tlsCaConfigMap`. */
export const MYSQL_CA_KEY = 'ca.pem';

/**
 * Namespaces Kubernetes keeps for itself: `deploy` would label one with the install's Pod Security level (which can stop
 * system pods) and `uninstall` would delete it with everything in it.
 */
function reservedNamespaceProblem(value: string): string | undefined {
  return value === 'default' || value.startsWith('kube-')
    ? 'is a namespace of Kubernetes itself, which deploy would relabel and uninstall would delete; choose a namespace of its own'
    : undefined;
}

/** A MySQL database name as KFP's components accept it (they interpolate it into SQL unquoted). */
function databaseNameProblem(value: string): string | undefined {
  return /^[A-Za-z0-9_]{1,64}$/.test(value) ? undefined : 'is not a MySQL database name KFP accepts (letters, digits and "_", at most 64 characters)';
}

/** Rejects installs that would share a namespace, the same S3 keys or the same databases of an external server. */
function checkCollisions(installs: readonly ResolvedInstall[], problems: Problems) {
  const name = (i: number) => (i === 0 ? '' : `additionalInstalls[${i - 1}].`);
  installs.forEach((install, i) => {
    for (let j = 0; j < i; j++) {
      const other = installs[j];
      if (install.namespace === other.namespace) {
        problems.add(`${name(i)}namespace: ${JSON.stringify(install.namespace)} is already the namespace of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`}; each install needs its own`);
        continue;
      }
      const { mysql } = install;
      if (mysql.external && other.mysql.external && mysql.host === other.mysql.host && mysql.port === other.mysql.port) {
        const shared = mysql.databases.filter((db) => other.mysql.databases.includes(db));
        if (shared.length > 0) {
          problems.add(`${name(i)}externalDatabase: databases ${shared.join(', ')} on ${mysql.host}:${mysql.port} are also those of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`}; give each install its own (pipelineDb, metadataDb, cacheDb)`);
        }
      }
      if (install.s3.bucket !== other.s3.bucket || install.s3.endpoint !== other.s3.endpoint) continue;
      const theirs = [other.s3.artifactPrefix, other.s3.pipelinePrefix];
      for (const option of ['artifactPrefix', 'pipelinePrefix'] as const) {
        const mine = install.s3[option];
        const clash = theirs.find((p) => p === mine || p.startsWith(`${mine}/`) || mine.startsWith(`${p}/`));
        if (clash) {
          problems.add(`${name(i)}${option}: ${JSON.stringify(mine)} overlaps ${JSON.stringify(clash)} of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`} in bucket ${install.s3.bucket}; give each install its own prefixes`);
        }
      }
    }
  });
}

/** The consumers of the install's release whose role is still {@link PLACEHOLDER_ROLE_ARN}, which no cluster can assume. */
export function placeholderRoleConsumers(config: KfpConfig): S3Consumer[] {
  return config.release.s3Consumers.filter((consumer) => config.iam.roles[consumer] === PLACEHOLDER_ROLE_ARN);
}

/** The option that sets the role of `consumer`: its own in `iam.roleArns`, or the shared `iam.roleArn`. */
export function roleOption(iam: IamRole, consumer: S3Consumer): string {
  return iam.roles[consumer] === iam.roleArn ? 'iam.roleArn' : `iam.roleArns.${consumer}`;
}

/** The name of a role given as an ARN (its last path segment) or, for kube2iam, as a name. */
export function iamRoleName(role: string): string {
  return role.slice(role.lastIndexOf('/') + 1);
}

/**
 * Rejects two role ARNs with the same name: `iam/` names the files of a role by its name. A kube2iam role name and an
 * ARN with that name are taken as the same role.
 */
function checkRoleNames(installs: readonly ResolvedInstall[], problems: Problems) {
  const seen = new Map<string, { arn: string; option: string }>();
  installs.forEach((install, i) => {
    const prefix = i === 0 ? '' : `additionalInstalls[${i - 1}].`;
    for (const consumer of S3_CONSUMERS) {
      const role = install.iam.roles[consumer];
      if (!role.includes(':')) continue;
      const option = `${prefix}${roleOption(install.iam, consumer)}`;
      const first = seen.get(iamRoleName(role));
      if (!first) {seen.set(iamRoleName(role), { arn: role, option });} else if (first.arn !== role && !problems.list.some((p) => p.startsWith(`${option}:`))) {
        problems.add(`${option}: ${JSON.stringify(role)} has the name of ${first.option} ${JSON.stringify(first.arn)}; iam/ names each role's files by its name, so give different roles different names`);
      }
    }
  });
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
