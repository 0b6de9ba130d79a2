import { WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWith } from '../util';
import { containerOf, envOf, expectBinding, pick, renderRepoOnce, RenderedRepo } from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'kubeflow-pipelines-metadata-writer'], ['Role', 'kubeflow-pipelines-metadata-writer-role'],
  ['RoleBinding', 'kubeflow-pipelines-metadata-writer-binding'], ['Deployment', 'metadata-writer'],
] as const;

describe.each(releasesWith('metadata-writer'))('KFP %s ML Metadata writer', (kfpVersion, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
  });

  test('runs the catalog\'s image on the install\'s namespace', () => {
    const writer = containerOf(repo.base, 'metadata-writer', 'main');
    expect(writer.image).toBe(release.images.metadataWriter);
    expect(envOf(repo.base, writer, 'NAMESPACE_TO_WATCH')).toEqual({ field: 'metadata.namespace' });
  });

  test('runs as its ServiceAccount, bound to the catalog\'s Role', () => {
    const deployment = findObject(repo.base, 'Deployment', 'metadata-writer');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('kubeflow-pipelines-metadata-writer');
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expectBinding({
      bindings: repo.base,
      binding: 'kubeflow-pipelines-metadata-writer-binding',
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac['kubeflow-pipelines-metadata-writer-role'],
      serviceAccounts: repo.base,
      serviceAccount: 'kubeflow-pipelines-metadata-writer',
      namespace: 'team-kfp',
    });
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});

describe.each(releasesWith('metadata-writer', WorkloadLayout.RESTRICTED))('KFP %s ML Metadata writer (restricted layout)', (kfpVersion) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
  });

  test('waits for the metadata gRPC Service', () => {
    const wait = containerOf(repo.base, 'metadata-writer', 'wait-for-metadata-grpc');
    const service = findObject(repo.base, 'Service', envOf(repo.base, wait, 'WAIT_HOST') as string);
    expect(service.spec.ports.map((p: any) => String(p.port))).toContain(envOf(repo.base, wait, 'WAIT_PORT'));
  });
});
