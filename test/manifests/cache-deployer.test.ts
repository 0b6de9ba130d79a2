import { KFP_2_17_0 } from '../../src/catalog/kfp-2.17.0';
import { findObject } from '../util';
import { containerOf, envOf, expectBinding, pick, renderRepo, RenderedRepo } from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'kubeflow-pipelines-cache-deployer-sa'], ['Role', 'kubeflow-pipelines-cache-deployer-role'],
  ['RoleBinding', 'kubeflow-pipelines-cache-deployer-rolebinding'], ['Deployment', 'cache-deployer-deployment'],
] as const;
const CLUSTER_ROLE = 'kubeflow-pipelines-cache-deployer-clusterrole';
const clusterRoleBinding = (namespace: string) => `kubeflow-pipelines-cache-deployer-clusterrolebinding-${namespace}`;

describe('Cache deployer', () => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ namespace: 'team-kfp' });
  });

  test('runs the catalog\'s image on the install\'s namespace, as upstream', () => {
    const deployment = findObject(repo.base, 'Deployment', 'cache-deployer-deployment');
    const main = containerOf(repo.base, 'cache-deployer-deployment', 'main');
    expect(main.image).toBe(KFP_2_17_0.images.cacheDeployer);
    expect(envOf(repo.base, main, 'NAMESPACE_TO_WATCH')).toEqual({ field: 'metadata.namespace' });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('kubeflow-pipelines-cache-deployer-sa');
  });

  test('may manage Secrets in its namespace through its Role', () => {
    expectBinding({
      bindings: repo.base,
      binding: 'kubeflow-pipelines-cache-deployer-rolebinding',
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: KFP_2_17_0.rbac['kubeflow-pipelines-cache-deployer-role'],
      serviceAccounts: repo.base,
      serviceAccount: 'kubeflow-pipelines-cache-deployer-sa',
      namespace: 'team-kfp',
    });
  });

  test('may sign its certificate and register the webhook through a shared ClusterRole bound by the install', () => {
    expectBinding({
      bindings: repo.base,
      binding: clusterRoleBinding('team-kfp'),
      bindingKind: 'ClusterRoleBinding',
      roles: repo.crds,
      rules: KFP_2_17_0.rbac[CLUSTER_ROLE],
      serviceAccounts: repo.base,
      serviceAccount: 'kubeflow-pipelines-cache-deployer-sa',
      namespace: 'team-kfp',
    });
    // the ClusterRole is the same for every install; the binding names this install's ServiceAccount
    expect(repo.crds.filter((o) => o.kind.startsWith('Cluster')).map((o) => o.kind)).toEqual(['ClusterRole']);
    for (const object of [findObject(repo.crds, 'ClusterRole', CLUSTER_ROLE), findObject(repo.base, 'ClusterRoleBinding', clusterRoleBinding('team-kfp'))]) {
      expect(object.metadata.namespace).toBeUndefined();
    }
  });

  test('names the binding after the namespace, so installs in two namespaces do not collide', () => {
    const binding = findObject(renderRepo().base, 'ClusterRoleBinding', clusterRoleBinding('kubeflow'));
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kubeflow-pipelines-cache-deployer-sa', namespace: 'kubeflow' }]);
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});
