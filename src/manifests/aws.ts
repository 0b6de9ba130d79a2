import type * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { KfpConfig, S3Config, S3Consumer } from '../config';
import { IamMechanism } from '../options';
import type { Variant } from './variant';

/**
 * The one place that turns the S3 and credential options into what each consumer reads. Every construct that
 * reaches S3 asks here; nothing else writes a bucket, region, endpoint or secret name.
 *
 * Environment variables that only a variant has come first in each list: kustomize's strategic merge puts the items
 * a patch adds in front of the base's, and every overlay must build to exactly its variant's rendering.
 */

/** The store's address for clients that take `host[:port]`: the port only when `s3Endpoint` sets one. */
function hostPort(s3: S3Config): string {
  return s3.port === undefined ? s3.endpoint : `${s3.endpoint}:${s3.port}`;
}

/** The store's port, with the scheme's default for clients that need a number. */
function portNumber(s3: S3Config): number {
  return s3.port ?? (s3.tls ? 443 : 80);
}

/** The store's URL, for clients that take the scheme with the address (and for the README). */
export function s3EndpointUrl(s3: S3Config): string {
  return `${s3.tls ? 'https' : 'http'}://${hostPort(s3)}`;
}

/**
 * Where Argo puts a step's artifacts and archived logs. Namespace, workflow and date in the key keep runs apart; the
 * UI reads logs back with the same format.
 */
export function argoKeyFormat(config: KfpConfig): string {
  return `${config.s3.artifactPrefix}/{{workflow.namespace}}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}`;
}

/**
 * How Argo lays out keys, and the UI setting that finds archived logs there. An Argo without `keyFormat` stores a step's
 * files under `<keyPrefix>/<workflow>/<pod>/`, and the UI of that generation reads a step's log from
 * `<ARGO_ARCHIVE_PREFIX>/<workflow>/<pod>/main.log`: the same prefix makes both agree.
 */
function archiveKeys(config: KfpConfig): { argo: Record<string, string>; ui: k8s.EnvVar } {
  if (config.release.argo.keyFormat) {
    const keyFormat = argoKeyFormat(config);
    return { argo: { keyFormat }, ui: { name: 'ARGO_KEYFORMAT', value: keyFormat } };
  }
  const prefix = config.s3.artifactPrefix;
  return { argo: { keyPrefix: prefix }, ui: { name: 'ARGO_ARCHIVE_PREFIX', value: prefix } };
}

/**
 * Argo's `artifactRepository` (workflow-controller-configmap) for a variant. In the IAM variant, an Argo without
 * `useSDKCreds` needs nothing: given no key Secret, its S3 client asks the instance metadata endpoint, which kube2iam
 * serves.
 */
export function argoArtifactRepository(config: KfpConfig, variant: Variant | undefined): Record<string, unknown> {
  const { s3, accessKey, release } = config;
  const credentials = variant === 'accesskey'
    ? {
      accessKeySecret: { name: accessKey.secretName, key: accessKey.accessKeyIdKey },
      secretKeySecret: { name: accessKey.secretName, key: accessKey.secretAccessKeyKey },
    }
    : variant === 'iam' && release.argo.sdkCredentials ? { useSDKCreds: true } : {};
  return {
    archiveLogs: s3.archiveLogs,
    s3: {
      endpoint: hostPort(s3),
      bucket: s3.bucket,
      region: s3.region,
      insecure: !s3.tls,
      ...archiveKeys(config).argo,
      ...credentials,
    },
  };
}

