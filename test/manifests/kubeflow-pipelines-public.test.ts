import { findObject, releasesWith } from '../util';
import { pick, renderRepo, RenderedRepo } from './wiring';

const NAME = 'kubeflow-pipelines-public';
const OBJECTS = [['ConfigMap', NAME], ['Role', NAME], ['RoleBinding', NAME]] as const;

describe.each(releasesWith(NAME))('KFP %s kubeflow-pipelines-public', (kfpVersion, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ kfpVersion, namespace: 'team-kfp' });
  });

  test('publishes the installed version', () => {
    expect(findObject(repo.base, 'ConfigMap', NAME).data).toEqual({ kubeflow_pipelines_version: `v${release.version}` });
  });

  test('lets every authenticated user read that ConfigMap and nothing else', () => {
    const binding = findObject(repo.base, 'RoleBinding', NAME);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME });
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]);
    const role = findObject(repo.base, 'Role', NAME);
    expect(role.rules).toEqual(release.rbac[NAME]);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [NAME], verbs: ['get', 'list', 'watch'] }]);
    for (const object of pick(repo.base, OBJECTS)) expect(object.metadata.namespace).toBe('team-kfp');
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});
