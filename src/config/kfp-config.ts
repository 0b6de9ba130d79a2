import { DEFAULT_KFP_VERSION, findRelease, imageOf, INCOMPATIBLE_RELEASES, KfpDatabase, KfpRelease, SUPPORTED_KFP_VERSIONS } from '../catalog';
import { IamMechanism, KfpAwsProjectOptions } from '../options';
import {
  annotationKeyProblem, bucketNameProblem, dataKeyProblem, dnsLabelProblem, dnsSubdomainProblem, imageProblem,
  keyPrefixProblem, regionProblem, roleArnOrNameProblem, roleArnProblem, storageQuantityProblem,
} from './validation';

/** The bucket a repo scaffolded without `--bucket` gets; the README warns while it is in use. */
export const PLACEHOLDER_BUCKET = 'change-me-kfp-artifacts';
/** The role a repo gets without `iam.roleArn`; the README warns while it is in use. */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-kfp-s3-access';

/** The name of each KFP database in MySQL, as upstream names them. */
const DATABASE_NAMES: Readonly<Record<KfpDatabase, string>> = { pipeline: 'mlpipeline', metadata: 'metadb', cache: 'cachedb' };

/** Where and how KFP stores objects in S3. */
export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  /** The regional S3 endpoint host, without scheme. */
  readonly endpoint: string;
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

/** The role of `overlay/iam`. */
export interface IamRole {
  readonly mechanism: IamMechanism;
  readonly roleArn: string;
  readonly kube2iamAnnotationKey: string;
}

/** The database KFP uses, and the Secret its credentials come from. */
export interface MysqlConfig {
  /** Service host name and port the components connect to. */
  readonly host: string;
  readonly port: number;
  /** Database names: pipelines (api server), ML metadata, cache. */
  readonly pipelineDb: string;
  readonly metadataDb: string;
  readonly cacheDb: string;
  /** The databases of the release's components, which the init script creates. */
  readonly databases: readonly string[];
  readonly image: string;
  readonly storageClassName?: string;
  readonly storageSize: string;
  /** The Secret the user creates; never generated. */
  readonly secret: MysqlSecret;
}

/** Names in the MySQL Secret. */
export interface MysqlSecret {
  readonly name: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
  readonly rootPasswordKey: string;
}

/**
 * The options with every default applied and every value checked: the one input of the constructs, the layout and
 * the docs.
 */
export interface KfpConfig {
  readonly release: KfpRelease;
  readonly namespace: string;
  readonly s3: S3Config;
  readonly accessKey: AccessKeySecret;
  readonly iam: IamRole;
  readonly mysql: MysqlConfig;
}

/** Thrown when options hold values that cannot be deployed; lists every problem at once. */
export class KfpOptionsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid kfp-aws-project options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KfpOptionsError';
  }
}

