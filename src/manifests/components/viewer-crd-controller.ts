import { Construct } from 'constructs';
import { crdOf, imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { accountWithRole } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { serverDeployment } from '../workload';
import { customResourceDefinition } from './argo-crds';

/** The controller's Deployment and container. */
export const VIEWER_CRD_CONTROLLER = 'ml-pipeline-viewer-crd';
/** The controller's ServiceAccount. */
export const VIEWER_CRD_SERVICE_ACCOUNT = `${VIEWER_CRD_CONTROLLER}-service-account`;

/**
 * The controller that runs a TensorBoard Deployment and Service for each Viewer the UI creates. The pods follow the
 * UI's viewer pod template, which carries the S3 settings. Its CRD goes to the cluster scope.
 */
export class ViewerCrdController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    viewerCrdControllerCommon(this, props);

    serverDeployment(this, {
      app: VIEWER_CRD_CONTROLLER,
      serviceAccountName: VIEWER_CRD_SERVICE_ACCOUNT,
      containers: [{
        name: VIEWER_CRD_CONTROLLER,
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

/** The controller's CRD (to the cluster scope), ServiceAccount and Role, the same in every layout. */
export function viewerCrdControllerCommon(scope: Construct, props: KfpComponentProps): void {
  customResourceDefinition(props.clusterScope, crdOf(props.config.release, 'Viewer'));
  accountWithRole(scope, props.config, {
    serviceAccount: VIEWER_CRD_SERVICE_ACCOUNT,
    role: 'ml-pipeline-viewer-controller-role',
    binding: `${VIEWER_CRD_CONTROLLER}-binding`,
  });
}
