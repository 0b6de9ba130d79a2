import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KfpConfig } from '../config';
import type { KfpComponentProps } from './component';
import { ArgoCrds } from './components/argo-crds';
import { InstallNamespace } from './components/namespace';
import { PipelineRunner } from './components/pipeline-runner';
import { WorkflowController } from './components/workflow-controller';
import { APPLICATION_LABELS } from './labels';
import type { Variant } from './variant';

/** Where a rendered object belongs in the deployment repo. */
export enum Scope {
  /** Objects of one install (`base/`): namespaced objects and the Namespace itself. */
  INSTALL = 'install',
  /** Cluster-scoped objects every install in the cluster shares (`crds/`). */
  SHARED = 'shared',
}

/** One Kubernetes object as rendered, with the component it belongs to. */
export interface RenderedObject {
  readonly component: string;
  readonly scope: Scope;
  readonly manifest: any;
}

type ComponentClass = new (scope: Construct, id: string, props: KfpComponentProps) => Construct;

/** A component of an install. */
export interface ComponentEntry {
  /** Folder name under `base/`. */
  readonly name: string;
  readonly type: ComponentClass;
  readonly namespaced: boolean;
  /** One line for the README's component table. */
  readonly summary: string;
}

/**
 * The components of an install, by folder name. Order is the order of `base/kustomization.yaml`.
 * `namespaced: false` renders the component's own objects without a namespace (only the Namespace itself).
 */
export const COMPONENTS: ReadonlyArray<ComponentEntry> = [
  { name: 'namespace', type: InstallNamespace, namespaced: false, summary: 'The install\'s Namespace, with Pod Security labels' },
  { name: 'argo-crds', type: ArgoCrds, namespaced: true, summary: 'Argo Workflows custom resource definitions (shared, in `crds/`)' },
  { name: 'workflow-controller', type: WorkflowController, namespaced: true, summary: 'Argo Workflows controller that runs pipelines, with S3 as artifact repository' },
  { name: 'pipeline-runner', type: PipelineRunner, namespaced: true, summary: 'ServiceAccount and Role that pipeline steps run as' },
];

/**
 * Renders every object of an install in memory: one cdk8s chart per component and scope, `chart.toJson()`, no
 * disk writes. `variant` undefined gives the credential-agnostic base.
 */
export function renderInstall(config: KfpConfig, variant?: Variant): RenderedObject[] {
  const app = new App();
  const charts: Array<{ component: string; scope: Scope; chart: Chart }> = [];
  for (const component of COMPONENTS) {
    const install = new Chart(app, component.name, {
      namespace: component.namespaced ? config.namespace : undefined,
      labels: APPLICATION_LABELS,
    });
    const shared = new Chart(app, `${component.name}-shared`, { labels: APPLICATION_LABELS });
    new component.type(install, 'Component', { config, variant, clusterScope: shared });
    charts.push({ component: component.name, scope: Scope.INSTALL, chart: install });
    charts.push({ component: component.name, scope: Scope.SHARED, chart: shared });
  }
  return charts.flatMap(({ component, scope, chart }) =>
    chart.toJson().map((manifest) => ({ component, scope, manifest })));
}
