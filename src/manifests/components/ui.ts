import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import { KfpConfig, S3Consumer } from '../../config';
import { frontendS3Env, serviceAccountAnnotations, viewerPodTemplate } from '../aws';
import type { KfpComponentProps } from '../component';
import { pulledImage } from '../images';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { httpProbe, requests, s3Server, serverDeployment, serverService, tcpPort } from '../workload';
import { installConfigEnv } from './pipeline-install-config';
import { KubeConfigMap, KubeServiceAccount } from '../kube';

/**
 * The path the UI's probes and its load balancer's health check ask. The UI server answers `GET /apis/v1beta1/healthz` itself, with 200 and its
 * build data even when the api server is down (`frontend/server/app.ts` registers `getHealthzHandler` before the api
 * proxy; `handlers/healthz.ts` catches the api server's failure as `apiServerReady: false`), at kubeflow/pipelines
 * 0.2.3 and 2.17.0 alike; upstream's own probes of the UI use it.
 */
export const UI_HEALTH_CHECK_PATH = '/apis/v1beta1/healthz';

/** The UI's name: its Service, Deployment, container, ServiceAccount and Role. */
export const UI = 'ml-pipeline-ui';
/** The port the UI listens on; its Service serves it on {@link UI_SERVICE_PORT}. */
export const UI_PORT = 3000;
/** The port of Service `ml-pipeline-ui`, which forwards to {@link UI_PORT}. */
export const UI_SERVICE_PORT = 80;
const CONFIG_DIR = '/etc/config';
/** The ServiceAccount of TensorBoard viewer pods, which read logs from S3. */
export const VIEWER_SERVICE_ACCOUNT = 'kubeflow-pipelines-viewer';

/**
 * The KFP web UI. It reads artifacts and archived logs from S3 itself and starts TensorBoard viewers from a pod
 * template that carries the same S3 settings.
 */
export class PipelineUi extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    const template = uiCommon(this, props, { configMap: 'ml-pipeline-ui-configmap', file: 'viewer-pod-template.json' });

    serverService(this, UI, [tcpPort('http', UI_SERVICE_PORT, UI_PORT)], { labels: { app: UI } });

    const healthz = httpProbe(UI_HEALTH_CHECK_PATH, UI_PORT);
    serverDeployment(this, {
      ...s3Server(config, variant, UI, S3Consumer.UI),
      containers: [{
        ...uiContainer(props),
        // Upstream's optional references to keys that pipeline-install-config does not have are left out (they set nothing).
        env: [
          ...frontendS3Env(config, variant),
          template.env,
          { name: 'ALLOW_CUSTOM_VISUALIZATIONS', value: 'true' },
          { name: 'FRONTEND_SERVER_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'DISABLE_GKE_METADATA', value: 'true' },
          installConfigEnv('ARTIFACTS_SERVICE_PROXY_ENABLED', 'ARTIFACTS_PROXY_ENABLED'),
          ...tensorboardImageEnv(config),
        ],
        ports: [{ containerPort: UI_PORT }],
        livenessProbe: healthz,
        readinessProbe: healthz,
        resources: requests('10m', '70Mi'),
        securityContext: KFP_CONTAINER,
        volumeMounts: [template.mount],
      }],
      volumes: [template.volume],
    });
  }
}

/**
 * The TensorBoard image the UI starts viewers with, where the `images` option moves it: the UI's default is the
 * release's `tensorboard` image (`VIEWER_TENSORBOARD_TF_IMAGE_NAME`, `frontend/server/configs.ts`).
 */
function tensorboardImageEnv(config: KfpConfig): k8s.EnvVar[] {
  const upstream = config.release.images.tensorboard;
  if (upstream === undefined) return [];
  const pulled = pulledImage(config, 'tensorboard');
  return pulled === upstream ? [] : [{ name: 'VIEWER_TENSORBOARD_TF_IMAGE_NAME', value: pulled }];
}

/** The UI's container in every layout, before its settings. */
export function uiContainer(props: KfpComponentProps): k8s.Container {
  return { name: UI, image: imageOf(props.config.release, 'frontend'), imagePullPolicy: 'IfNotPresent' };
}

/** Where the UI finds the TensorBoard viewer pod template: a ConfigMap and its key. */
export interface ViewerTemplateNames {
  readonly configMap: string;
  readonly file: string;
}

/** How the UI container reads the viewer pod template: the path setting, the mount and the volume behind it. */
export interface ViewerTemplateMount {
  readonly env: k8s.EnvVar;
  readonly mount: k8s.VolumeMount;
  readonly volume: k8s.Volume;
}

/**
 * What the UI has in every layout: its ServiceAccount and the viewers' (both annotated for IRSA), its Role, and the
 * ConfigMap with the viewer pod template, which carries the S3 settings of the variant.
 */
export function uiCommon(scope: Construct, props: KfpComponentProps, names: ViewerTemplateNames): ViewerTemplateMount {
  const { config, variant } = props;
  for (const [name, consumer] of [[UI, S3Consumer.UI], [VIEWER_SERVICE_ACCOUNT, S3Consumer.VIEWER]] as const) {
    new KubeServiceAccount(scope, `ServiceAccount-${name}`, {
      metadata: { name, annotations: serviceAccountAnnotations(config, variant, consumer) },
    });
  }

  boundRole(scope, config, {
    role: UI,
    binding: UI,
    subject: serviceAccountSubject(config, UI),
    roleLabels: { app: UI },
    bindingLabels: { app: UI },
  });

  new KubeConfigMap(scope, 'ConfigMap', {
    metadata: { name: names.configMap },
    data: { [names.file]: JSON.stringify(viewerPodTemplate(config, variant, VIEWER_SERVICE_ACCOUNT), undefined, 2) },
  });

  return {
    env: { name: 'VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH', value: `${CONFIG_DIR}/${names.file}` },
    mount: { name: 'config-volume', mountPath: CONFIG_DIR, readOnly: true },
    volume: { name: 'config-volume', configMap: { name: names.configMap } },
  };
}
