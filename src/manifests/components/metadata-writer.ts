import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { accountWithRole } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { waitForInitContainer } from '../wait-for';
import { namespaceEnv, singleReplicaDeployment } from '../workload';
import { METADATA_GRPC_PORT, METADATA_GRPC_SERVICE } from './metadata-grpc';

/** The writer's Deployment and `app` label. */
export const METADATA_WRITER = 'metadata-writer';
/** The writer's ServiceAccount. */
export const METADATA_WRITER_SERVICE_ACCOUNT = 'kubeflow-pipelines-metadata-writer';
const ROLE = 'kubeflow-pipelines-metadata-writer-role';

const POD_LABELS = workloadLabels({ app: METADATA_WRITER });

/** Records the executions and artifacts of v1 pipeline pods in ML Metadata, with its ServiceAccount and Role. */
export class MetadataWriter extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    metadataWriterAccount(this, props);

    singleReplicaDeployment(this, {
      name: METADATA_WRITER,
      labels: { app: METADATA_WRITER },
      podLabels: POD_LABELS,
      serviceAccountName: METADATA_WRITER_SERVICE_ACCOUNT,
      initContainers: [waitForInitContainer(config.release, 'wait-for-metadata-grpc',
        { name: 'WAIT_HOST', value: METADATA_GRPC_SERVICE }, { name: 'WAIT_PORT', value: String(METADATA_GRPC_PORT) })],
      containers: [{
        name: 'main',
        image: imageOf(config.release, 'metadataWriter'),
        env: [
          namespaceEnv('NAMESPACE_TO_WATCH'),
          // It reaches `metadata-grpc-service.<POD_NAMESPACE>`, default `kubeflow` (backend/metadata_writer/src/metadata_helpers.py):
          // without this, an install in another namespace writes into the metadata of the one in `kubeflow`.
          namespaceEnv('POD_NAMESPACE'),
        ],
        securityContext: KFP_CONTAINER,
      }],
    });
  }
}

/** The writer's ServiceAccount and Role, the same in every layout. */
export function metadataWriterAccount(scope: Construct, props: KfpComponentProps): void {
  accountWithRole(scope, props.config, {
    serviceAccount: METADATA_WRITER_SERVICE_ACCOUNT,
    role: ROLE,
    binding: 'kubeflow-pipelines-metadata-writer-binding',
    roleLabels: { app: ROLE },
  });
}
