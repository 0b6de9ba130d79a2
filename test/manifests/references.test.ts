import * as fs from 'fs';
import * as path from 'path';
import { CacheWebhook, IamMechanism } from '../../src';
import { findRelease, RELEASES } from '../../src/catalog';
import { resolveInstalls } from '../../src/config';
import { externalObjects, userCreatedObjects } from '../../src/manifests/external-objects';
import { Variant, VARIANTS } from '../../src/manifests/variant';
import { referenceProblems } from '../../src/validate';
import { kustomize, mechanismsOf, synthToDisk, TestOptions } from '../util';

/*
 * Every reference between the objects of an overlay plus `crds/` resolves (the reference check of src/validate, which
 * the deployment repo's `validate` task runs too); the only objects they may lack are the ones the user creates, which
 * the README lists, and the ones pods create at run time. test/validate/references.test.ts shows that the check
 * catches a broken reference.
 */

/** The in-cluster MySQL, or an external server (with TLS where the release can do it). */
type Database = 'in-cluster' | 'external';

const CASES = RELEASES.flatMap((release) => mechanismsOf(release).flatMap((mechanism) =>
  VARIANTS.map((variant) => [release.version, mechanism, variant, 'in-cluster'] as [string, IamMechanism, Variant, Database])))
  .concat(RELEASES.flatMap((release) =>
    VARIANTS.map((variant) => [release.version, mechanismsOf(release)[0], variant, 'external'] as [string, IamMechanism, Variant, Database])));

describe.each(CASES)('references of KFP %s (%s) in overlay/%s, %s database', (kfpVersion, mechanism, variant, database) => {
  const options: TestOptions = {
    kfpVersion,
    namespace: 'kfp-refs',
    bucket: 'refs-bucket',
    region: 'eu-west-1',
    iam: { mechanism, roleArn: 'arn:aws:iam::123456789012:role/kfp' },
    // With the external database, the cache webhook too where the release has one: its objects and their references.
    cacheWebhook: database === 'external' && findRelease(kfpVersion)!.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined,
    accessKey: { secretName: 'aws-creds' },
    ...(database === 'external'
      ? {
        externalDatabase: {
          host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com',
          secretName: 'rds-creds',
          tlsCaConfigMap: findRelease(kfpVersion)!.mysql.tls ? 'rds-ca' : undefined,
        },
      }
      : { mysql: { secretName: 'db-creds' } }),
    additionalInstalls: [{
      namespace: 'kfp-refs-b',
      accessKey: { secretName: 'aws-creds-b', accessKeyIdKey: 'id' },
      ...(database === 'external'
        ? { externalDatabase: { host: 'kfp-b.abcdefghijkl.eu-west-1.rds.amazonaws.com', secretName: 'rds-creds-b' } }
        : { mysql: { secretName: 'db-creds-b' } }),
    }],
  };
  const [config, additional] = resolveInstalls({ name: 'x', ...options });
  const dir = synthToDisk(options);
  const crds = kustomize(path.join(dir, 'crds'));
  const objects = [...crds, ...kustomize(path.join(dir, 'overlay', variant))];

  test('every reference resolves', () => {
    expect(referenceProblems(objects, externalObjects(config, variant))).toEqual([]);
  });

  test('the objects the user creates are the ones the README tells them to create, and the pods read them', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf-8');
    const created = userCreatedObjects(config, variant);
    expect(created.map((o) => `${o.kind} ${o.name}`)).toEqual([
      database === 'external' ? 'Secret rds-creds' : 'Secret db-creds',
      ...(variant === 'accesskey' ? ['Secret aws-creds'] : []),
      ...(config.release.uiSigningKey ? ['Secret ml-pipeline-ui-secret'] : []),
      ...(config.mysql.tls ? ['ConfigMap rds-ca'] : []),
    ]);
    for (const { name } of created) expect(readme).toContain(`| \`${name}\` |`);
    // Without one of them, the check fails: each is needed, none is listed for nothing.
    for (const object of created) {
      const others = externalObjects(config, variant).filter((o) => o.kind !== object.kind || o.name !== object.name);
      expect(referenceProblems(objects, others).join('\n')).toContain(`${object.kind} kfp-refs/${object.name} does not exist`);
    }
  });

  test('every reference of the additional install resolves, to its own objects and the objects its user creates', () => {
    const own = [...crds, ...kustomize(path.join(dir, additional.root, 'overlay', variant))];
    expect(referenceProblems(own, externalObjects(additional, variant))).toEqual([]);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf-8');
    const installs = readme.slice(readme.indexOf('\n## Installs\n'));
    const row = installs.split('\n').find((line) => line.startsWith(`| \`${additional.namespace}\` |`));
    for (const { kind, name } of userCreatedObjects(additional, variant)) {
      if (kind === 'Secret') expect(row).toContain(`\`${name}\``);
    }
  });

  test('has the in-cluster MySQL only without an external database', () => {
    const mysqlObjects = objects.filter((o) => ['mysql', 'mysql-pv-claim', 'mysql-initdb'].includes(o.metadata.name));
    expect(mysqlObjects.length > 0).toBe(database === 'in-cluster');
  });
});
