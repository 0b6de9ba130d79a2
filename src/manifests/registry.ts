import type { Construct } from 'constructs';
import { ComponentName, KfpRelease, WorkloadLayout } from '../catalog';
import type { KfpComponentProps } from './component';
import { ApiServer } from './components/api-server';
import { ArgoCrds } from './components/argo-crds';
import { CacheServer } from './components/cache-server';
import { ExternalSecrets } from './components/external-secrets';
import { KfpLauncherConfig } from './components/kfp-launcher';
import { KubeflowPipelinesPublic } from './components/kubeflow-pipelines-public';
import { MetadataEnvoy } from './components/metadata-envoy';
import { MetadataGrpc } from './components/metadata-grpc';
import { MetadataWriter } from './components/metadata-writer';
import { Mysql } from './components/mysql';
import { InstallNamespace } from './components/namespace';
import { PersistenceAgent } from './components/persistence-agent';
import { PipelineInstallConfig } from './components/pipeline-install-config';
import { PipelineRunner } from './components/pipeline-runner';
import { PlainApiServer } from './components/plain/api-server';
import { PlainMetadataEnvoy } from './components/plain/metadata-envoy';
import { PlainMetadataGrpc } from './components/plain/metadata-grpc';
import { PlainMetadataWriter } from './components/plain/metadata-writer';
import { PlainPersistenceAgent } from './components/plain/persistence-agent';
import { PlainScheduledWorkflowController } from './components/plain/scheduled-workflow';
import { PlainUi } from './components/plain/ui';
import { PlainViewerCrdController } from './components/plain/viewer-crd-controller';
import { PlainVisualizationServer } from './components/plain/visualization-server';
import { PlainWorkflowController } from './components/plain/workflow-controller';
import { PodIdentityAssociations } from './components/pod-identity-associations';
import { ScheduledWorkflowController } from './components/scheduled-workflow';
import { PipelineUi } from './components/ui';
import { UiLoadBalancer } from './components/ui-load-balancer';
import { ViewerCrdController } from './components/viewer-crd-controller';
import { VisualizationServer } from './components/visualization-server';
import { WorkflowController } from './components/workflow-controller';

/** A component construct: `(scope, id, props)`, the cdk8s signature. */
export type ComponentClass = new (scope: Construct, id: string, props: KfpComponentProps) => Construct;

/** A component that a release may list. */
export interface ComponentEntry {
  /** The construct, or one per workload layout where upstream's pods of the component differ between layouts. */
  readonly type: ComponentClass | Readonly<Record<WorkloadLayout, ComponentClass>>;
  /** One line for the README's component table. */
  readonly summary: string;
}

/** The constructs of a component whose pods differ between layouts. */
const byLayout = (restricted: ComponentClass, plain: ComponentClass) => ({
  [WorkloadLayout.RESTRICTED]: restricted,
  [WorkloadLayout.PLAIN]: plain,
});

/**
 * Every component construct, by the name releases use in their `components` list (also the folder under `base/`).
 * Where components of two releases match, one construct serves both and reads the differences from the catalog;
 * where their pods differ in shape, the release's workload layout picks the construct, and both share the rest.
 */
export const COMPONENT_REGISTRY: Readonly<Record<ComponentName, ComponentEntry>> = {
  'namespace': { type: InstallNamespace, summary: 'The install\'s Namespace, with Pod Security labels' },
  'argo-crds': { type: ArgoCrds, summary: 'Argo Workflows custom resource definitions (shared, in `crds/`)' },
  'workflow-controller': { type: byLayout(WorkflowController, PlainWorkflowController), summary: 'Argo Workflows controller that runs pipelines, with S3 as artifact repository' },
  'pipeline-runner': { type: PipelineRunner, summary: 'ServiceAccount and Role that pipeline steps run as' },
  'pipeline-install-config': { type: PipelineInstallConfig, summary: 'Install parameters (`pipeline-install-config`) the KFP 2.x workloads read' },
  'kfp-launcher': { type: KfpLauncherConfig, summary: 'Pipeline root in the bucket and S3 access of v2 pipeline steps (`kfp-launcher` ConfigMap)' },
  'api-server': { type: byLayout(ApiServer, PlainApiServer), summary: 'KFP api server, with S3 for pipeline packages and MySQL for runs' },
  'persistence-agent': { type: byLayout(PersistenceAgent, PlainPersistenceAgent), summary: 'Reports the state of workflows to the api server' },
  'scheduled-workflow': { type: byLayout(ScheduledWorkflowController, PlainScheduledWorkflowController), summary: 'Controller of recurring runs, with the ScheduledWorkflow CRD (shared, in `crds/`)' },
  'ui': { type: byLayout(PipelineUi, PlainUi), summary: 'KFP web UI, reading artifacts and archived logs from S3, and the TensorBoard viewer pod template' },
  'viewer-crd-controller': { type: byLayout(ViewerCrdController, PlainViewerCrdController), summary: 'Runs TensorBoard viewers for the UI, with the Viewer CRD (shared, in `crds/`)' },
  'visualization-server': { type: byLayout(VisualizationServer, PlainVisualizationServer), summary: 'Renders Python visualizations for the UI, reading their sources from S3' },
  'kubeflow-pipelines-public': { type: KubeflowPipelinesPublic, summary: 'The installed KFP version, readable by every authenticated user' },
  'mysql': { type: Mysql, summary: 'In-cluster MySQL with the databases of the components; credentials from the MySQL Secret' },
  'metadata-grpc': { type: byLayout(MetadataGrpc, PlainMetadataGrpc), summary: 'ML Metadata gRPC server on the metadata database' },
  'metadata-envoy': { type: byLayout(MetadataEnvoy, PlainMetadataEnvoy), summary: 'Envoy proxy that lets the UI reach ML Metadata with gRPC-Web' },
  'metadata-writer': { type: byLayout(MetadataWriter, PlainMetadataWriter), summary: 'Records executions and artifacts of pipeline pods in ML Metadata' },
  'pod-identity-associations': { type: PodIdentityAssociations, summary: 'EKS Pod Identity associations as objects of the ACK EKS controller (`iam.ackAssociations`; in `overlay/iam` only)' },
  'ui-load-balancer': { type: UiLoadBalancer, summary: 'Ingress of class `alb` that puts the UI behind an AWS Application Load Balancer with HTTPS and Cognito or OIDC sign-in (`uiLoadBalancer`)' },
  'external-secrets': { type: ExternalSecrets, summary: 'The SecretStore and ExternalSecrets from which the External Secrets Operator creates the Secrets of `secretsManager` (the access key\'s in `overlay/accesskey` only)' },
  'cache-server': { type: CacheServer, summary: 'Cache webhook that lets v1 pipeline steps reuse the results of earlier identical steps, with its cert-manager certificate' },
};

/** The construct of component `name` for `release`. */
export function componentType(name: ComponentName, release: KfpRelease): ComponentClass {
  const { type } = COMPONENT_REGISTRY[name];
  return typeof type === 'function' ? type : type[release.workloads];
}
