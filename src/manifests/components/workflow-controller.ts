import { Construct } from 'constructs';
import { S3Consumer } from '../../config';
import { toYaml } from '../../yaml';
import { argoArtifactRepository, podAnnotations, serviceAccountAnnotations } from '../aws';
import type { KfpComponentProps } from '../component';
import { pulledImage } from '../images';
import { KubeConfigMap, KubeDeployment, KubePriorityClass, intOrString, quantity } from '../kube';
import { workloadLabels } from '../labels';
import { withScheduling } from '../pod-settings';
import { accountWithRole } from '../rbac';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from '../security';

/** The controller's Deployment, container and `app` label. */
export const WORKFLOW_CONTROLLER = 'workflow-controller';
/** The controller's ServiceAccount. */
export const ARGO_SERVICE_ACCOUNT = 'argo';
/** The ConfigMap the controller reads its configuration from (`--configmap`). */
export const WORKFLOW_CONTROLLER_CONFIG_MAP = 'workflow-controller-configmap';

/** Labels of the controller's pods. */
const POD_LABELS = workloadLabels({ app: WORKFLOW_CONTROLLER });

/**
 * The Argo Workflows controller that runs every pipeline, namespaced to the install, with S3 as its artifact
 * repository. Its CRDs and PriorityClass go to the cluster scope.
 */
export class WorkflowController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;
    const release = config.release;

    workflowControllerAccount(this, props);

    const workflowPodAnnotations = podAnnotations(config, variant, S3Consumer.PIPELINE_RUNNER);
    const ttl = config.pods.workflowTtlSeconds;
    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: WORKFLOW_CONTROLLER_CONFIG_MAP },
      data: {
        artifactRepository: toYaml(argoArtifactRepository(config, variant)),
        executor: toYaml({
          imagePullPolicy: 'IfNotPresent',
          securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65532 },
        }),
        // Argo merges these into every workflow, whose own settings win (argo-workflows v4.0.5 WorkflowSpec,
        // `pkg/apis/workflow/v1alpha1/workflow_types.go`: nodeSelector, tolerations, affinity, imagePullSecrets,
        // podPriorityClassName). TTL and retries as upstream's, unless `workflows` sets them.
        workflowDefaults: toYaml({
          spec: withScheduling({
            // kube2iam reads the role from each workflow pod, where the executor (and the v2 launcher) move artifacts and logs.
            ...(workflowPodAnnotations ? { podMetadata: { annotations: workflowPodAnnotations } } : {}),
            ttlStrategy: { secondsAfterCompletion: ttl, secondsAfterSuccess: ttl, secondsAfterFailure: ttl },
            templateDefaults: { retryStrategy: { limit: String(config.pods.stepRetryLimit), retryPolicy: 'OnError' } },
          }, config.pods.stepPods, 'podPriorityClassName'),
        }),
      },
    });

    new KubePriorityClass(props.clusterScope, 'PriorityClass', {
      metadata: { name: WORKFLOW_CONTROLLER },
      value: 1000000,
    });

    new KubeDeployment(this, 'Deployment', {
      metadata: { name: WORKFLOW_CONTROLLER },
      spec: {
        selector: { matchLabels: POD_LABELS },
        template: {
          metadata: { labels: POD_LABELS, annotations: podAnnotations(config, variant, S3Consumer.WORKFLOW_CONTROLLER) },
          spec: {
            serviceAccountName: ARGO_SERVICE_ACCOUNT,
            priorityClassName: WORKFLOW_CONTROLLER,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: RESTRICTED_POD,
            containers: [{
              name: WORKFLOW_CONTROLLER,
              image: release.images.workflowController,
              command: ['workflow-controller'],
              args: ['--configmap', WORKFLOW_CONTROLLER_CONFIG_MAP, '--executor-image', pulledImage(config, 'argoExecutor'), '--namespaced'],
              env: [
                { name: 'TRANSIENT_ERROR_PATTERN', value: '(?i)(imminent node shutdown|node is shutting down|preempt|evict|spot|pod deleted)' },
                { name: 'LEADER_ELECTION_IDENTITY', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              ],
              ports: [{ name: 'metrics', containerPort: 9090 }, { containerPort: 6060 }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: intOrString(6060) },
                initialDelaySeconds: 90,
                periodSeconds: 60,
                timeoutSeconds: 30,
                failureThreshold: 3,
              },
              resources: { requests: { cpu: quantity('100m'), memory: quantity('500Mi') } },
              securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true, runAsNonRoot: true },
            }],
          },
        },
      },
    });
  }
}

/** The controller's ServiceAccount (annotated for IRSA) and Role, the same in every layout. */
export function workflowControllerAccount(scope: Construct, props: KfpComponentProps): void {
  accountWithRole(scope, props.config, {
    serviceAccount: ARGO_SERVICE_ACCOUNT,
    serviceAccountAnnotations: serviceAccountAnnotations(props.config, props.variant, S3Consumer.WORKFLOW_CONTROLLER),
    role: 'argo-role',
    binding: 'argo-binding',
  });
}