/** Applies defaults and validates; throws {@link KfpOptionsError} naming every bad option and value. */
export function resolveConfig(options: KfpAwsProjectOptions): KfpConfig {
  const problems: string[] = [];
  const check = (option: string, value: string, problem: (v: string) => string | undefined) => {
    const why = problem(value);
    if (why) problems.push(`${option}: ${JSON.stringify(value)} ${why}`);
  };

  const kfpVersion = options.kfpVersion ?? DEFAULT_KFP_VERSION;
  const release = findRelease(kfpVersion);
  check('kfpVersion', kfpVersion, () => {
    if (release) return undefined;
    const why = INCOMPATIBLE_RELEASES[kfpVersion];
    return `is not supported${why ? ` (${why})` : ''}; supported versions: ${SUPPORTED_KFP_VERSIONS.join(', ')}`;
  });

  const namespace = options.namespace ?? 'kubeflow';
  check('namespace', namespace, dnsLabelProblem);

  const bucket = options.bucket ?? PLACEHOLDER_BUCKET;
  check('bucket', bucket, bucketNameProblem);
  const region = options.region ?? 'us-east-1';
  check('region', region, regionProblem);
  const artifactPrefix = options.artifactPrefix ?? 'artifacts';
  check('artifactPrefix', artifactPrefix, keyPrefixProblem);
  const pipelinePrefix = options.pipelinePrefix ?? 'pipelines';
  check('pipelinePrefix', pipelinePrefix, keyPrefixProblem);

  const accessKey: AccessKeySecret = {
    secretName: options.accessKey?.secretName ?? 'ml-pipeline-aws-secret',
    accessKeyIdKey: options.accessKey?.accessKeyIdKey ?? 'accesskey',
    secretAccessKeyKey: options.accessKey?.secretAccessKeyKey ?? 'secretkey',
  };
  check('accessKey.secretName', accessKey.secretName, dnsSubdomainProblem);
  check('accessKey.accessKeyIdKey', accessKey.accessKeyIdKey, dataKeyProblem);
  check('accessKey.secretAccessKeyKey', accessKey.secretAccessKeyKey, dataKeyProblem);
  if (accessKey.accessKeyIdKey === accessKey.secretAccessKeyKey) {
    problems.push(`accessKey.secretAccessKeyKey: ${JSON.stringify(accessKey.secretAccessKeyKey)} must differ from accessKey.accessKeyIdKey`);
  }

  const iam: IamRole = {
    mechanism: options.iam?.mechanism ?? release?.defaultIamMechanism ?? IamMechanism.IRSA,
    roleArn: options.iam?.roleArn ?? PLACEHOLDER_ROLE_ARN,
    kube2iamAnnotationKey: options.iam?.kube2iamAnnotationKey ?? 'iam.amazonaws.com/role',
  };
  check('iam.mechanism', iam.mechanism, (m) => Object.values<string>(IamMechanism).includes(m)
    ? undefined : `is not one of ${Object.values(IamMechanism).join(', ')}`);
  check('iam.roleArn', iam.roleArn, iam.mechanism === IamMechanism.IRSA ? roleArnProblem : roleArnOrNameProblem);
  check('iam.kube2iamAnnotationKey', iam.kube2iamAnnotationKey, annotationKeyProblem);

  const storageSize = options.mysql?.storageSize ?? '20Gi';
  check('mysql.storageSize', storageSize, storageQuantityProblem);
  const mysqlSecretName = options.mysql?.secretName ?? 'mysql-secret';
  check('mysql.secretName', mysqlSecretName, dnsSubdomainProblem);
  if (options.mysql?.image !== undefined) check('mysql.image', options.mysql.image, imageProblem);
  if (options.mysql?.storageClassName !== undefined) check('mysql.storageClassName', options.mysql.storageClassName, dnsSubdomainProblem);

  if (problems.length > 0 || !release) {
    throw new KfpOptionsError(problems);
  }

  return {
    release,
    namespace,
    s3: {
      bucket,
      region,
      endpoint: s3Endpoint(region),
      artifactPrefix,
      pipelinePrefix,
      archiveLogs: options.archiveLogs ?? true,
    },
    accessKey,
    iam,
    mysql: {
      host: 'mysql',
      port: 3306,
      pipelineDb: DATABASE_NAMES.pipeline,
      metadataDb: DATABASE_NAMES.metadata,
      cacheDb: DATABASE_NAMES.cache,
      databases: release.mysql.databases.map((db) => DATABASE_NAMES[db]),
      image: options.mysql?.image ?? imageOf(release, 'mysql'),
      storageClassName: options.mysql?.storageClassName,
      storageSize,
      secret: { name: mysqlSecretName, usernameKey: 'username', passwordKey: 'password', rootPasswordKey: 'root-password' },
    },
  };
}

/** The regional S3 endpoint host of `region` (the China partition has its own domain). */
export function s3Endpoint(region: string): string {
  return region.startsWith('cn-') ? `s3.${region}.amazonaws.com.cn` : `s3.${region}.amazonaws.com`;
}
