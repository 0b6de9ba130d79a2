import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import { frontendS3Env, podAnnotations, serviceAccountAnnotations, viewerPodTemplate } from '../aws';
import type { KfpComponentProps } from '../component';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { httpProbe, requests, serverDeployment, serverService, tcpPort } from '../workload';
import { installConfigEnv } from './pipeline-install-config';

const NAME = 'ml-pipeline-ui';
const CONFIG_MAP = 'ml-pipeline-ui-configmap';
const VIEWER_TEMPLATE = 'viewer-pod-template.json';
const CONFIG_DIR = '/etc/config';
/** The ServiceAccount of TensorBoard viewer pods, which read logs from S3. */
const VIEWER_SERVICE_ACCOUNT = 'kubeflow-pipelines-viewer';
const PORT = 3000;

/**
 * The KFP web UI. It reads artifacts and archived logs from S3 itself and starts TensorBoard viewers from a pod
 * template that carries the same S3 settings.
 */
export class PipelineUi extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    for (const name of [NAME, VIEWER_SERVICE_ACCOUNT]) {
      new k8s.KubeServiceAccount(this, `ServiceAccount-${name}`, {
        metadata: { name, annotations: serviceAccountAnnotations(config, variant) },
      });
    }

    boundRole(this, config, {
      role: NAME,
      binding: NAME,
      subject: serviceAccountSubject(config, NAME),
      roleLabels: { app: NAME },
      bindingLabels: { app: NAME },
    });

    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: CONFIG_MAP },
      data: { [VIEWER_TEMPLATE]: JSON.stringify(viewerPodTemplate(config, variant, VIEWER_SERVICE_ACCOUNT), undefined, 2) },
    });

    serverService(this, NAME, [tcpPort('http', 80, PORT)], { labels: { app: NAME } });

    const healthz = httpProbe('/apis/v1beta1/healthz', PORT);
    serverDeployment(this, {
      app: NAME,
      serviceAccountName: NAME,
      podAnnotations: podAnnotations(config, variant),
      containers: [{
        name: NAME,
        image: imageOf(config.release, 'frontend'),
        imagePullPolicy: 'IfNotPresent',
        // Upstream's MINIO_* settings are left out: they address the in-cluster SeaweedFS, which S3 replaces. So are
        // its optional references to keys that pipeline-install-config does not have (they set nothing).
        env: [
          ...frontendS3Env(config, variant),
          { name: 'VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH', value: `${CONFIG_DIR}/${VIEWER_TEMPLATE}` },
          { name: 'ALLOW_CUSTOM_VISUALIZATIONS', value: 'true' },
          { name: 'FRONTEND_SERVER_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'DISABLE_GKE_METADATA', value: 'true' },
          installConfigEnv('ARTIFACTS_SERVICE_PROXY_ENABLED', 'ARTIFACTS_PROXY_ENABLED'),
        ],
        ports: [{ containerPort: PORT }],
        livenessProbe: healthz,
        readinessProbe: healthz,
        resources: requests('10m', '70Mi'),
        securityContext: KFP_CONTAINER,
        volumeMounts: [{ name: 'config-volume', mountPath: CONFIG_DIR, readOnly: true }],
      }],
      volumes: [{ name: 'config-volume', configMap: { name: CONFIG_MAP } }],
    });
  }
}
