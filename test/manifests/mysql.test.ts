import { CacheWebhook } from '../../src';
import { findRelease, KfpDatabase, KfpRelease, WorkloadLayout } from '../../src/catalog';
import { KfpConfig, resolveConfig } from '../../src/config';
import { findObject, releasesWhere, releasesWith, TestOptions } from '../util';
import { createdDatabases, grants, INIT_DIR, sourceInitScripts } from './mysql-init';
import { containerOf, envOf, pick, renderRepo, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const MYSQL_OBJECTS = [
  ['ServiceAccount', 'mysql'], ['PersistentVolumeClaim', 'mysql-pv-claim'], ['Service', 'mysql'],
  ['ConfigMap', 'mysql-initdb'], ['Deployment', 'mysql'],
] as const;

/** The options of the install, with the cache webhook where the release has one: its database is MySQL's too. */
const optionsOf = (release: KfpRelease): TestOptions => ({
  kfpVersion: release.version,
  namespace: 'kfp-db',
  mysql: { secretName: 'kfp-mysql-creds' },
  cacheWebhook: release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined,
});

/** The name of each database of the release in `config`. */
const databaseNames = (release: KfpRelease, config: KfpConfig): string[] => release.mysql.databases.map((db: KfpDatabase) =>
  ({ pipeline: config.mysql.pipelineDb, metadata: config.mysql.metadataDb, cache: config.mysql.cacheDb })[db]);

describe.each(releasesWith('mysql'))('KFP %s MySQL', (_version, release) => {
  const config = resolveConfig({ name: 'x', ...optionsOf(release) });
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce(optionsOf(release));
  });

  test('runs the release\'s MySQL with the release\'s server options', () => {
    const mysql = containerOf(repo.base, 'mysql', 'mysql');
    expect(mysql.image).toBe(release.images.mysql);
    expect(mysql.args).toEqual(['--datadir', '/var/lib/mysql', ...release.mysql.args]);
    expect(findObject(repo.base, 'Deployment', 'mysql').spec.template.spec.serviceAccountName).toBe('mysql');
    expect(findObject(repo.base, 'ServiceAccount', 'mysql')).toBeDefined();
  });

  test('takes every credential from the user\'s Secret, never an empty root password', () => {
    const mysql = containerOf(repo.base, 'mysql', 'mysql');
    expect(mysql.env.map((e: any) => e.name)).toEqual(['MYSQL_ROOT_PASSWORD', 'MYSQL_USER', 'MYSQL_PASSWORD']);
    expect(envOf(repo.base, mysql, 'MYSQL_ROOT_PASSWORD')).toEqual({ secret: 'kfp-mysql-creds', key: 'root-password' });
    expect(envOf(repo.base, mysql, 'MYSQL_USER')).toEqual({ secret: 'kfp-mysql-creds', key: 'username' });
    expect(envOf(repo.base, mysql, 'MYSQL_PASSWORD')).toEqual({ secret: 'kfp-mysql-creds', key: 'password' });
    expect(repo.base.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('the init script creates the release\'s databases and grants the Secret\'s user on each', () => {
    const result = sourceInitScripts(repo.base, { MYSQL_USER: 'kfp', MYSQL_PASSWORD: 'not-in-the-repo' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const databases = databaseNames(release, config);
    expect(databases.length).toBeGreaterThan(0);
    expect(createdDatabases(result.stdout).sort()).toEqual([...databases].sort());
    expect(grants(result.stdout).sort()).toEqual(databases.map((db) => `kfp@${db}`).sort());
    expect(result.stdout).not.toContain('not-in-the-repo');
  });

  test('the init script stops the first start when the Secret has no user', () => {
    const result = sourceInitScripts(repo.base, { MYSQL_USER: '', MYSQL_PASSWORD: 'x' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('kfp-mysql-creds');
    expect(result.stdout).toBe('');
  });

  test('mounts the init script where the entrypoint sources it, not executable', () => {
    const deployment = findObject(repo.base, 'Deployment', 'mysql');
    const mount = containerOf(repo.base, 'mysql', 'mysql').volumeMounts.find((m: any) => m.mountPath === INIT_DIR);
    const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
    expect(volume.configMap.name).toBe('mysql-initdb');
    expect(volume.configMap.defaultMode.toString(8)).not.toMatch(/[1357]/);
    expect(Object.keys(findObject(repo.base, 'ConfigMap', 'mysql-initdb').data)).toEqual([expect.stringMatching(/\.sh$/)]);
  });

  test('keeps its data on PVC mysql-pv-claim of the default StorageClass and 20Gi', () => {
    const pvc = findObject(repo.base, 'PersistentVolumeClaim', 'mysql-pv-claim');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    const deployment = findObject(repo.base, 'Deployment', 'mysql');
    const data = deployment.spec.template.spec.volumes.find((v: any) => v.persistentVolumeClaim);
    expect(data.persistentVolumeClaim.claimName).toBe('mysql-pv-claim');
    const mount = containerOf(repo.base, 'mysql', 'mysql').volumeMounts.find((m: any) => m.name === data.name);
    expect(mount.mountPath).toBe('/var/lib/mysql');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('serves the configured host and port through its Service', () => {
    const service = findObject(repo.base, 'Service', config.mysql.host);
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([config.mysql.port]);
    expect(selectedDeployments(repo.base, service.metadata.name)).toEqual(['mysql']);
    expect(findObject(repo.base, 'Deployment', 'mysql').spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(targetContainerPort(service.spec.ports[0], containerOf(repo.base, 'mysql', 'mysql'))).toBe(3306);
  });

  test('runs as the image\'s mysql user with upstream\'s security context', () => {
    const pod = findObject(repo.base, 'Deployment', 'mysql').spec.template.spec;
    expect(pod.securityContext).toEqual({ fsGroup: 999, fsGroupChangePolicy: 'OnRootMismatch', runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(containerOf(repo.base, 'mysql', 'mysql').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, MYSQL_OBJECTS);
    expect(pick(repo.accesskey, MYSQL_OBJECTS)).toEqual(base);
    expect(pick(repo.iam, MYSQL_OBJECTS)).toEqual(base);
  });
});

test('KFP 2.17.0 runs MySQL 8.4 with native passwords, as upstream, and its three databases', () => {
  const release = findRelease('2.17.0')!;
  expect(release.images.mysql).toBe('mysql:8.4');
  expect(release.mysql.args).toEqual(['--authentication-policy=mysql_native_password', '--mysql-native-password=ON', '--disable-log-bin']);
  expect(release.mysql.databases).toEqual(['pipeline', 'metadata', 'cache']);
});

describe.each(releasesWhere((r) => r.components.includes('mysql') && r.components.includes('pipeline-install-config')))(
  'KFP %s MySQL in pipeline-install-config', (_version, release) => {
    test('serves the host and port of pipeline-install-config through its Service', () => {
      const config = resolveConfig({ name: 'x', ...optionsOf(release) });
      const { base } = renderRepoOnce(optionsOf(release));
      const install = findObject(base, 'ConfigMap', 'pipeline-install-config').data;
      const service = findObject(base, 'Service', install.mysqlHost);
      expect(service.metadata.name).toBe(config.mysql.host);
      expect(service.spec.ports.map((p: any) => String(p.port))).toEqual([install.mysqlPort]);
      expect(selectedDeployments(base, service.metadata.name)).toEqual(['mysql']);
    });
  });

describe.each(releasesWith('mysql', WorkloadLayout.RESTRICTED))('KFP %s MySQL and its consumers (restricted layout)', (_version, release) => {
  test('every database consumer reaches this server, a database it creates, and the Secret\'s user', () => {
    const config = resolveConfig({ name: 'x', ...optionsOf(release) });
    const { base } = renderRepoOnce(optionsOf(release));
    const sql = sourceInitScripts(base, { MYSQL_USER: 'kfp', MYSQL_PASSWORD: 'p' }).stdout;
    const service = findObject(base, 'Service', config.mysql.host);
    const consumers = [
      { deployment: 'metadata-grpc-deployment', container: 'container', host: 'MYSQL_HOST', port: 'MYSQL_PORT', db: 'MYSQL_DATABASE', expected: config.mysql.metadataDb },
      ...(release.components.includes('cache-server')
        ? [{ deployment: 'cache-server', container: 'server', host: 'DBCONFIG_HOST_NAME', port: 'DBCONFIG_PORT', db: 'DBCONFIG_DB_NAME', expected: config.mysql.cacheDb }]
        : []),
    ];
    for (const consumer of consumers) {
      const container = containerOf(base, consumer.deployment, consumer.container);
      expect(envOf(base, container, consumer.host)).toBe(service.metadata.name);
      expect(envOf(base, container, consumer.port)).toBe(String(service.spec.ports[0].port));
      expect(envOf(base, container, consumer.db)).toBe(consumer.expected);
      expect(createdDatabases(sql)).toContain(consumer.expected);
      expect(envOf(base, container, 'DBCONFIG_USER')).toEqual({ secret: 'kfp-mysql-creds', key: 'username' });
      expect(envOf(base, container, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'kfp-mysql-creds', key: 'password' });
    }
    const wait = containerOf(base, 'metadata-grpc-deployment', 'wait-for-database');
    expect(envOf(base, wait, 'WAIT_HOST')).toBe(service.metadata.name);
    expect(envOf(base, wait, 'WAIT_PORT')).toBe(String(service.spec.ports[0].port));
  });
});

describe('MySQL options (release-independent: one construct serves every release)', () => {
  test('follows mysql.storageSize, mysql.storageClassName and mysql.image', () => {
    const custom = renderRepo({ mysql: { storageSize: '50Gi', storageClassName: 'gp3', image: 'registry.example.com/mysql:8.4.5' } });
    const pvc = findObject(custom.base, 'PersistentVolumeClaim', 'mysql-pv-claim');
    expect(pvc.spec.storageClassName).toBe('gp3');
    expect(pvc.spec.resources.requests.storage).toBe('50Gi');
    expect(containerOf(custom.base, 'mysql', 'mysql').image).toBe('registry.example.com/mysql:8.4.5');
  });
});