/** Names of the two environment variables a consumer reads its access key from. */
export interface AccessKeyEnvNames {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The AWS SDK's own variable names. */
export const AWS_SDK_ENV: AccessKeyEnvNames = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' };

/** The api server's names for the keys of its object store (viper maps them onto `ObjectStoreConfig`). */
export const OBJECT_STORE_KEY_ENV: AccessKeyEnvNames = { accessKeyId: 'OBJECTSTORECONFIG_ACCESSKEY', secretAccessKey: 'OBJECTSTORECONFIG_SECRETACCESSKEY' };

/** Environment variables that carry the access key from the Secret, in the access-key variant only. */
export function accessKeyEnv(config: KfpConfig, variant: Variant | undefined, names: AccessKeyEnvNames = AWS_SDK_ENV): k8s.EnvVar[] {
  if (variant !== 'accesskey') return [];
  const { secretName, accessKeyIdKey, secretAccessKeyKey } = config.accessKey;
  return [
    { name: names.accessKeyId, valueFrom: { secretKeyRef: { name: secretName, key: accessKeyIdKey } } },
    { name: names.secretAccessKey, valueFrom: { secretKeyRef: { name: secretName, key: secretAccessKeyKey } } },
  ];
}

/** The ServiceAccount annotation through which EKS gives a pod an IAM role (IRSA). */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Annotations for the ServiceAccount of `consumer`, whose pods reach S3 (IRSA): the consumer's role. */
export function serviceAccountAnnotations(config: KfpConfig, variant: Variant | undefined, consumer: S3Consumer): Record<string, string> | undefined {
  if (variant !== 'iam' || config.iam.mechanism !== IamMechanism.IRSA) return undefined;
  return { [IRSA_ROLE_ANNOTATION]: config.iam.roles[consumer] };
}

/** Annotations for a pod template of `consumer`, whose pod reaches S3 (kube2iam): the consumer's role. */
export function podAnnotations(config: KfpConfig, variant: Variant | undefined, consumer: S3Consumer): Record<string, string> | undefined {
  if (variant !== 'iam' || config.iam.mechanism !== IamMechanism.KUBE2IAM) return undefined;
  return { [config.iam.kube2iamAnnotationKey]: config.iam.roles[consumer] };
}

/**
 * The KFP 2.x api server's object store settings (`OBJECTSTORECONFIG_*`, read through viper). In the IAM variant
 * both keys are set and empty: the api server then uses the AWS SDK's default chain (IRSA, instance profile).
 */
export function apiServerObjectStoreEnv(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  const keys: k8s.EnvVar[] = variant === 'iam'
    ? [{ name: 'OBJECTSTORECONFIG_ACCESSKEY', value: '' }, { name: 'OBJECTSTORECONFIG_SECRETACCESSKEY', value: '' }]
    : accessKeyEnv(config, variant, OBJECT_STORE_KEY_ENV);
  return [
    ...keys,
    { name: 'OBJECTSTORECONFIG_HOST', value: s3.endpoint },
    // Empty: the scheme's default port.
    { name: 'OBJECTSTORECONFIG_PORT', value: s3.port === undefined ? '' : String(s3.port) },
    { name: 'OBJECTSTORECONFIG_REGION', value: s3.region },
    { name: 'OBJECTSTORECONFIG_SECURE', value: String(s3.tls) },
    { name: 'OBJECTSTORECONFIG_BUCKETNAME', value: s3.bucket },
    { name: 'OBJECTSTORECONFIG_PIPELINEPATH', value: s3.pipelinePrefix },
  ];
}

/**
 * The `ObjectStoreConfig` of an api server that reads a config file (KFP 0.x): the store's host, port (when
 * `s3Endpoint` sets one; the api server joins it to the host) and TLS, and the pipeline folder. It has no keys, in any
 * variant. The image's own config file holds MinIO's keys, and this api server takes an empty environment value for
 * unset, so the empty keys that clear them in 2.x would not: a config file without keys replaces the image's, and the
 * S3 client falls back to the IAM chain. The access-key variant sets the keys from the Secret with
 * {@link OBJECT_STORE_KEY_ENV}.
 */
export function apiServerObjectStoreConfig(config: KfpConfig): Record<string, unknown> {
  const { s3 } = config;
  return {
    Host: s3.endpoint,
    ...(s3.port === undefined ? {} : { Port: String(s3.port) }),
    Region: s3.region,
    Secure: s3.tls,
    BucketName: s3.bucket,
    PipelineFolder: s3.pipelinePrefix,
  };
}

/**
 * What a pod whose own AWS SDK reads S3 needs: the keys in the access-key variant, and the region in every variant
 * (an IAM role supplies credentials, not the region).
 */
function awsSdkEnv(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  return [...accessKeyEnv(config, variant), { name: 'AWS_REGION', value: config.s3.region }];
}

/**
 * What the Python S3 clients of the TensorBoard viewers and the visualization server need: {@link awsSdkEnv} and, for
 * an S3-compatible store, where it is. TensorFlow's S3 filesystem reads `S3_ENDPOINT` (`host[:port]`) and
 * `S3_USE_HTTPS` (and verifies certificates unless `S3_VERIFY_SSL=0`, which stays unset); boto3 and the other AWS SDKs
 * read `AWS_ENDPOINT_URL_S3`. AWS S3 needs neither: the clients derive its endpoint from the region.
 */
export function s3ReaderEnv(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    ...awsSdkEnv(config, variant),
    ...(s3.customEndpoint
      ? [
        { name: 'S3_ENDPOINT', value: hostPort(s3) },
        { name: 'S3_USE_HTTPS', value: s3.tls ? '1' : '0' },
        { name: 'AWS_ENDPOINT_URL_S3', value: s3EndpointUrl(s3) },
      ]
      : []),
  ];
}

/**
 * Where the UI finds the logs Argo archives: same switch, bucket and key layout as Argo's artifact repository, read
 * with the UI's S3 client or, where only that one reaches the store, its MinIO client.
 */
