import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { crdOf, imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { serverDeployment } from '../workload';
import { customResourceDefinition } from './argo-crds';

const NAME = 'ml-pipeline-viewer-crd';
const SERVICE_ACCOUNT = `${NAME}-service-account`;

/**
 * The controller that runs a TensorBoard Deployment and Service for each Viewer the UI creates. The pods follow the
 * UI's viewer pod template, which carries the S3 settings. Its CRD goes to the cluster scope.
 */
export class ViewerCrdController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    customResourceDefinition(props.clusterScope, crdOf(config.release, 'Viewer'));

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT } });

    boundRole(this, config, {
      role: 'ml-pipeline-viewer-controller-role',
      binding: `${NAME}-binding`,
      subject: serviceAccountSubject(config, SERVICE_ACCOUNT),
    });

    serverDeployment(this, {
      app: NAME,
      serviceAccountName: SERVICE_ACCOUNT,
      containers: [{
        name: NAME,
        image: imageOf(config.release, 'viewerCrdController'),
        imagePullPolicy: 'Always',
        env: [
          { name: 'MAX_NUM_VIEWERS', value: '50' },
          { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        ],
        securityContext: KFP_CONTAINER,
      }],
    });
  }
}
