import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER, RESTRICTED_POD } from '../security';
import { waitForInitContainer } from '../wait-for';
import { METADATA_GRPC_PORT, METADATA_GRPC_SERVICE } from './metadata-grpc';

const NAME = 'metadata-writer';
const SERVICE_ACCOUNT = 'kubeflow-pipelines-metadata-writer';
const ROLE = 'kubeflow-pipelines-metadata-writer-role';

const POD_LABELS = workloadLabels({ app: NAME });

/** Records the executions and artifacts of v1 pipeline pods in ML Metadata, with its ServiceAccount and Role. */
export class MetadataWriter extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT } });

    boundRole(this, config, {
      role: ROLE,
      binding: 'kubeflow-pipelines-metadata-writer-binding',
      subject: serviceAccountSubject(config, SERVICE_ACCOUNT),
      roleLabels: { app: ROLE },
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, labels: { app: NAME } },
      spec: {
        replicas: 1,
        selector: { matchLabels: POD_LABELS },
        template: {
          metadata: { labels: POD_LABELS },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            securityContext: RESTRICTED_POD,
            initContainers: [waitForInitContainer(config.release, 'wait-for-metadata-grpc',
              { name: 'WAIT_HOST', value: METADATA_GRPC_SERVICE }, { name: 'WAIT_PORT', value: String(METADATA_GRPC_PORT) })],
            containers: [{
              name: 'main',
              image: imageOf(config.release, 'metadataWriter'),
              env: [{ name: 'NAMESPACE_TO_WATCH', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              securityContext: KFP_CONTAINER,
            }],
          },
        },
      },
    });
  }
}
