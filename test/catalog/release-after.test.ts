import { releaseAfter } from '../../src/catalog';
import { KFP_2_17_0, KFP_2_17_0_TAGS, kfp2Images } from '../../src/catalog/kfp-2.17.0';
import { kfp2Settings } from '../../src/catalog/readers/kfp-2';

const settings = kfp2Settings({ ...KFP_2_17_0_TAGS, kfp: '2.18.0' });

describe('releaseAfter', () => {
  test('keeps whatever the changes do not name, and takes the new version', () => {
    const next = releaseAfter(KFP_2_17_0, { version: '2.18.0', settings });
    expect(next.version).toBe('2.18.0');
    const { version: _v, settings: _s, ...kept } = next;
    const { version: _pv, settings: _ps, ...predecessor } = KFP_2_17_0;
    expect(kept).toEqual(predecessor);
  });

  test('changes images one by one, and removes the ones given as null', () => {
    const next = releaseAfter(KFP_2_17_0, { version: '2.18.0', settings, images: { ...kfp2Images('2.18.0'), cacheImage: null } });
    expect(next.images.apiServer).toBe('ghcr.io/kubeflow/kfp-api-server:2.18.0');
    expect(next.images.frontend).toBe('ghcr.io/kubeflow/kfp-frontend:2.18.0');
    expect(next.images.metadataServer).toBe(KFP_2_17_0.images.metadataServer);
    expect(next.images.mysql).toBe(KFP_2_17_0.images.mysql);
    expect(next.images).not.toHaveProperty('cacheImage');
    // The predecessor is not touched.
    expect(KFP_2_17_0.images.apiServer).toBe('ghcr.io/kubeflow/kfp-api-server:2.17.0');
    expect(KFP_2_17_0.images.cacheImage).toBeDefined();
  });

  test('replaces the rules of a named role, removes a role given as null, and keeps the others', () => {
    const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];
    const next = releaseAfter(KFP_2_17_0, { version: '2.18.0', settings, rbac: { 'ml-pipeline-ui': rules, 'kubeflow-pipelines-public': null } });
    expect(next.rbac['ml-pipeline-ui']).toEqual(rules);
    expect(next.rbac).not.toHaveProperty('kubeflow-pipelines-public');
    expect(next.rbac['ml-pipeline']).toBe(KFP_2_17_0.rbac['ml-pipeline']);
  });

  test('merges Argo and MySQL facts field by field, and replaces lists whole', () => {
    const next = releaseAfter(KFP_2_17_0, {
      version: '2.18.0',
      settings,
      argo: { version: 'v4.1.0' },
      mysql: { tls: false },
      components: KFP_2_17_0.components.filter((name) => name !== 'visualization-server'),
    });
    expect(next.argo).toEqual({ ...KFP_2_17_0.argo, version: 'v4.1.0' });
    expect(next.mysql).toEqual({ ...KFP_2_17_0.mysql, tls: false });
    expect(next.components).not.toContain('visualization-server');
    expect(next.components).toHaveLength(KFP_2_17_0.components.length - 1);
  });

  test('takes the readers as given: each names the tag its code was read at', () => {
    const next = releaseAfter(KFP_2_17_0, { version: '2.18.0', settings });
    const readers = Object.values(next.settings).flatMap((r) => [r.env, r.args, r.keys].flatMap((m) => Object.values(m ?? {})));
    const kfpReaders = readers.filter((reader) => reader.startsWith('kubeflow/pipelines'));
    expect(kfpReaders.length).toBeGreaterThan(0);
    for (const reader of kfpReaders) expect(reader).toMatch(/^kubeflow\/pipelines@2\.18\.0:/);
  });
});
