import { installRole } from './aws-names';
import type { KfpAwsProjectOptions, KfpInstallOptions } from '../options';

/** The default prefixes of an install's artifacts and pipelines; an additional install inherits them under its namespace. */
export const DEFAULT_ARTIFACT_PREFIX = 'artifacts';
export const DEFAULT_PIPELINE_PREFIX = 'pipelines';

/**
 * An additional install's settings: its own where given, else the top-level ones (prefixes under its namespace, and
 * with `ownRoles` each role given by the top-level `iam` turned into one of the install's own).
 */
export function inherit(top: KfpAwsProjectOptions, install: KfpInstallOptions, namespace: string, ownRoles: boolean): KfpInstallOptions {
  const iam = top.iam && ownRoles ? {
    ...top.iam,
    roleArn: top.iam.roleArn && installRole(top.iam.roleArn, namespace),
    roleArns: top.iam.roleArns && Object.fromEntries(Object.entries(top.iam.roleArns)
      .map(([consumer, role]) => [consumer, role && installRole(role, namespace)])),
  } : top.iam;
  return {
    namespace,
    bucket: install.bucket ?? top.bucket,
    // The key belongs to the bucket: an install with a bucket of its own has its own key, or none.
    bucketKmsKeyArn: install.bucketKmsKeyArn ?? (install.bucket === undefined || install.bucket === top.bucket ? top.bucketKmsKeyArn : undefined),
    region: install.region ?? top.region,
    archiveLogs: install.archiveLogs ?? top.archiveLogs,
    artifactPrefix: install.artifactPrefix ?? `${namespace}/${top.artifactPrefix ?? DEFAULT_ARTIFACT_PREFIX}`,
    pipelinePrefix: install.pipelinePrefix ?? `${namespace}/${top.pipelinePrefix ?? DEFAULT_PIPELINE_PREFIX}`,
    s3Endpoint: install.s3Endpoint ?? top.s3Endpoint,
    accessKey: install.accessKey ?? top.accessKey,
    iam: install.iam ?? iam,
    mysql: install.mysql ?? top.mysql,
    externalDatabase: install.externalDatabase ?? top.externalDatabase,
    cacheWebhook: install.cacheWebhook ?? top.cacheWebhook,
    pods: install.pods ?? top.pods,
    stepPods: install.stepPods ?? top.stepPods,
    resources: install.resources ?? top.resources,
    workflows: install.workflows ?? top.workflows,
    // Not inherited: a second load balancer with the same host would clash.
    uiLoadBalancer: install.uiLoadBalancer,
    // Not inherited: each install's secrets are its own.
    secretsManager: install.secretsManager,
  };
}
