import type { k8s } from 'cdk8s-plus-32';
import { KfpConfig, roleConsumers, S3Config, S3Consumer, UI_SIGNING_SECRET } from '../config';
import type { Variant } from './variant';
import { mechanismOf } from '../iam/mechanisms';

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
 * Where Argo puts a step's artifacts and archived logs, in a format whose every field the 2.17.0 UI fills the way Argo
 * does when it reads a log back (`frontend/server/workflow-helper.ts`): the namespace and the pod name, which starts with
 * the workflow's name. The workflow's name and creation date are left out: the UI guesses the first from the pod name
 * and dates a log by its step's start (`frontend/src/components/tabs/RuntimeNodeDetailsV2.tsx`) or not at all (v1 runs).
 */
export function argoKeyFormat(config: KfpConfig): string {
  return `${config.s3.artifactPrefix}/{{workflow.namespace}}/{{pod.name}}`;
}

/**
 * How Argo lays out keys, and the UI setting that finds archived logs there (see `ArgoRelease.archiveKeys`): the same
 * `keyFormat` for both, or Argo's `<keyPrefix>/<workflow>/<pod>/` that the KFP 0.x UI rebuilds from `ARGO_ARCHIVE_PREFIX`.
 */
function archiveKeys(config: KfpConfig): { argo: Record<string, string>; ui: k8s.EnvVar } {
  if (config.release.argo.archiveKeys === 'keyFormat') {
    const keyFormat = argoKeyFormat(config);
    return { argo: { keyFormat }, ui: { name: 'ARGO_KEYFORMAT', value: keyFormat } };
  }
  const prefix = config.s3.artifactPrefix;
  return { argo: { keyPrefix: prefix }, ui: { name: 'ARGO_ARCHIVE_PREFIX', value: prefix } };
}

/** The host that AWS S3 serves every region's buckets from when the client knows the region. */
const AWS_GLOBAL_ENDPOINT = 's3.amazonaws.com';

/**
 * The endpoint Argo writes into every artifact it stores: the store's address, or for AWS S3 the regional or the
 * global endpoint, as the release's UI needs it to link the artifact to S3 (`ArgoRelease.awsEndpoint`).
 */
function argoEndpoint(config: KfpConfig): string {
  const { s3, release } = config;
  return !s3.customEndpoint && release.argo.awsEndpoint === 'global' ? AWS_GLOBAL_ENDPOINT : hostPort(s3);
}

/**
 * Argo's `artifactRepository` (workflow-controller-configmap) for a variant. In the IAM variant, an Argo without
 * `useSDKCreds` needs nothing: given no key Secret, its executor's S3 client asks for IAM credentials itself (minio-go's
 * `NewIAM`: a web-identity token, else the instance metadata endpoint, which kube2iam serves).
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
      endpoint: argoEndpoint(config),
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


/** Whether `consumer`'s pods get an IAM role: in the IAM variant, where the release's images make them reach S3. */
function hasRole(config: KfpConfig, variant: Variant | undefined, consumer: S3Consumer): boolean {
  return variant === 'iam' && roleConsumers(config).includes(consumer);
}

/** Annotations for the ServiceAccount of `consumer`, whose pods reach S3: its role, where the mechanism puts it there (IRSA). */
export function serviceAccountAnnotations(config: KfpConfig, variant: Variant | undefined, consumer: S3Consumer): Record<string, string> | undefined {
  return hasRole(config, variant, consumer) ? mechanismOf(config).serviceAccountAnnotations(config.iam, config.iam.roles[consumer]) : undefined;
}

/** Annotations for a pod template of `consumer`, whose pods reach S3: its role, where the mechanism puts it there (kube2iam). */
export function podAnnotations(config: KfpConfig, variant: Variant | undefined, consumer: S3Consumer): Record<string, string> | undefined {
  return hasRole(config, variant, consumer) ? mechanismOf(config).podAnnotations(config.iam, config.iam.roles[consumer]) : undefined;
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
 * What TensorFlow's own S3 filesystem needs in the TensorBoard viewers (the UI offers `tensorflow/tensorflow` 1.7 to
 * 2.2, all with it; `frontend/src/components/viewers/Tensorboard.tsx`) and the KFP 0.2.3 visualization server
 * (TensorFlow 2.1): {@link awsSdkEnv} and, for an S3-compatible store, where it is. TensorFlow reads `S3_ENDPOINT`
 * (`host[:port]`) and `S3_USE_HTTPS` (`tensorflow/core/platform/s3/s3_file_system.cc`); AWS S3 needs neither.
 */
export function s3ReaderEnv(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    ...awsSdkEnv(config, variant),
    ...(s3.customEndpoint
      ? [{ name: 'S3_ENDPOINT', value: hostPort(s3) }, { name: 'S3_USE_HTTPS', value: s3.tls ? '1' : '0' }]
      : []),
  ];
}