function frontendArchiveEnv(config: KfpConfig, artifactory: 's3' | 'minio'): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    { name: 'ARGO_ARCHIVE_LOGS', value: String(s3.archiveLogs) },
    { name: 'ARGO_ARCHIVE_ARTIFACTORY', value: artifactory },
    { name: 'ARGO_ARCHIVE_BUCKETNAME', value: s3.bucket },
    archiveKeys(config).ui,
  ];
}

/**
 * The KFP 2.x UI's S3 settings: where archived logs are, the endpoint and region, and in the access-key variant the
 * keys. For an S3-compatible store also TLS (`AWS_SSL`, which defaults to true) and the port. The frontend's current
 * source reads `AWS_S3_PORT`; whether the 2.17.0 frontend does could not be confirmed, and a frontend that does not
 * reaches the store on the scheme's default port.
 */
export function frontendS3Env(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    ...awsSdkEnv(config, variant),
    { name: 'AWS_S3_ENDPOINT', value: s3.endpoint },
    ...(s3.customEndpoint ? [{ name: 'AWS_SSL', value: String(s3.tls) }] : []),
    ...(s3.port === undefined ? [] : [{ name: 'AWS_S3_PORT', value: String(s3.port) }]),
    ...frontendArchiveEnv(config, 's3'),
  ];
}

/** The names under which the KFP 0.x UI's MinIO client reads its keys. */
const MINIO_KEY_ENV: AccessKeyEnvNames = { accessKeyId: 'MINIO_ACCESS_KEY', secretAccessKey: 'MINIO_SECRET_KEY' };

/**
 * The KFP 0.x UI's S3 settings. Its S3 client always asks `s3.amazonaws.com` (with the keys in the access-key variant,
 * else the instance profile), so for AWS S3 it needs only the archived logs' location. For an S3-compatible store it
 * reads archived logs, and the artifacts Argo stores (the UI picks its S3 client only for endpoints that name
 * `s3.amazonaws.com`), with its MinIO client, which takes the host, port, TLS and keys; that client has no IAM
 * credentials, so in the IAM variant it cannot sign.
 */
export function plainFrontendS3Env(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  if (!s3.customEndpoint) return [...accessKeyEnv(config, variant), ...frontendArchiveEnv(config, 's3')];
  return [
    ...accessKeyEnv(config, variant),
    ...accessKeyEnv(config, variant, MINIO_KEY_ENV),
    { name: 'MINIO_HOST', value: s3.endpoint },
    // The client appends a non-empty MINIO_NAMESPACE (default `kubeflow`) to the host, as for an in-cluster Service.
    { name: 'MINIO_NAMESPACE', value: '' },
    { name: 'MINIO_PORT', value: String(portNumber(s3)) },
    { name: 'MINIO_SSL', value: String(s3.tls) },
    ...frontendArchiveEnv(config, 'minio'),
  ];
}

/** The root under which the v2 launcher stores artifacts: `s3://<bucket>/<artifactPrefix>`. */
export function defaultPipelineRoot(config: KfpConfig): string {
  return `s3://${config.s3.bucket}/${config.s3.artifactPrefix}`;
}

/**
 * The v2 launcher's `providers` setting: the S3 endpoint and region, and credentials from the Secret (access-key
 * variant) or from the pod's environment (IAM variant: IRSA or instance profile). `forcePathStyle` is written for an
 * S3-compatible store only: left out, the launcher addresses buckets by path, which AWS S3 serves too.
 */
export function launcherProviders(config: KfpConfig, variant: Variant | undefined): Record<string, unknown> {
  const { s3, accessKey } = config;
  const credentials = variant === 'accesskey'
    ? { secretRef: { secretName: accessKey.secretName, accessKeyKey: accessKey.accessKeyIdKey, secretKeyKey: accessKey.secretAccessKeyKey } }
    : { fromEnv: true };
  return {
    s3: {
      default: {
        endpoint: hostPort(s3),
        region: s3.region,
        disableSSL: !s3.tls,
        ...(s3.customEndpoint ? { forcePathStyle: s3.pathStyle } : {}),
        credentials,
      },
    },
  };
}

/**
 * The pod template the viewer controller merges into TensorBoard pods: the region (and an S3-compatible store's
 * address, {@link s3ReaderEnv}), the keys in the access-key variant, the viewer's IAM annotation for kube2iam (in
 * `metadata`, beside `spec`: the seed nested it inside `spec`, where it was ignored) and, when given, the
 * ServiceAccount that IRSA annotates.
 */
export function viewerPodTemplate(config: KfpConfig, variant: Variant | undefined, serviceAccountName?: string): Record<string, unknown> {
  const annotations = podAnnotations(config, variant, S3Consumer.VIEWER);
  return {
    ...(annotations ? { metadata: { annotations } } : {}),
    spec: {
      ...(serviceAccountName ? { serviceAccountName } : {}),
      containers: [{ env: s3ReaderEnv(config, variant) }],
    },
  };
}
