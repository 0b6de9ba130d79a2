import { KFP_2_17_0 } from '../../src/catalog/kfp-2.17.0';
import { findObject } from '../util';
import { containerOf, envOf, expectBinding, pick, renderRepo, RenderedRepo } from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'kubeflow-pipelines-metadata-writer'], ['Role', 'kubeflow-pipelines-metadata-writer-role'],
  ['RoleBinding', 'kubeflow-pipelines-metadata-writer-binding'], ['Deployment', 'metadata-writer'],
] as const;

describe('ML Metadata writer', () => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ namespace: 'team-kfp' });
  });

  test('runs the catalog\'s image on the install\'s namespace', () => {
    const writer = containerOf(repo.base, 'metadata-writer', 'main');
    expect(writer.image).toBe(KFP_2_17_0.images.metadataWriter);
    expect(envOf(repo.base, writer, 'NAMESPACE_TO_WATCH')).toEqual({ field: 'metadata.namespace' });
  });

  test('waits for the metadata gRPC Service', () => {
    const wait = containerOf(repo.base, 'metadata-writer', 'wait-for-metadata-grpc');
    const service = findObject(repo.base, 'Service', envOf(repo.base, wait, 'WAIT_HOST') as string);
    expect(service.spec.ports.map((p: any) => String(p.port))).toContain(envOf(repo.base, wait, 'WAIT_PORT'));
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
      rules: KFP_2_17_0.rbac['kubeflow-pipelines-metadata-writer-role'],
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