/**
 * Where the UI finds the logs Argo archives: same switch, bucket and key layout as Argo's artifact repository, read
 * with the UI's S3 client (`s3`) or its MinIO client (`minio`).
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

/** The names under which the KFP UI's MinIO client reads its keys. */
const MINIO_KEY_ENV: AccessKeyEnvNames = { accessKeyId: 'MINIO_ACCESS_KEY', secretAccessKey: 'MINIO_SECRET_KEY' };

/**
 * The UI's MinIO client, which every KFP UI has beside its S3 client, aimed at the store (`MINIO_*`, `frontend/server/
 * configs.ts`): its defaults are the bundled MinIO or SeaweedFS with the public key `minio123`. It signs with static
 * keys only: the Secret's in the access-key variant; in the IAM variant empty keys, so that it sends no request signed
 * with the public key. `MINIO_NAMESPACE` is empty: a non-empty one is appended to the host, as for an in-cluster
 * Service. For AWS S3, `host` is the endpoint the release's clients resolve buckets from.
 */
function frontendMinioEnv(config: KfpConfig, variant: Variant | undefined, host: string): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    ...(variant === 'iam'
      ? [{ name: MINIO_KEY_ENV.accessKeyId, value: '' }, { name: MINIO_KEY_ENV.secretAccessKey, value: '' }]
      : accessKeyEnv(config, variant, MINIO_KEY_ENV)),
    { name: 'MINIO_HOST', value: host },
    { name: 'MINIO_NAMESPACE', value: '' },
    { name: 'MINIO_PORT', value: String(portNumber(s3)) },
    { name: 'MINIO_SSL', value: String(s3.tls) },
  ];
}

/**
 * The Secret, created by the secret scripts or ESO (never in Git), with the key the KFP 2.x UI signs TensorBoard proxy
 * paths with; without it the UI signs them with `MINIO_SECRET_KEY`, whose default is the public `minio123`
 * (`frontend/server/configs.ts`, `handlers/tensorboard-proxy.ts`).
 */
export { UI_SIGNING_SECRET };

/**
 * The KFP 2.x UI's S3 settings (`frontend/server/configs.ts`, `minio-helper.ts`). Its S3 client takes the store's host,
 * TLS (`AWS_SSL`, default true) and region, the keys in the access-key variant, and in the IAM variant the AWS
 * credential chain, which it uses only for hosts of AWS S3 (`KfpConfig.s3.awsHost`). It has no port setting: for a
 * store on another port than the scheme's, `MINIO_ENDPOINT_REWRITE` (`<host>=<scheme>://<host>:<port>`, read by
 * `applyEndpointRewrite` in `minio-helper.ts`) gives its every client the port. Its MinIO client (v1 artifacts of a
 * store that is not AWS S3, `minio://` URIs) goes to the same store ({@link frontendMinioEnv}).
 */
export function frontendS3Env(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    ...accessKeyEnv(config, variant),
    ...frontendMinioEnv(config, variant, s3.endpoint),
    { name: 'AWS_REGION', value: s3.region },
    { name: 'AWS_S3_ENDPOINT', value: s3.endpoint },
    ...(s3.customEndpoint ? [{ name: 'AWS_SSL', value: String(s3.tls) }] : []),
    ...(s3.port === undefined ? [] : [{ name: 'MINIO_ENDPOINT_REWRITE', value: `${s3.endpoint}=${s3EndpointUrl(s3)}` }]),
    ...(config.release.uiSigningKey
      ? [{ name: 'TENSORBOARD_PROXY_SIGNING_SECRET', valueFrom: { secretKeyRef: { name: UI_SIGNING_SECRET.name, key: UI_SIGNING_SECRET.key } } }]
      : []),
    ...frontendArchiveEnv(config, 's3'),
  ];
}

/**
 * The KFP 0.x UI's S3 settings (`frontend/server/configs.ts` at 0.2.3). Its S3 client always asks `s3.amazonaws.com`
 * (with the keys in the access-key variant, else instance-profile credentials, which kube2iam serves); it reads the
 * artifacts Argo links to S3 and archived logs. Its MinIO client reads every `mlpipeline-ui-metadata` file, whatever
 * the store (`frontend/src/lib/WorkflowParser.ts`), and every artifact of an S3-compatible store; it signs with static
 * keys only ({@link frontendMinioEnv}). For AWS S3 it gets the global endpoint, which its minio-js resolves to each
 * bucket's region.
 */
export function plainFrontendS3Env(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  const { s3 } = config;
  if (s3.customEndpoint) {
    return [...frontendMinioEnv(config, variant, s3.endpoint), ...frontendArchiveEnv(config, 'minio')];
  }
  return [
    ...accessKeyEnv(config, variant),
    ...frontendMinioEnv(config, variant, AWS_GLOBAL_ENDPOINT),
    ...frontendArchiveEnv(config, 's3'),
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
