import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import type { KfpConfig } from '../../config';
import { CacheWebhook } from '../../options';
import type { KfpComponentProps } from '../component';
import { pulledImage } from '../images';
import { KubeConfigMap } from '../kube';

/** The ConfigMap of KFP 2.x install parameters that the workloads read through `configMapKeyRef`. */
export const PIPELINE_INSTALL_CONFIG = 'pipeline-install-config';

/** The keys of {@link PIPELINE_INSTALL_CONFIG}. */
export type InstallConfigKey = keyof ReturnType<typeof allInstallConfigData>;

/** An environment variable read from a key of {@link PIPELINE_INSTALL_CONFIG}; the key type makes a typo a compile error. */
export function installConfigEnv(name: string, key: InstallConfigKey): k8s.EnvVar {
  return { name, valueFrom: { configMapKeyRef: { name: PIPELINE_INSTALL_CONFIG, key } } };
}

/**
 * Only the keys that a container of the install reads through `configMapKeyRef`: upstream's others (`appName`,
 * `bucketName`, `defaultPipelineRoot`, `LOG_LEVEL` and more) are read by no 2.17.0 code, and the bucket and the pipeline
 * root reach their readers elsewhere. The cache server's keys are rendered with the cache server only.
 */
function installConfigData(config: KfpConfig): Partial<ReturnType<typeof allInstallConfigData>> {
  const data = allInstallConfigData(config);
  if (config.cacheWebhook !== CacheWebhook.NONE) return data;
  const { DEFAULT_CACHE_STALENESS, MAXIMUM_CACHE_STALENESS, cacheDb, cacheImage, cacheNodeRestrictions, ...rest } = data;
  return rest;
}

function allInstallConfigData(config: KfpConfig) {
  const { mysql } = config;
  return {
    mysqlHost: mysql.host,
    mysqlPort: String(mysql.port),
    pipelineDb: mysql.pipelineDb,
    mlmdDb: mysql.metadataDb,
    cacheDb: mysql.cacheDb,
    cacheImage: pulledImage(config, 'cacheImage'),
    cacheNodeRestrictions: 'false',
    cronScheduleTimezone: 'UTC',
    ConMaxLifeTime: mysql.connectionMaxLifetime,
    autoUpdatePipelineDefaultVersion: 'true',
    DEFAULT_CACHE_STALENESS: '',
    MAXIMUM_CACHE_STALENESS: '',
    ARTIFACTS_PROXY_ENABLED: 'false',
    BLOCK_V1_PIPELINES: 'false',
    V1_ALLOWED_NAMESPACES: '',
    defaultSecurityContextRunAsUser: '',
    defaultSecurityContextRunAsGroup: '',
    defaultSecurityContextRunAsNonRoot: '',
    defaultSecurityContextHostUsers: '',
  };
}

/** KFP 2.x install parameters (`pipeline-install-config`), computed from the options. */
export class PipelineInstallConfig extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: PIPELINE_INSTALL_CONFIG },
      data: installConfigData(props.config),
    });
  }
}
