import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import { KfpConfig, S3Consumer } from '../../../config';
import { accessKeyEnv, apiServerObjectStoreConfig, OBJECT_STORE_KEY_ENV } from '../../aws';
import type { KfpComponentProps } from '../../component';
import { KubeConfigMap } from '../../kube';
import { mysqlCredentialEnv } from '../../mysql-env';
import { namespaceEnv, plainServerDeployment, s3Server, serverService } from '../../workload';
import { API_SERVER, API_SERVER_CONTAINER, API_SERVER_GRPC_PORT, API_SERVER_HTTP_PORT, apiServerAccount, apiServerPorts } from '../api-server';
import { PIPELINE_RUNNER } from '../pipeline-runner';

const CONFIG_MAP = 'ml-pipeline-config';
const CONFIG_FILE = 'config.json';

/** The api server's config file: the database (credentials come from the environment) and S3. */
function configFile(config: KfpConfig): Record<string, unknown> {
  const { mysql } = config;
  return {
    DBConfig: {
      Host: mysql.host,
      Port: String(mysql.port),
      DriverName: 'mysql',
      DBName: mysql.pipelineDb,
      GroupConcatMaxLen: '4194304',
    },
    ObjectStoreConfig: apiServerObjectStoreConfig(config),
    InitConnectionTimeout: '6m',
    DefaultPipelineRunnerServiceAccount: PIPELINE_RUNNER,
  };
}

/**
 * The KFP 0.x api server, with S3 as its object store (pipeline packages) and MySQL as its database.
 * It reads its settings from `/config/config.json`: ours replaces the image's file only (`subPath`), so the image's
 * `sample_config.json` beside it still loads the sample pipelines.
 */
export class PlainApiServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    apiServerAccount(this, props);

    serverService(this, API_SERVER, apiServerPorts());

    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: CONFIG_MAP, labels: { app: API_SERVER } },
      data: { [CONFIG_FILE]: JSON.stringify(configFile(config), undefined, 2) },
    });

    plainServerDeployment(this, {
      ...s3Server(config, variant, API_SERVER, S3Consumer.API_SERVER),
      containers: [{
        name: API_SERVER_CONTAINER,
        image: imageOf(config.release, 'apiServer'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          ...accessKeyEnv(config, variant, OBJECT_STORE_KEY_ENV),
          ...mysqlCredentialEnv(config, 'DBCONFIG_USER', 'DBCONFIG_PASSWORD'),
          namespaceEnv('POD_NAMESPACE'),
        ],
        ports: [{ containerPort: API_SERVER_HTTP_PORT }, { containerPort: API_SERVER_GRPC_PORT }],
        volumeMounts: [{ name: 'config-volume', mountPath: `/config/${CONFIG_FILE}`, subPath: CONFIG_FILE, readOnly: true }],
      }],
      volumes: [{ name: 'config-volume', configMap: { name: CONFIG_MAP } }],
    });
  }
}
