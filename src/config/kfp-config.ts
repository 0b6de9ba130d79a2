import { findRelease, DEFAULT_KFP_VERSION, imageOf, KfpRelease, SUPPORTED_KFP_VERSIONS } from '../catalog';
import { IamMechanism, KfpAwsProjectOptions } from '../options';

/** The bucket a repo scaffolded without `--bucket` gets; the README warns while it is in use. */
export const PLACEHOLDER_BUCKET = 'change-me-kfp-artifacts';
/** The role a repo gets without `iam.roleArn`; the README warns while it is in use. */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-kfp-s3-access';

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

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d+$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const S3_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;

/** Applies defaults and validates; throws {@link KfpOptionsError} naming every bad option. */
export function resolveConfig(options: KfpAwsProjectOptions): KfpConfig {
  const problems: string[] = [];
  const check = (ok: boolean, option: string, value: unknown, rule: string) => {
    if (!ok) problems.push(`${option}: ${JSON.stringify(value)} ${rule}`);
  };

  const kfpVersion = options.kfpVersion ?? DEFAULT_KFP_VERSION;
  const release = findRelease(kfpVersion);
  check(!!release, 'kfpVersion', kfpVersion, `is not supported; supported versions: ${SUPPORTED_KFP_VERSIONS.join(', ')}`);

  const namespace = options.namespace ?? 'kubeflow';
  check(namespace.length <= 63 && RFC1123_LABEL.test(namespace), 'namespace', namespace,
    'is not an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)');

  const bucket = options.bucket ?? PLACEHOLDER_BUCKET;
  check(isValidBucketName(bucket), 'bucket', bucket, 'is not a valid S3 bucket name (3-63 lower-case letters, digits, "." and "-")');

  const region = options.region ?? 'us-east-1';
  check(REGION.test(region), 'region', region, 'is not an AWS region such as "eu-west-1"');

  const artifactPrefix = options.artifactPrefix ?? 'artifacts';
  check(S3_PREFIX.test(artifactPrefix), 'artifactPrefix', artifactPrefix, 'is not an S3 key prefix (no leading or trailing "/")');
  const pipelinePrefix = options.pipelinePrefix ?? 'pipelines';
  check(S3_PREFIX.test(pipelinePrefix), 'pipelinePrefix', pipelinePrefix, 'is not an S3 key prefix (no leading or trailing "/")');

  const accessKey: AccessKeySecret = {
    secretName: options.accessKey?.secretName ?? 'ml-pipeline-aws-secret',
    accessKeyIdKey: options.accessKey?.accessKeyIdKey ?? 'accesskey',
    secretAccessKeyKey: options.accessKey?.secretAccessKeyKey ?? 'secretkey',
  };

  const iam: IamRole = {
    mechanism: options.iam?.mechanism ?? IamMechanism.IRSA,
    roleArn: options.iam?.roleArn ?? PLACEHOLDER_ROLE_ARN,
    kube2iamAnnotationKey: options.iam?.kube2iamAnnotationKey ?? 'iam.amazonaws.com/role',
  };

  const storageSize = options.mysql?.storageSize ?? '20Gi';
  check(QUANTITY.test(storageSize), 'mysql.storageSize', storageSize, 'is not a Kubernetes storage quantity such as "20Gi"');
  const mysqlSecretName = options.mysql?.secretName ?? 'mysql-secret';
  check(isDnsSubdomain(mysqlSecretName), 'mysql.secretName', mysqlSecretName, 'is not a valid Secret name');
  check(isDnsSubdomain(accessKey.secretName), 'accessKey.secretName', accessKey.secretName, 'is not a valid Secret name');

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
      pipelineDb: 'mlpipeline',
      metadataDb: 'metadb',
      cacheDb: 'cachedb',
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

function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((label) => RFC1123_LABEL.test(label));
}

function isValidBucketName(name: string): boolean {
  return name.length >= 3 && name.length <= 63
    && /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)
    && !name.includes('..')
    && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
