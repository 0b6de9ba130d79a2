import { resolvePods } from './pods';
import {
  ComponentName, DEFAULT_KFP_VERSION, findRelease, imageOf, INCOMPATIBLE_RELEASES, KfpDatabase, KfpRelease, S3_CONSUMERS, S3Consumer,
  SUPPORTED_KFP_VERSIONS,
} from '../catalog';
import { isAwsS3Host, awsPartition, installRole, isPlaceholderRole, s3Endpoint } from './aws-names';
import { CloudFormationConfig, resolveCloudFormation } from './cloud-formation';
import { checkCollisions, checkRoleNames, Problems, ResolvedInstall } from './collisions';
import { gitopsTools, resolveGitOps } from './gitops';
import { resolveImages } from './image-options';
import { imageProblem } from './images';
import { DEFAULT_ARTIFACT_PREFIX, DEFAULT_PIPELINE_PREFIX, inherit } from './inherit';
import { optionShapeProblems } from './option-shapes';
import { checkSecretsManagerInstalls, resolveSecretsManager } from './secrets-manager';
import {
  AccessKeySecret, GitOpsConfig, IamRole, INSTALLS_DIR, KfpConfig, MYSQL_CA_KEY, PLACEHOLDER_BUCKET, PLACEHOLDER_NODE_ROLE_ARN,
  PLACEHOLDER_CLUSTER_NAME, PLACEHOLDER_OIDC_PROVIDER, PLACEHOLDER_ROLE_ARN, RoleSource, TRUST_POLICY_QUOTA,
} from './types';
import { checkUiLoadBalancers, resolveUiLoadBalancer } from './ui-load-balancer';
import {
  annotationKeyProblem, bucketNameProblem, dataKeyProblem, dnsLabelProblem, dnsSubdomainProblem,
  durationProblem, eksClusterNameProblem, hostProblem, keyPrefixProblem, kmsKeyArnProblem, oidcProviderProblem, portProblem, regionProblem,
  roleArnOrNameProblem, roleArnProblem, roleNameLengthProblem, storageQuantityProblem, trustPolicyQuotaProblem,
} from './validation';
import { VARIANTS } from './variant';
import { IAM_MECHANISMS, IAM_OPTION_OWNERS } from '../iam/mechanisms';
import { CacheWebhook, IamMechanism, IamRoleArns, KfpAwsProjectOptions, KfpInstallOptions } from '../options';

/** The name of each KFP database in MySQL, as upstream names them. */
const DATABASE_NAMES: Readonly<Record<KfpDatabase, string>> = { pipeline: 'mlpipeline', metadata: 'metadb', cache: 'cachedb' };

export { S3Consumer, S3_CONSUMERS } from '../catalog';

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
 * {@link KfpOptionsError} naming every bad option and value, and installs that would collide. Whether IAM takes the
 * documents written from the installs (their length) is `checkIamQuotas`'s, in `src/iam`, which the project calls next.
 */
export function resolveInstalls(options: KfpAwsProjectOptions): KfpConfig[] {
  return resolveRepo(options).installs;
}

/** Every option of the repo, resolved: the installs and `gitops`. */
export interface RepoConfig {
  readonly installs: KfpConfig[];
  /** `undefined` without `gitops`. */
  readonly gitops?: GitOpsConfig;
  /** `undefined` without `cloudFormation`. */
  readonly cloudFormation?: CloudFormationConfig;
}

/**
 * Applies defaults and validates every option: the installs as {@link resolveInstalls} does, and `gitops`. Throws
 * {@link KfpOptionsError} naming every problem of both.
 */
export function resolveRepo(options: KfpAwsProjectOptions): RepoConfig {
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

  const first = resolveInstall(options, { release, problems, prefix: '', root: '', roles: 'own' });
  const additional = (options.additionalInstalls ?? []).map((install, i) => {
    const prefix = `additionalInstalls[${i}].`;
    const namespace = install.namespace;
    if (namespace === undefined) problems.add(`${prefix}namespace: is required`);
    const name = namespace ?? `install-${i}`;
    // Without an `iam` of its own, an install shares the top-level roles only where session-tag isolation keeps each
    // pod to its own prefixes; else it gets roles of its own, so that no install can reach another's objects.
    const roles: RoleSource = install.iam ? 'own' : options.iam?.sessionTagIsolation ? 'shared' : 'derived';
    return resolveInstall(inherit(options, install, name, roles === 'derived'), {
      release, problems, prefix, root: `${INSTALLS_DIR}/${name}`, roles,
    });
  });
  const installs = [first, ...additional];
  checkCollisions(installs, problems);
  checkRoleNames(installs, problems);
  checkUiLoadBalancers(installs, problems);
  checkSecretsManagerInstalls(installs, problems);
  const gitops = resolveGitOps(options.gitops, installs, problems);
  const images = resolveImages(options.images, release, installs.map((install) => install.mysql.image).filter((image) => image !== ''), problems);

  const tools = gitopsTools(options.gitops);
  const resolved: KfpConfig[] = release ? installs.map((install) => ({ ...install, release, gitopsTools: tools, images })) : [];
  const cloudFormation = resolveCloudFormation(options.cloudFormation, resolved, problems);

  if (problems.list.length > 0 || !release) {
    throw new KfpOptionsError(problems.list);
  }
  return { installs: resolved, gitops, cloudFormation };
}


