import type * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { KfpConfig, S3Consumer } from '../config';
import { IamMechanism } from '../options';
import type { Variant } from './variant';

/**
 * The one place that turns the S3 and credential options into what each consumer reads. Every construct that
 * reaches S3 asks here; nothing else writes a bucket, region, endpoint or secret name.
 *
 * Environment variables that only a variant has come first in each list: kustomize's strategic merge puts the items
 * a patch adds in front of the base's, and every overlay must build to exactly its variant's rendering.
 */

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
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      insecure: false,
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
    { name: 'OBJECTSTORECONFIG_PORT', value: '' },
    { name: 'OBJECTSTORECONFIG_REGION', value: s3.region },
    { name: 'OBJECTSTORECONFIG_SECURE', value: 'true' },
    { name: 'OBJECTSTORECONFIG_BUCKETNAME', value: s3.bucket },
    { name: 'OBJECTSTORECONFIG_PIPELINEPATH', value: s3.pipelinePrefix },
  ];
}

/**
 * The `ObjectStoreConfig` of an api server that reads a config file (KFP 0.x): the regional endpoint over TLS and the
 * pipeline folder. It has no keys, in any variant. The image's own config file holds MinIO's keys, and this api server
 * takes an empty environment value for unset, so the empty keys that clear them in 2.x would not: a config file
 * without keys replaces the image's, and the S3 client falls back to the IAM chain. The access-key variant sets the
 * keys from the Secret with {@link OBJECT_STORE_KEY_ENV}.
 */
export function apiServerObjectStoreConfig(config: KfpConfig): Record<string, unknown> {
  const { s3 } = config;
  return {
    Host: s3.endpoint,
    Region: s3.region,
    Secure: true,
    BucketName: s3.bucket,
    PipelineFolder: s3.pipelinePrefix,
  };
}

/**
 * What a pod whose own AWS SDK reads S3 needs: the keys in the access-key variant, and the region in every variant
 * (an IAM role supplies credentials, not the region).
 */
export function awsSdkEnv(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  return [...accessKeyEnv(config, variant), { name: 'AWS_REGION', value: config.s3.region }];
}

/** Where the UI finds the logs Argo archives: same switch, bucket and key layout as Argo's artifact repository. */
export function frontendArchiveEnv(config: KfpConfig): k8s.EnvVar[] {
  const { s3 } = config;
  return [
    { name: 'ARGO_ARCHIVE_LOGS', value: String(s3.archiveLogs) },
    { name: 'ARGO_ARCHIVE_ARTIFACTORY', value: 's3' },
    { name: 'ARGO_ARCHIVE_BUCKETNAME', value: s3.bucket },
    archiveKeys(config).ui,
  ];
}

/**
 * The KFP 2.x UI's S3 settings: where archived logs are, the endpoint and region, and in the access-key variant the
 * keys.
 */
export function frontendS3Env(config: KfpConfig, variant: Variant | undefined): k8s.EnvVar[] {
  return [
    ...awsSdkEnv(config, variant),
    { name: 'AWS_S3_ENDPOINT', value: config.s3.endpoint },
    ...frontendArchiveEnv(config),
  ];
}

/** The root under which the v2 launcher stores artifacts: `s3://<bucket>/<artifactPrefix>`. */
export function defaultPipelineRoot(config: KfpConfig): string {
  return `s3://${config.s3.bucket}/${config.s3.artifactPrefix}`;
}

/**
 * The v2 launcher's `providers` setting: the S3 endpoint and region, and credentials from the Secret (access-key
 * variant) or from the pod's environment (IAM variant: IRSA or instance profile).
 */
export function launcherProviders(config: KfpConfig, variant: Variant | undefined): Record<string, unknown> {
  const { s3, accessKey } = config;
  const credentials = variant === 'accesskey'
    ? { secretRef: { secretName: accessKey.secretName, accessKeyKey: accessKey.accessKeyIdKey, secretKeyKey: accessKey.secretAccessKeyKey } }
    : { fromEnv: true };
  return {
    s3: {
      default: {
        endpoint: s3.endpoint,
        region: s3.region,
        disableSSL: false,
        credentials,
      },
    },
  };
}

/**
 * The pod template the viewer controller merges into TensorBoard pods: the region, the keys in the access-key
 * variant, the viewer's IAM annotation for kube2iam (in `metadata`, beside `spec`: the seed nested it inside `spec`, where it
 * was ignored) and, when given, the ServiceAccount that IRSA annotates.
 */
export function viewerPodTemplate(config: KfpConfig, variant: Variant | undefined, serviceAccountName?: string): Record<string, unknown> {
  const annotations = podAnnotations(config, variant, S3Consumer.VIEWER);
  return {
    ...(annotations ? { metadata: { annotations } } : {}),
    spec: {
      ...(serviceAccountName ? { serviceAccountName } : {}),
      containers: [{ env: awsSdkEnv(config, variant) }],
    },
  };
}
