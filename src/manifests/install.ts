import { App, Chart } from 'cdk8s';
import type { ComponentName } from '../catalog';
import type { KfpConfig } from '../config';
import { CacheWebhook, IamMechanism } from '../options';
import { APPLICATION_LABELS } from './labels';
import { checkResourceKeys, withPodSettings } from './pod-settings';
import { keepFromPruning } from './prune-protection';
import { componentType } from './registry';
import { withReloadAnnotation } from './reload-annotations';
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
  readonly component: ComponentName;
  readonly scope: Scope;
  readonly manifest: any;
}

/** The component of the in-cluster MySQL, which an install with `externalDatabase` does without. */
const MYSQL_COMPONENT: ComponentName = 'mysql';
/** The ACK objects of the Pod Identity associations, which only `iam.ackAssociations` renders. */
const ACK_ASSOCIATIONS_COMPONENT: ComponentName = 'pod-identity-associations';
/** The UI's Ingress, which only `uiLoadBalancer` renders. */
const UI_LOAD_BALANCER_COMPONENT: ComponentName = 'ui-load-balancer';
/** The ESO objects of `secretsManager`. */
const EXTERNAL_SECRETS_COMPONENT: ComponentName = 'external-secrets';
/** The component of the cache webhook, which only `CacheWebhook.CERT_MANAGER` renders. */
const CACHE_COMPONENT: ComponentName = 'cache-server';

/**
 * The components an install renders, in the release's order: the release's, without the in-cluster MySQL when the
 * database is external and without the cache server unless a cache webhook is asked for; the ACK associations and
 * the UI's load balancer where their options ask for them. Everything that lists an install's components (manifests,
 * README) reads them here.
 */
export function installComponents(config: KfpConfig): readonly ComponentName[] {
  const ackAssociations = config.variants.includes('iam') && config.iam.mechanism === IamMechanism.POD_IDENTITY && config.iam.ackAssociations;
  return [
    ...config.release.components.filter((name) => !(config.mysql.external && name === MYSQL_COMPONENT)
      && !(config.cacheWebhook === CacheWebhook.NONE && name === CACHE_COMPONENT)),
    ...(ackAssociations ? [ACK_ASSOCIATIONS_COMPONENT] : []),
    ...(config.uiLoadBalancer ? [UI_LOAD_BALANCER_COMPONENT] : []),
    ...(config.secretsManager ? [EXTERNAL_SECRETS_COMPONENT] : []),
  ];
}

/**
 * Renders every object of an install in memory: one cdk8s chart per component and scope, `chart.toJson()`, no
 * disk writes. `variant` undefined gives the credential-agnostic base.
 */
export function renderInstall(config: KfpConfig, variant?: Variant): RenderedObject[] {
  return installComponents(config).flatMap((name) => renderComponent(config, name, variant).objects);
}

/** The base and every variant of an install, as {@link renderInstall} renders them. */
export interface RenderedInstall {
  readonly base: RenderedObject[];
  readonly variants: ReadonlyMap<Variant, RenderedObject[]>;
}

/**
 * Renders the base and every variant, re-rendering for a variant only the components that read the variant: the
 * others are pure functions of the config, so their base objects are their variant objects too.
 */
export function renderVariants(config: KfpConfig): RenderedInstall {
  const base = installComponents(config).map((name) => ({ name, ...renderComponent(config, name, undefined) }));
  checkResourceKeys(config, base.flatMap((component) => component.objects.map((o) => o.manifest)));
  const variants = new Map(config.variants.map((variant) => [variant, base.flatMap((component) =>
    component.readsVariant ? renderComponent(config, component.name, variant).objects : component.objects)]));
  return { base: base.flatMap((component) => component.objects), variants };
}

function renderComponent(config: KfpConfig, name: ComponentName, variant: Variant | undefined) {
  const Component = componentType(name, config.release);
  // One App per component: cdk8s resolves and validates the whole App on every chart.toJson().
  const app = new App();
  const install = new Chart(app, name, { namespace: config.namespace, labels: APPLICATION_LABELS });
  const installCluster = new Chart(app, `${name}-install-cluster`, { labels: APPLICATION_LABELS });
  const shared = new Chart(app, `${name}-shared`, { labels: APPLICATION_LABELS });
  let readsVariant = false;
  new Component(install, 'Component', {
    config,
    get variant() {
      readsVariant = true;
      return variant;
    },
    clusterScope: shared,
    installClusterScope: installCluster,
  });
  const objects = ([[Scope.INSTALL, installCluster], [Scope.INSTALL, install], [Scope.SHARED, shared]] as const)
    .flatMap(([scope, chart]) => chart.toJson()
      .map((manifest) => ({
        component: name,
        scope,
        manifest: keepFromPruning(withReloadAnnotation(config, withPodSettings(config, manifest)), config.gitopsTools),
      })));
  return { objects, readsVariant };
}
