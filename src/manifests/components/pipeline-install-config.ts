import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpConfig } from '../../config';
import { defaultPipelineRoot } from '../aws';
import type { KfpComponentProps } from '../component';

/** The ConfigMap of KFP 2.x install parameters that the workloads read through `configMapKeyRef`. */
export const PIPELINE_INSTALL_CONFIG = 'pipeline-install-config';

/** The keys of {@link PIPELINE_INSTALL_CONFIG}. */
export type InstallConfigKey = keyof ReturnType<typeof installConfigData>;

/** An environment variable read from a key of {@link PIPELINE_INSTALL_CONFIG}; the key type makes a typo a compile error. */
export function installConfigEnv(name: string, key: InstallConfigKey): k8s.EnvVar {
  return { name, valueFrom: { configMapKeyRef: { name: PIPELINE_INSTALL_CONFIG, key } } };
}

function installConfigData(config: KfpConfig) {
  const { mysql } = config;
  return {
    appName: 'pipeline',
    appVersion: config.release.version,
    bucketName: config.s3.bucket,
    dbType: 'mysql',
    mysqlHost: mysql.host,
    mysqlPort: String(mysql.port),
    pipelineDb: mysql.pipelineDb,
    mlmdDb: mysql.metadataDb,
    cacheDb: mysql.cacheDb,
    cacheImage: imageOf(config.release, 'cacheImage'),
    cacheNodeRestrictions: 'false',
    cronScheduleTimezone: 'UTC',
    ConMaxLifeTime: mysql.connectionMaxLifetime,
    autoUpdatePipelineDefaultVersion: 'true',
    defaultPipelineRoot: defaultPipelineRoot(config),
    DEFAULT_CACHE_STALENESS: '',
    MAXIMUM_CACHE_STALENESS: '',
    LOG_LEVEL: 'info',
    ARTIFACT_RETENTION_DAYS: '-1',
    ARTIFACTS_PROXY_ENABLED: 'false',
    BLOCK_V1_PIPELINES: 'false',
    V1_ALLOWED_NAMESPACES: '',
    USERID_HEADER: 'kubeflow-userid',
    USERID_PREFIX: '',
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
    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: PIPELINE_INSTALL_CONFIG },
      data: installConfigData(props.config),
    });
  }
}
