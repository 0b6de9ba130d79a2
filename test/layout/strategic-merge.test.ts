import { SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { resolveInstalls } from '../../src/config';
import { strategicMergePatch } from '../../src/layout/strategic-merge';
import { renderInstall } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import { IamMechanism } from '../../src/options';

/** A Deployment whose one pod has `containers`. */
const deployment = (containers: unknown[]) => ({ kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers } } } });
const service = (ports: unknown[]) => ({ kind: 'Service', metadata: { name: 's' }, spec: { ports } });

describe('strategicMergePatch', () => {
  test('is undefined for equal objects', () => {
    expect(strategicMergePatch({ kind: 'ConfigMap', a: 1, b: [1, 2] }, { kind: 'ConfigMap', a: 1, b: [1, 2] })).toBeUndefined();
  });

  test('keeps only changed and added fields', () => {
    expect(strategicMergePatch(
      { kind: 'ConfigMap', metadata: { name: 'x', labels: { a: '1' } }, data: { k: 'old', same: 's' } },
      { kind: 'ConfigMap', metadata: { name: 'x', labels: { a: '1' }, annotations: { r: 'arn' } }, data: { k: 'new', same: 's' } },
    )).toEqual({ metadata: { annotations: { r: 'arn' } }, data: { k: 'new' } });
  });

  test('merges containers and env by name', () => {
    const base = deployment([{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }] }, { name: 'd', image: 'j' }]);
    const target = deployment([{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'd', image: 'j' }]);
    expect(strategicMergePatch(base, target)).toEqual({ spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] } } } });
  });

  test('merges container ports by containerPort and Service ports by port', () => {
    const http = { name: 'http', port: 8888, targetPort: 8888 };
    const grpc = { name: 'grpc', port: 8887, targetPort: 8887 };
    // GIVEN two identical Services with two ports (matching them by containerPort once made a patch of this)
    expect(strategicMergePatch(service([http, grpc]), service([http, grpc]))).toBeUndefined();
    // WHEN one port changes THEN only that port, by its key, is in the patch
    expect(strategicMergePatch(service([http, grpc]), service([http, { ...grpc, targetPort: 9000 }])))
      .toEqual({ spec: { ports: [{ port: 8887, targetPort: 9000 }] } });
    const ports = [{ name: 'http', containerPort: 8888 }, { name: 'grpc', containerPort: 8887 }];
    expect(strategicMergePatch(deployment([{ name: 'c', ports }]), deployment([{ name: 'c', ports }]))).toBeUndefined();
  });

  test('replaces lists without a merge key whole, and every list of a kind it does not know', () => {
    expect(strategicMergePatch(deployment([{ name: 'c', args: ['a', 'b'] }]), deployment([{ name: 'c', args: ['a', 'c'] }])))
      .toEqual({ spec: { template: { spec: { containers: [{ name: 'c', args: ['a', 'c'] }] } } } });
    expect(strategicMergePatch({ kind: 'Workflow', containers: [{ name: 'a' }] }, { kind: 'Workflow', containers: [{ name: 'a' }, { name: 'b' }] }))
      .toEqual({ containers: [{ name: 'a' }, { name: 'b' }] });
  });

  test('refuses to express removals', () => {
    expect(() => strategicMergePatch({ kind: 'ConfigMap', a: 1, b: 2 }, { kind: 'ConfigMap', a: 1 })).toThrow(/removes/);
    expect(() => strategicMergePatch(deployment([{ name: 'c', env: [{ name: 'A' }] }]), deployment([{ name: 'c', env: [] }])))
      .toThrow(/removes .*env item "A"/);
  });
});

describe('every rendered object diffed against itself', () => {
  const families: ReadonlyArray<[string, object]> = [
    ['defaults', {}],
    ['kube2iam', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } }],
    ['S3-compatible store', { s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
    ['external database', { externalDatabase: { host: 'db.example.com' } }],
  ];
  test.each(SUPPORTED_KFP_VERSIONS.flatMap((kfpVersion) => families.map(([name, options]) => [kfpVersion, name, options] as const)))(
    'gives no patch (KFP %s, %s)', (kfpVersion, _name, options) => {
      const [config] = resolveInstalls({ name: 'x', kfpVersion, ...options });
      for (const variant of [undefined, ...VARIANTS]) {
        for (const { manifest } of renderInstall(config, variant)) {
          const copy = JSON.parse(JSON.stringify(manifest));
          expect({ object: `${manifest.kind}/${manifest.metadata.name}`, patch: strategicMergePatch(manifest, copy) })
            .toEqual({ object: `${manifest.kind}/${manifest.metadata.name}`, patch: undefined });
        }
      }
    });
});
