import type * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import type { KfpConfig } from '../config';
import { IamMechanism } from '../options';
import type { Variant } from './variant';

/**
 * The one place that turns the S3 and credential options into what each consumer reads. Every construct that
 * reaches S3 asks here; nothing else writes a bucket, region, endpoint or secret name.
 */

/** Argo's `artifactRepository` (workflow-controller-configmap) for a variant. */
export function argoArtifactRepository(config: KfpConfig, variant: Variant | undefined): Record<string, unknown> {
  const { s3, accessKey } = config;
  const credentials = variant === 'accesskey'
    ? {
      accessKeySecret: { name: accessKey.secretName, key: accessKey.accessKeyIdKey },
      secretKeySecret: { name: accessKey.secretName, key: accessKey.secretAccessKeyKey },
    }
    : variant === 'iam' ? { useSDKCreds: true } : {};
  return {
    archiveLogs: s3.archiveLogs,
    s3: {
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      insecure: false,
      // Namespace, workflow and date in the key keep artifacts of different runs apart.
      keyFormat: `${s3.artifactPrefix}/{{workflow.namespace}}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}`,
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

/** Environment variables that carry the access key from the Secret, in the access-key variant only. */
export function accessKeyEnv(config: KfpConfig, variant: Variant | undefined, names: AccessKeyEnvNames = AWS_SDK_ENV): k8s.EnvVar[] {
  if (variant !== 'accesskey') return [];
  const { secretName, accessKeyIdKey, secretAccessKeyKey } = config.accessKey;
  return [
    { name: names.accessKeyId, valueFrom: { secretKeyRef: { name: secretName, key: accessKeyIdKey } } },
    { name: names.secretAccessKey, valueFrom: { secretKeyRef: { name: secretName, key: secretAccessKeyKey } } },
  ];
}

/** Annotations for a ServiceAccount whose pods reach S3 (IRSA). */
export function serviceAccountAnnotations(config: KfpConfig, variant: Variant | undefined): Record<string, string> | undefined {
  if (variant !== 'iam' || config.iam.mechanism !== IamMechanism.IRSA) return undefined;
  return { 'eks.amazonaws.com/role-arn': config.iam.roleArn };
}

/** Annotations for a pod template whose pod reaches S3 (kube2iam). */
export function podAnnotations(config: KfpConfig, variant: Variant | undefined): Record<string, string> | undefined {
  if (variant !== 'iam' || config.iam.mechanism !== IamMechanism.KUBE2IAM) return undefined;
  return { [config.iam.kube2iamAnnotationKey]: config.iam.roleArn };
}