interface InstallContext {
  readonly release: KfpRelease | undefined;
  readonly problems: Problems;
  /** Prepended to option names in problems: `""` or `additionalInstalls[<i>].`. */
  readonly prefix: string;
  readonly root: string;
  readonly roles: RoleSource;
}

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
  // With session-tag isolation, every prefix starts with the install's namespace, which the policies match against the
  // session tag `kubernetes-namespace`; an additional install's defaults already do.
  const isolated = options.iam?.sessionTagIsolation === true;
  const artifactPrefix = options.artifactPrefix ?? (isolated && !root ? `${namespace}/${DEFAULT_ARTIFACT_PREFIX}` : DEFAULT_ARTIFACT_PREFIX);
  check('artifactPrefix', artifactPrefix, keyPrefixProblem);
  const pipelinePrefix = options.pipelinePrefix ?? (isolated && !root ? `${namespace}/${DEFAULT_PIPELINE_PREFIX}` : DEFAULT_PIPELINE_PREFIX);
  check('pipelinePrefix', pipelinePrefix, keyPrefixProblem);
  if (isolated) {
    for (const [option, value] of [['artifactPrefix', artifactPrefix], ['pipelinePrefix', pipelinePrefix]] as const) {
      check(option, value, (v) => (v.startsWith(`${namespace}/`) ? undefined
        : `must start with the namespace ${JSON.stringify(`${namespace}/`)} with iam.sessionTagIsolation: the policies grant each pod the prefixes under its own namespace`));
    }
  }
  if (artifactPrefix.startsWith(`${pipelinePrefix}/`) || pipelinePrefix.startsWith(`${artifactPrefix}/`) || artifactPrefix === pipelinePrefix) {
    problem('pipelinePrefix', `${JSON.stringify(pipelinePrefix)} must not overlap artifactPrefix ${JSON.stringify(artifactPrefix)}: the IAM policies give each a different access`);
  }

  const endpoint = options.s3Endpoint;
  if (endpoint) {
    check('s3Endpoint.host', endpoint.host, hostProblem);
    if (endpoint.port !== undefined) check('s3Endpoint.port', String(endpoint.port), portProblem);
  }
  const awsHost = endpoint === undefined || isAwsS3Host(endpoint.host);
  const kmsKeyArn = options.bucketKmsKeyArn;
  if (kmsKeyArn !== undefined) {
    check('bucketKmsKeyArn', kmsKeyArn, (v) => kmsKeyArnProblem(v, awsPartition(region)) ?? (awsHost ? undefined
      : `is a KMS key of AWS S3, but the install's store (s3Endpoint ${endpoint!.host}) is not AWS S3, whose pods get no IAM policies; remove bucketKmsKeyArn`));
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
  const spec = IAM_MECHANISMS[mechanism];
  // A setting of another mechanism means the mechanism is not the one the user has in mind (a release's default
  // changed under it, or a mechanism was switched without its settings): refuse rather than drop it.
  for (const [option, owner] of Object.entries(IAM_OPTION_OWNERS)) {
    if (options.iam?.[option as keyof typeof IAM_OPTION_OWNERS] === undefined || owner === mechanism) continue;
    const why = options.iam?.mechanism ? '' : ` (the default of KFP ${release?.version ?? kfpVersionOf(options)})`;
    problem(`iam.${option}`, `is read only with iam.mechanism ${JSON.stringify(owner)}, but the mechanism is ${JSON.stringify(mechanism)}${why}: set iam.mechanism to IamMechanism.${enumKey(owner)}, or remove iam.${option}`);
  }
  const roleProblem = spec.roleByName ? roleArnOrNameProblem : roleArnProblem;
  // A placeholder is never created; a role derived for the install names what it comes from.
  const roleNameProblem = (v: string) => {
    const why = isPlaceholderRole(v) ? undefined : roleNameLengthProblem(v);
    return why && context.roles === 'derived'
      ? `is the role the install gets in place of the top-level one (its name with "-${namespace}" appended, so that the install reaches only its own prefixes), and ${why}: give the install an \`iam\` of its own with its role, or shorten the top-level role's name or the namespace`
      : why;
  };
  // An additional install gets a placeholder of its own, as it would a role, unless it shares the top-level roles.
  const roleArn = options.iam?.roleArn ?? (root && context.roles !== 'shared' ? installRole(PLACEHOLDER_ROLE_ARN, namespace) : PLACEHOLDER_ROLE_ARN);
  check('iam.roleArn', roleArn, (v) => roleProblem(v) ?? roleNameProblem(v));
  const roleArns: IamRoleArns = options.iam?.roleArns ?? {};
  for (const [key, value] of Object.entries(roleArns)) {
    if (value === undefined) continue;
    check(`iam.roleArns.${key}`, value, (v) => roleProblem(v) ?? roleNameProblem(v));
    if (release && !release.s3Consumers.includes(key as S3Consumer)) {
      check(`iam.roleArns.${key}`, value, () => `is not used: in KFP ${release.version} the ${key} does not reach S3 (see the README's IAM roles); remove it`);
    }
    const roleLimit = release?.roleLimits?.[mechanism]?.[key as S3Consumer];
    if (roleLimit) check(`iam.roleArns.${key}`, value, () => `is not used: with ${spec.title} in KFP ${release!.version}, ${roleLimit}; remove it`);
  }
  const roles = Object.fromEntries(S3_CONSUMERS.map((consumer) => [consumer, roleArns[consumer] ?? roleArn])) as Record<S3Consumer, string>;
  const iam: IamRole = {
    mechanism,
    roleArn,
    roles,
    kube2iamAnnotationKey: options.iam?.kube2iamAnnotationKey ?? 'iam.amazonaws.com/role',
    oidcProvider: options.iam?.oidcProvider ?? PLACEHOLDER_OIDC_PROVIDER,
    nodeRoleArn: options.iam?.nodeRoleArn ?? PLACEHOLDER_NODE_ROLE_ARN,
    clusterName: options.iam?.clusterName ?? PLACEHOLDER_CLUSTER_NAME,
    ackAssociations: options.iam?.ackAssociations ?? false,
    sessionTagIsolation: isolated,
    roleSource: context.roles,
    trustPolicyQuota: options.iam?.trustPolicyQuota ?? TRUST_POLICY_QUOTA.default,
  };
  check('iam.trustPolicyQuota', String(iam.trustPolicyQuota), (v) => trustPolicyQuotaProblem(Number(v)));
  if (options.iam?.clusterName !== undefined) check('iam.clusterName', iam.clusterName, eksClusterNameProblem);
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

  const secretsManager = resolveSecretsManager(options.secretsManager, {
    release,
    mechanism,
    region,
    externalDatabase: external !== undefined,
    accessKey,
    problems,
    prefix,
    mysqlSecret: { name: mysqlSecretName, ...MYSQL_SECRET_KEYS },
  });

  const tls = endpoint?.tls ?? true;
  return {
    namespace,
    root,
    optionPrefix: prefix,
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
      ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
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
      secret: { name: mysqlSecretName, ...MYSQL_SECRET_KEYS },
    },
    variants: VARIANTS.filter((variant) => variant !== 'iam' || awsHost),
    cacheWebhook,
    pods: resolvePods(options, release, problem),
    uiLoadBalancer: resolveUiLoadBalancer(options.uiLoadBalancer, problem),
    secretsManager,
  };
}

/** The keys of the MySQL Secret, as the components read them. */
const MYSQL_SECRET_KEYS = { usernameKey: 'username', passwordKey: 'password', rootPasswordKey: 'root-password' } as const;

/** The release component of the cache server, which {@link CacheWebhook} needs. */
const CACHE_SERVER_COMPONENT: ComponentName = 'cache-server';

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

/** The KFP version `options` ask for, as validation names it. */
const kfpVersionOf = (options: KfpInstallOptions) => (options as KfpAwsProjectOptions).kfpVersion ?? DEFAULT_KFP_VERSION;

/** The name of a member of {@link IamMechanism} by its value (`podIdentity` → `POD_IDENTITY`). */
const enumKey = (mechanism: IamMechanism) => Object.entries(IamMechanism).find(([, value]) => value === mechanism)![0];
