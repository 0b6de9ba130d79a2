import * as fs from 'fs';
import * as path from 'path';
import { runScript } from '../ops/kubectl-stub';
import { synthFiles, synthToDisk, tempDir, readmeSection } from '../util';

/** The bash code blocks of `text`. */
const bashBlocks = (text: string) => [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);

const RDS_INSTANCE = 'kfp-db.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const AURORA_CLUSTER = 'kfp-aurora.cluster-abcdefghijkl.eu-central-1.rds.amazonaws.com';

describe('backup commands in the README', () => {
  test('before an upgrade and before an uninstall, the in-cluster MySQL is dumped with the root password of the pod', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', namespace: 'ml' })['README.md'];
    for (const title of ['Changing settings and upgrading', 'Uninstall']) {
      const text = readmeSection(readme, title);
      expect(text).toContain('kubectl -n ml exec deploy/mysql -c mysql -- sh -c \\\n'
        + '  \'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec mysqldump -uroot --single-transaction --databases mlpipeline metadb cachedb\' \\\n'
        + '  > "$dump"');
      expect(text).not.toContain('aws rds');
    }
    expect(readmeSection(readme, 'Changing settings and upgrading')).toContain('`npx projen deploy --force` installs over it');
  });

  test('dumps the databases of the release (0.2.3 has two)', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', kfpVersion: '0.2.3' })['README.md'];
    expect(readmeSection(readme, 'Uninstall')).toContain('--databases mlpipeline metadb\'');
  });

  test('the dump command, run as written, reads the password in the pod and never shows it', () => {
    // GIVEN the README's backup block and a MySQL pod whose mysqldump accepts only the root password of its environment
    const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml' });
    const [block] = bashBlocks(readmeSection(fs.readFileSync(path.join(repo, 'README.md'), 'utf-8'), 'Uninstall').split('### Back up before you uninstall')[1]);
    const work = tempDir();
    fs.writeFileSync(path.join(work, 'backup.sh'), `#!/usr/bin/env bash\nset -euo pipefail\ncd ${JSON.stringify(work)}\n${block}`, { mode: 0o755 });
    const rootPassword = 'root-password-of-the-pod';
    const cluster = {
      context: 'prod',
      container: {
        env: { MYSQL_ROOT_PASSWORD: rootPassword },
        programs: { mysqldump: '[[ "${MYSQL_PWD-}" == "$MYSQL_ROOT_PASSWORD" ]] || { echo \'Access denied\' >&2; exit 2; }\necho "-- dump as $1 of $*"' },
      },
    };

    // WHEN it runs
    const run = runScript(repo, path.join(work, 'backup.sh'), [], { cluster });

    // THEN the dump of the three databases is in the file, and the password was nowhere but in the pod's environment
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const dumps = fs.readdirSync(work).filter((f) => /^kfp-ml-\d{8}-\d{6}\.sql$/.test(f));
    expect(dumps).toHaveLength(1);
    expect(fs.readFileSync(path.join(work, dumps[0]), 'utf-8')).toBe('-- dump as -uroot of -uroot --single-transaction --databases mlpipeline metadb cachedb\n');
    expect(run.calls.map((c) => c.args.join(' '))).toEqual([
      '-n ml exec deploy/mysql -c mysql -- sh -c MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec mysqldump -uroot --single-transaction --databases mlpipeline metadb cachedb',
    ]);
    expect(run.stdout + run.stderr + fs.readFileSync(path.join(work, 'backup.sh'), 'utf-8')).not.toContain(rootPassword);
  });

  test.each([
    ['an RDS instance', RDS_INSTANCE, [
      'aws rds create-db-snapshot --region eu-west-1 --db-instance-identifier kfp-db --db-snapshot-identifier "$snapshot"',
      'aws rds wait db-snapshot-available --region eu-west-1 --db-snapshot-identifier "$snapshot"',
    ]],
    ['an Aurora cluster', AURORA_CLUSTER, [
      'aws rds create-db-cluster-snapshot --region eu-central-1 --db-cluster-identifier kfp-aurora --db-cluster-snapshot-identifier "$snapshot"',
      'aws rds wait db-cluster-snapshot-available --region eu-central-1 --db-cluster-snapshot-identifier "$snapshot"',
    ]],
    ['another server', 'mysql.example.com', [
      'aws rds create-db-snapshot --region us-east-1 --db-instance-identifier <instance> --db-snapshot-identifier "$snapshot"',
      'aws rds create-db-cluster-snapshot --region us-east-1 --db-cluster-identifier <cluster> --db-cluster-snapshot-identifier "$snapshot"',
    ]],
  ])('with an external database on %s, takes a snapshot before an upgrade and before an uninstall', (_, host, commands) => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', namespace: 'team--ml', externalDatabase: { host } })['README.md'];
    for (const title of ['Changing settings and upgrading', 'Uninstall']) {
      const text = readmeSection(readme, title);
      // a snapshot name RDS accepts: letters, digits, single hyphens
      expect(text).toContain('snapshot=kfp-team-ml-$(date +%Y%m%d-%H%M)');
      for (const command of commands) expect(text).toContain(command);
      expect(text).not.toContain('mysqldump');
    }
  });
});
