import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';
import { namespaceEnv } from '../../workload';
import { VIEWER_CRD_CONTROLLER, VIEWER_CRD_SERVICE_ACCOUNT, viewerCrdControllerCommon } from '../viewer-crd-controller';
import { plainController } from './controller';

/**
 * The KFP 0.x controller of TensorBoard viewers; its CRD goes to the cluster scope. Its environment is upstream's:
 * despite the name, `MINIO_NAMESPACE` is only the pod's namespace, and no MinIO is involved.
 */
export class PlainViewerCrdController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    viewerCrdControllerCommon(this, props);
    plainController(this, {
      app: VIEWER_CRD_CONTROLLER,
      serviceAccountName: VIEWER_CRD_SERVICE_ACCOUNT,
      image: imageOf(props.config.release, 'viewerCrdController'),
      imagePullPolicy: 'Always',
      env: [{ name: 'MAX_NUM_VIEWERS', value: '50' }, namespaceEnv('MINIO_NAMESPACE')],
    });
  }
}
