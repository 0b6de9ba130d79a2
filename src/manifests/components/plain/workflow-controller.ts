import { Construct } from 'constructs';
import { S3Consumer } from '../../../config';
import { toYaml } from '../../../yaml';
import { argoArtifactRepository, podAnnotations } from '../../aws';
import type { KfpComponentProps } from '../../component';
import { pulledImage } from '../../images';
import { KubeConfigMap } from '../../kube';
import { plainServerDeployment } from '../../workload';
import { ARGO_SERVICE_ACCOUNT, WORKFLOW_CONTROLLER, WORKFLOW_CONTROLLER_CONFIG_MAP, workflowControllerAccount } from '../workflow-controller';

/**
 * The Argo 2.x workflow controller as KFP 0.x runs it. Argo 2.x reads its whole configuration from the `config` key,
 * including the namespace it watches: its Role covers only that namespace. S3 is its artifact repository, which only
 * the executor in the step pods reaches; the controller has no S3 client (upstream's `ARGO_NAMESPACE` is read by
 * nothing either).
 */
export class PlainWorkflowController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;
    const { images, argo } = config.release;

    workflowControllerAccount(this, props);

    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: WORKFLOW_CONTROLLER_CONFIG_MAP },
      data: {
        config: toYaml({
          namespace: config.namespace,
          executorImage: pulledImage(config, 'argoExecutor'),
          ...(argo.containerRuntimeExecutor ? { containerRuntimeExecutor: argo.containerRuntimeExecutor } : {}),
          artifactRepository: argoArtifactRepository(config, variant),
        }),
      },
    });

    plainServerDeployment(this, {
      app: WORKFLOW_CONTROLLER,
      replicas: 1,
      serviceAccountName: ARGO_SERVICE_ACCOUNT,
      podAnnotations: podAnnotations(config, variant, S3Consumer.WORKFLOW_CONTROLLER),
      containers: [{
        name: WORKFLOW_CONTROLLER,
        image: images.workflowController,
        imagePullPolicy: 'IfNotPresent',
        command: ['workflow-controller'],
        // The flag wins over `executorImage` of the configuration (cmd/workflow-controller/main.go at v2.3.0).
        args: ['--configmap', WORKFLOW_CONTROLLER_CONFIG_MAP, '--executor-image', pulledImage(config, 'argoExecutor')],
      }],
    });
  }
}
