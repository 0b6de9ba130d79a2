import { App, Chart } from 'cdk8s';
import type { KfpConfig } from '../config';
import { APPLICATION_LABELS } from './labels';
import { componentType } from './registry';
import type { Variant } from './variant';

/** Where a rendered object belongs in the deployment repo. */
export enum Scope {
  /** Objects of one install (`base/`): its namespaced objects and the cluster-scoped ones it alone owns. */
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

/**
 * Renders every object of an install in memory: one cdk8s chart per component and scope, `chart.toJson()`, no
 * disk writes. `variant` undefined gives the credential-agnostic base.
 */
export function renderInstall(config: KfpConfig, variant?: Variant): RenderedObject[] {
  const charts: Array<{ component: string; scope: Scope; chart: Chart }> = [];
  for (const name of config.release.components) {
    const Component = componentType(name, config.release);
    // One App per component: cdk8s resolves and validates the whole App on every chart.toJson().
    const app = new App();
    const install = new Chart(app, name, { namespace: config.namespace, labels: APPLICATION_LABELS });
    const installCluster = new Chart(app, `${name}-install-cluster`, { labels: APPLICATION_LABELS });
    const shared = new Chart(app, `${name}-shared`, { labels: APPLICATION_LABELS });
    new Component(install, 'Component', { config, variant, clusterScope: shared, installClusterScope: installCluster });
    charts.push({ component: name, scope: Scope.INSTALL, chart: installCluster });
    charts.push({ component: name, scope: Scope.INSTALL, chart: install });
    charts.push({ component: name, scope: Scope.SHARED, chart: shared });
  }
  return charts.flatMap(({ component, scope, chart }) =>
    chart.toJson().map((manifest) => ({ component, scope, manifest })));
}
