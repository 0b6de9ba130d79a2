import * as fs from 'fs';
import * as path from 'path';
import { CacheWebhook } from '../../src';
import { findRelease, KfpRelease, RELEASES } from '../../src/catalog';
import { resolveInstalls } from '../../src/config';
import { IAM_MECHANISMS } from '../../src/iam';
import { renderInstall, Scope } from '../../src/manifests/install';
import { Variant, VARIANTS } from '../../src/manifests/variant';
import { kustomize, mechanismsOf, synthToDisk, TestOptions } from '../util';

const byIdentity = (a: any, b: any) => identity(a).localeCompare(identity(b));
const identity = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Objects as kustomize orders fields: compare content, not key order. */
function normalize(objects: any[]): any[] {
  return objects.map((o) => JSON.parse(JSON.stringify(o, sortedKeys))).sort(byIdentity);
}

function sortedKeys(_key: string, value: unknown) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}

/** An external server, with TLS where the release can do it. */
const externalDatabase = (kfpVersion: string) => ({
  host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com',
  tlsCaConfigMap: findRelease(kfpVersion)!.mysql.tls ? 'rds-ca' : undefined,
});

/** The IAM options of each mechanism the release supports. */
const mechanismOptions = (release: KfpRelease): Array<[string, TestOptions]> => mechanismsOf(release).map((mechanism) =>
  [mechanism, { iam: { mechanism, roleArn: IAM_MECHANISMS[mechanism].roleByName ? 'kfp-role' : 'arn:aws:iam::123456789012:role/kfp' } }]);

describe.each<[string, string, TestOptions]>(RELEASES.flatMap((release) => {
  const { version: kfpVersion } = release;
  const [first] = mechanismOptions(release);
  return [
    ...mechanismOptions(release).map(([name, iam]): [string, string, TestOptions] => [kfpVersion, name, { kfpVersion, ...iam }]),
    // The access-key overlay adds keys in front of a custom store's settings in the UI.
    [kfpVersion, `${first[0]}, S3-compatible store`, { kfpVersion, ...first[1], s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
    [kfpVersion, `${first[0]}, external database, cache webhook`, {
      kfpVersion,
      ...first[1],
      externalDatabase: externalDatabase(kfpVersion),
      cacheWebhook: release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined,
      additionalInstalls: [{ namespace: 'team-b', externalDatabase: { ...externalDatabase(kfpVersion), pipelineDb: 'team_b_pipeline', metadataDb: 'team_b_metadata', cacheDb: 'team_b_cache' } }],
    }],
  ];
}))('overlays of KFP %s built by kustomize (%s)', (_version, _name, extra) => {
  const options: TestOptions = { bucket: 'overlay-test', region: 'eu-central-1', namespace: 'kfp-ns', additionalInstalls: [{ namespace: 'team-b' }], ...extra };
  const outdir = synthToDisk(options);
  const [config, teamB] = resolveInstalls({ name: 'x', ...options });

  test('crds builds to exactly the shared objects', () => {
    const shared = renderInstall(config).filter((o) => o.scope === Scope.SHARED).map((o) => o.manifest);
    expect(normalize(kustomize(path.join(outdir, 'crds')))).toEqual(normalize(shared));
  });

  test('base builds to exactly the credential-agnostic install', () => {
    const install = renderInstall(config).filter((o) => o.scope === Scope.INSTALL).map((o) => o.manifest);
    expect(normalize(kustomize(path.join(outdir, 'base')))).toEqual(normalize(install));
  });

  test('each base/<component> builds alone to exactly that component\'s objects', () => {
    const install = renderInstall(config).filter((o) => o.scope === Scope.INSTALL);
    const components = [...new Set(install.map((o) => o.component))];
    expect(fs.readdirSync(path.join(outdir, 'base')).filter((f) => f !== 'kustomization.yaml').sort()).toEqual([...components].sort());
    for (const component of components) {
      const objects = install.filter((o) => o.component === component).map((o) => o.manifest);
      expect(normalize(kustomize(path.join(outdir, 'base', component)))).toEqual(normalize(objects));
    }
  });

  test.each(VARIANTS.map((v) => [v]))('overlay/%s builds to exactly what the variant renders, where the install has it', (variant: Variant) => {
    if (!config.variants.includes(variant)) {
      expect(fs.existsSync(path.join(outdir, 'overlay', variant))).toBe(false);
      return;
    }
    const expected = renderInstall(config, variant).filter((o) => o.scope === Scope.INSTALL).map((o) => o.manifest);
    expect(normalize(kustomize(path.join(outdir, 'overlay', variant)))).toEqual(normalize(expected));
  });

  test('installs/team-b/base builds to exactly the additional install\'s credential-agnostic objects', () => {
    const install = renderInstall(teamB).filter((o) => o.scope === Scope.INSTALL).map((o) => o.manifest);
    expect(normalize(kustomize(path.join(outdir, teamB.root, 'base')))).toEqual(normalize(install));
  });

  test.each(VARIANTS.map((v) => [v]))('installs/team-b/overlay/%s builds to exactly what the additional install renders', (variant: Variant) => {
    if (!teamB.variants.includes(variant)) return;
    const expected = renderInstall(teamB, variant).filter((o) => o.scope === Scope.INSTALL).map((o) => o.manifest);
    expect(normalize(kustomize(path.join(outdir, teamB.root, 'overlay', variant)))).toEqual(normalize(expected));
  });
});
