import { SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { OPTION_LANDINGS, placesIn } from '../../src/docs/option-landings';
import { renderInstall } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import type { TestOptions } from '../util';

/** For each option in the table, a value different from its default. */
const CHANGES: Record<string, TestOptions> = {
  'bucket': { bucket: 'another-bucket' },
  'region': { region: 'eu-north-1' },
  'artifactPrefix': { artifactPrefix: 'kfp/artifacts' },
  'pipelinePrefix': { pipelinePrefix: 'kfp/pipelines' },
  'archiveLogs': { archiveLogs: false },
  'accessKey': { accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' } },
  'mysql.secretName': { mysql: { secretName: 'db-creds' } },
  'mysql.image': { mysql: { image: 'mysql:8.4.9' } },
  'mysql.storageSize': { mysql: { storageSize: '50Gi' } },
  'mysql.storageClassName': { mysql: { storageClassName: 'gp3' } },
  'additionalInstalls': { additionalInstalls: [{ namespace: 'team-b', bucket: 'another-bucket', iam: { roleArn: 'arn:aws:iam::123456789012:role/team-b' } }] },
};

/** The objects whose rendering changes when only `change` differs, in the base or in any overlay. */
function changedObjects(kfpVersion: string, change: TestOptions): string[] {
  const changed = new Set<string>();
  for (const variant of [undefined, ...VARIANTS]) {
    const before = renderInstall(resolveConfig({ name: 'x', kfpVersion }), variant);
    const after = renderInstall(resolveConfig({ name: 'x', kfpVersion, ...change }), variant);
    before.forEach((object, i) => {
      if (JSON.stringify(object.manifest) !== JSON.stringify(after[i].manifest)) {
        changed.add(`${object.manifest.kind}/${object.manifest.metadata.name}`);
      }
    });
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
    expect(changedObjects(kfpVersion, CHANGES[option])).toEqual(documented);
  });
});
