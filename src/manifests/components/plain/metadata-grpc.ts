import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import type { KfpComponentProps } from '../../component';
import { KubeConfigMap, KubeDeployment, KubeService } from '../../kube';
import { workloadLabels } from '../../labels';
import { METADATA_GRPC_PORT, metadataServerContainer } from '../metadata-grpc';

/** The Service of the ML Metadata server, as KFP 0.x names it (2.x renamed it `metadata-grpc-service`). */
export const METADATA_SERVICE = 'metadata-service';
const COMPONENT = 'metadata-server';
const MYSQL_CONFIG_MAP = 'metadata-mysql-configmap';
const PORT_NAME = 'md-backendapi';

/** What {@link metadataWorkload} creates. */
export interface MetadataWorkloadProps {
  /** The `component` label of the Service's selector and of the pods. */
  readonly component: string;
  readonly deployment: string;
  readonly service: string;
  readonly port: k8s.ServicePort;
  readonly container: k8s.Container;
}

/** A KFP 0.x metadata workload: its Service and a one-replica Deployment, both labelled by component. */
export function metadataWorkload(scope: Construct, props: MetadataWorkloadProps): void {
  const podLabels = workloadLabels({ component: props.component });
  new KubeService(scope, 'Service', {
    metadata: { name: props.service, labels: { app: 'metadata' } },
    spec: { type: 'ClusterIP', selector: podLabels, ports: [props.port] },
  });
  new KubeDeployment(scope, 'Deployment', {
    metadata: { name: props.deployment, labels: { component: props.component } },
    spec: {
      replicas: 1,
      selector: { matchLabels: podLabels },
      template: { metadata: { labels: podLabels }, spec: { containers: [props.container] } },
    },
  });
}

/**
 * The KFP 0.x ML Metadata server on the metadata database, with the ConfigMaps of where the database is (read by the
 * server's arguments) and where the server is (which TFX mounts into its pipeline steps:
 * `tfx/orchestration/kubeflow/kubeflow_dag_runner.py`). Upstream's lower-case copy of the first (`metadata-configmap`,
 * "for backward compatibility") is read by nothing in 0.2.3 and left out.
 */
export class PlainMetadataGrpc extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;
    const labels = { component: COMPONENT };
    const database = { database: config.mysql.metadataDb, host: config.mysql.host, port: String(config.mysql.port) };

    new KubeConfigMap(this, 'GrpcConfigMap', {
      metadata: { name: 'metadata-grpc-configmap', labels },
      data: { METADATA_GRPC_SERVICE_HOST: METADATA_SERVICE, METADATA_GRPC_SERVICE_PORT: String(METADATA_GRPC_PORT) },
    });
    new KubeConfigMap(this, 'MysqlConfigMap', {
      metadata: { name: MYSQL_CONFIG_MAP, labels },
      data: Object.fromEntries(Object.entries(database).map(([key, value]) => [`MYSQL_${key.toUpperCase()}`, value])),
    });

    metadataWorkload(this, {
      component: COMPONENT,
      deployment: 'metadata-deployment',
      service: METADATA_SERVICE,
      port: { name: PORT_NAME, port: METADATA_GRPC_PORT, protocol: 'TCP' },
      container: metadataServerContainer(config, {
        databaseEnv: ['MYSQL_DATABASE', 'MYSQL_HOST', 'MYSQL_PORT']
          .map((name) => ({ name, valueFrom: { configMapKeyRef: { name: MYSQL_CONFIG_MAP, key: name } } })),
        portName: PORT_NAME,
      }),
    });
  }
}
