import { KfpRelease, SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { OPTION_LANDINGS, placesIn } from '../../src/docs/option-landings';
import { renderInstall } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import type { TestOptions } from '../util';

/** Options that differ only in the option under test; `from` is the defaults unless given. */
interface Change {
  readonly from?: TestOptions;
  readonly to: TestOptions;
  /** Set when only some releases accept the option; the others must document no place for it. */
  readonly appliesTo?: (release: KfpRelease) => boolean;
}

const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';

/** For each option in the table, a value different from its default. */
const CHANGES: Record<string, Change> = {
  'bucket': { to: { bucket: 'another-bucket' } },
  'region': { to: { region: 'eu-north-1' } },
  's3Endpoint': { to: { s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } } },
  'artifactPrefix': { to: { artifactPrefix: 'kfp/artifacts' } },
  'pipelinePrefix': { to: { pipelinePrefix: 'kfp/pipelines' } },
  'archiveLogs': { to: { archiveLogs: false } },
  'accessKey': { to: { accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' } } },
  'mysql.secretName': { to: { mysql: { secretName: 'db-creds' } } },
  'mysql.image': { to: { mysql: { image: 'mysql:8.4.9' } } },
  'mysql.storageSize': { to: { mysql: { storageSize: '50Gi' } } },
  'mysql.storageClassName': { to: { mysql: { storageClassName: 'gp3' } } },
  'externalDatabase': {
    to: { externalDatabase: { host: RDS, port: 3307, pipelineDb: 'kfp_pipelines', metadataDb: 'kfp_metadata', cacheDb: 'kfp_cache' } },
  },
  'externalDatabase.secretName': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, secretName: 'rds-creds' } },
  },
  'externalDatabase.tlsCaConfigMap': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, tlsCaConfigMap: 'rds-ca' } },
    appliesTo: (release) => release.mysql.tls,
  },
  'externalDatabase.connectionMaxLifetime': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, connectionMaxLifetime: '5m' } },
    appliesTo: (release) => release.mysql.connectionLifetime,
  },
  'additionalInstalls': { to: { additionalInstalls: [{ namespace: 'team-b', bucket: 'another-bucket', iam: { roleArn: 'arn:aws:iam::123456789012:role/team-b' } }] } },
};

/** The objects whose rendering changes, appears or goes when only the option differs, in the base or in any overlay. */
function changedObjects(kfpVersion: string, change: Change): string[] {
  const changed = new Set<string>();
  const render = (options: TestOptions | undefined, variant?: (typeof VARIANTS)[number]) => new Map(
    renderInstall(resolveConfig({ name: 'x', kfpVersion, ...options }), variant)
      .map((o) => [`${o.manifest.kind}/${o.manifest.metadata.name}`, JSON.stringify(o.manifest)]));
  for (const variant of [undefined, ...VARIANTS]) {
    const before = render(change.from, variant);
    const after = render(change.to, variant);
    for (const object of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(object) !== after.get(object)) changed.add(object);
    }
  }
  return [...changed].sort();
}

describe.each(SUPPORTED_KFP_VERSIONS)('option landings of KFP %s', (kfpVersion) => {
  const { release } = resolveConfig({ name: 'x', kfpVersion });
  const rendered = new Set(renderInstall(resolveConfig({ name: 'x', kfpVersion })).map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`));

  test('every option of the table has a change to try', () => {
    expect(OPTION_LANDINGS.map((l) => l.option).sort()).toEqual(Object.keys(CHANGES).sort());
  });

  test.each(OPTION_LANDINGS.map((l) => [l.option, l]))('%s lands exactly where the README says', (option, landing) => {
    const documented = [...new Set(placesIn(landing, release, rendered).map((p) => `${p.kind}/${p.name}`))].sort();
    const change = CHANGES[option];
    if (change.appliesTo && !change.appliesTo(release)) {
      expect(documented).toEqual([]);
      return;
    }
    expect(changedObjects(kfpVersion, change)).toEqual(documented);
  });
});
