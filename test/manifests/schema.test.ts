import * as path from 'path';
import { CacheWebhook } from '../../src';
import { findRelease, RELEASES } from '../../src/catalog';
import { IAM_MECHANISMS } from '../../src/iam';
import { SchemaModels, schemaProblems } from '../../src/validate';
import { kustomize, mechanismsOf, synthToDisk, TestOptions } from '../util';

/*
 * The schema check of src/validate (kubernetes-models 4.x), which the deployment repo's `validate` task runs too, on
 * every folder a user applies. test/validate/schema.test.ts shows that it catches a broken object.
 */

/** An external server, with TLS where the release can do it. */
const externalDatabase = (kfpVersion: string) => ({
  host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com',
  tlsCaConfigMap: findRelease(kfpVersion)!.mysql.tls ? 'rds-ca' : undefined,
});

const FOLDERS = ['crds', 'overlay/accesskey', 'overlay/iam', 'installs/team-b/overlay/accesskey', 'installs/team-b/overlay/iam'];

const models = SchemaModels.load();

describe.each<[string, string, TestOptions]>(RELEASES.flatMap((release) => {
  const { version: kfpVersion } = release;
  const mechanisms = mechanismsOf(release).map((mechanism): [string, TestOptions] =>
    [mechanism, { iam: { mechanism, roleArn: IAM_MECHANISMS[mechanism].roleByName ? 'kfp-role' : 'arn:aws:iam::123456789012:role/kfp' } }]);
  return [
    ...mechanisms.map(([name, iam]): [string, string, TestOptions] => [kfpVersion, name, { kfpVersion, ...iam }]),
    // With the external database, the cache webhook too where the release has one (cert-manager's Issuer and Certificate).
    [kfpVersion, `${mechanisms[0][0]}, external database, cache webhook`, {
      kfpVersion,
      ...mechanisms[0][1],
      externalDatabase: externalDatabase(kfpVersion),
      cacheWebhook: release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined,
      additionalInstalls: [{ namespace: 'team-b', externalDatabase: { ...externalDatabase(kfpVersion), pipelineDb: 'team_b_pipeline', metadataDb: 'team_b_metadata', cacheDb: 'team_b_cache' } }],
    }],
  ];
}))('objects of KFP %s (%s) against the Kubernetes schemas', (_version, _name, extra) => {
  const outdir = synthToDisk({ bucket: 'schema-test', region: 'eu-central-1', namespace: 'kfp-ns', additionalInstalls: [{ namespace: 'team-b' }], ...extra });

  test.each(FOLDERS.map((folder) => [folder]))('%s', (folder: string) => {
    const objects = kustomize(path.join(outdir, folder));
    expect(objects.length).toBeGreaterThan(0);
    expect(schemaProblems(objects, models)).toEqual([]);
  });
});
