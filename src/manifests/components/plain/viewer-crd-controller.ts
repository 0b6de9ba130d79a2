import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';
import { namespaceEnv } from '../../workload';
import { VIEWER_CRD_CONTROLLER, VIEWER_CRD_SERVICE_ACCOUNT, viewerCrdControllerCommon } from '../viewer-crd-controller';
import { plainController } from './controller';

/**
 * The KFP 0.x controller of TensorBoard viewers; its CRD goes to the cluster scope. Its image runs
 * `/bin/controller -max_num_viewers=${MAX_NUM_VIEWERS} --namespace=${NAMESPACE}` with `NAMESPACE` defaulting to `kubeflow`
 * (`backend/Dockerfile.viewercontroller`), so it gets the install's namespace; upstream's `MINIO_NAMESPACE` is read by
 * nothing.
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
      env: [{ name: 'MAX_NUM_VIEWERS', value: '50' }, namespaceEnv('NAMESPACE')],
    });
  }
}
