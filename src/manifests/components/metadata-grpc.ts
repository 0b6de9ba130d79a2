import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpConfig } from '../../config';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { mysqlCredentialEnv, mysqlTlsClient } from '../mysql-env';
import { KFP_CONTAINER } from '../security';
import { waitForInitContainer } from '../wait-for';
import { singleReplicaDeployment } from '../workload';
import { installConfigEnv } from './pipeline-install-config';

/** The ML Metadata gRPC Service that the metadata writer, the envoy proxy and the api server reach. */
export const METADATA_GRPC_SERVICE = 'metadata-grpc-service';
/** Port of {@link METADATA_GRPC_SERVICE} and of the server behind it. */
export const METADATA_GRPC_PORT = 8080;

const NAME = 'metadata-grpc-deployment';
const SERVICE_ACCOUNT = 'metadata-grpc-server';
const PORT_NAME = 'grpc-api';

const POD_LABELS = workloadLabels({ component: 'metadata-grpc-server' });

/** The ML Metadata store server on the metadata database, its Service and the ConfigMap that names that Service. */
export class MetadataGrpc extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT } });

    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: 'metadata-grpc-configmap', labels: { component: 'metadata-grpc-server' } },
      data: { METADATA_GRPC_SERVICE_HOST: METADATA_GRPC_SERVICE, METADATA_GRPC_SERVICE_PORT: String(METADATA_GRPC_PORT) },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: METADATA_GRPC_SERVICE, labels: { app: 'metadata' } },
      spec: {
        type: 'ClusterIP',
        selector: POD_LABELS,
        ports: [{ name: PORT_NAME, port: METADATA_GRPC_PORT, protocol: 'TCP' }],
      },
    });

    const probe: k8s.Probe = {
      tcpSocket: { port: k8s.IntOrString.fromString(PORT_NAME) },
      initialDelaySeconds: 3,
      periodSeconds: 5,
      timeoutSeconds: 2,
    };
    const tls = mysqlTlsClient(config);
    singleReplicaDeployment(this, {
      name: NAME,
      labels: { component: 'metadata-grpc-server' },
      podLabels: POD_LABELS,
      serviceAccountName: SERVICE_ACCOUNT,
      initContainers: [waitForInitContainer(config.release, 'wait-for-database',
        installConfigEnv('WAIT_HOST', 'mysqlHost'), installConfigEnv('WAIT_PORT', 'mysqlPort'))],
      containers: [{
        ...metadataServerContainer(config, {
          extraArgs: [
            '--enable_database_upgrade=true',
            '--grpc_channel_arguments=grpc.max_metadata_size=16384,grpc.max_receive_message_length=104857600,grpc.max_send_message_length=104857600',
            // ML Metadata's MySQL client takes the CA as a file, and checks the server's name only when told to.
            ...(tls ? [`--mysql_config_sslrootcert=${tls.caFile}`, '--mysql_config_verify_server_cert=true'] : []),
          ],
          databaseEnv: [
            installConfigEnv('MYSQL_DATABASE', 'mlmdDb'),
            installConfigEnv('MYSQL_HOST', 'mysqlHost'),
            installConfigEnv('MYSQL_PORT', 'mysqlPort'),
          ],
          portName: PORT_NAME,
        }),
        livenessProbe: probe,
        readinessProbe: probe,
        securityContext: KFP_CONTAINER,
        volumeMounts: tls ? [tls.mount] : undefined,
      }],
      volumes: tls ? [tls.volume] : undefined,
    });
  }
}

/** What differs between the metadata server containers of the layouts. */
export interface MetadataServerContainerProps {
  /** Arguments after the port and the database settings. */
  readonly extraArgs?: readonly string[];
  /** `MYSQL_DATABASE`, `MYSQL_HOST` and `MYSQL_PORT`, from the layout's ConfigMap. */
  readonly databaseEnv: readonly k8s.EnvVar[];
  /** Name of the gRPC container port. */
  readonly portName: string;
}

/**
 * The ML Metadata store server on the metadata database. Kubernetes expands the database settings into its arguments
 * from the environment: the Secret's user and password, the rest from `databaseEnv`.
 */
export function metadataServerContainer(config: KfpConfig, props: MetadataServerContainerProps): k8s.Container {
  return {
    name: 'container',
    image: imageOf(config.release, 'metadataServer'),
    command: ['/bin/metadata_store_server'],
    args: [
      `--grpc_port=${METADATA_GRPC_PORT}`,
      '--mysql_config_database=$(MYSQL_DATABASE)',
      '--mysql_config_host=$(MYSQL_HOST)',
      '--mysql_config_port=$(MYSQL_PORT)',
      '--mysql_config_user=$(DBCONFIG_USER)',
      '--mysql_config_password=$(DBCONFIG_PASSWORD)',
      ...props.extraArgs ?? [],
    ],
    env: [...mysqlCredentialEnv(config, 'DBCONFIG_USER', 'DBCONFIG_PASSWORD'), ...props.databaseEnv],
    ports: [{ name: props.portName, containerPort: METADATA_GRPC_PORT }],
  };
}
