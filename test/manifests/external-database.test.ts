import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CacheWebhook } from '../../src';
import { findRelease, KfpRelease, WorkloadLayout } from '../../src/catalog';
import { KfpOptionsError, resolveConfig } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { allReleases, findObject, parseYaml, releasesOf, releasesWhere, synthFiles, tempDir, TestOptions } from '../util';
import { containerOf, envOf, renderRepoOnce, RenderedRepo } from './wiring';

const HOST = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const EXTERNAL = {
  host: HOST,
  port: 3307,
  pipelineDb: 'kfp_pipelines',
  metadataDb: 'kfp_metadata',
  cacheDb: 'kfp_cache',
  secretName: 'rds-creds',
};
const CA_CONFIG_MAP = 'rds-ca';

/** Every object name of the in-cluster MySQL component. */
const MYSQL_NAMES = ['mysql', 'mysql-pv-claim', 'mysql-initdb'];

/** Runs the script of ML Metadata's config writer with `sh`, as its image does, and returns what it wrote. */
function runConfigWriter(container: any, env: Record<string, string>) {
  const file = path.join(tempDir(), 'config.pbtxt');
  const result = spawnSync('sh', [...container.command.slice(1), container.args[0]], {
    env: { PATH: process.env.PATH, ...env, MLMD_CONFIG: file },
    encoding: 'utf-8',
  });
  const exists = fs.existsSync(file);
  return { status: result.status, content: exists ? fs.readFileSync(file, 'utf-8') : undefined, mode: exists ? fs.statSync(file).mode % 0o1000 : undefined };
}

/** Every pod template of `objects` with its Deployment's name. */
const pods = (objects: readonly any[]) => objects.filter((o) => o.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.template.spec] as const);
const containers = (spec: any): any[] => [...spec.containers, ...(spec.initContainers ?? [])];
const volumeOf = (objects: readonly any[], deployment: string, name: string) =>
  (findObject(objects, 'Deployment', deployment).spec.template.spec.volumes ?? []).find((v: any) => v.name === name);

describe.each(allReleases())('KFP %s with an external database', (kfpVersion) => {
  let repo: RenderedRepo;
  let files: Record<string, any>;
  const options: TestOptions = { kfpVersion, externalDatabase: EXTERNAL };
  beforeAll(() => {
    repo = renderRepoOnce(options);
    files = synthFiles(options);
  });

  test('renders no in-cluster MySQL, in the base or any overlay', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      expect(objects.filter((o) => MYSQL_NAMES.includes(o.metadata.name))).toEqual([]);
      expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    }
    expect(Object.keys(files).filter((f) => f.startsWith('base/mysql/'))).toEqual([]);
    expect(parseYaml(files['base/kustomization.yaml'])[0].resources).not.toContain('mysql');
    const config = resolveConfig({ name: 'x', ...options });
    expect(renderInstall(config).filter((o) => o.component === 'mysql')).toEqual([]);
  });

  test('without externalDatabase, the same release has its in-cluster MySQL', () => {
    const objects = renderInstall(resolveConfig({ name: 'x', kfpVersion })).map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`);
    expect(objects).toEqual(expect.arrayContaining(['Deployment/mysql', 'Service/mysql', 'PersistentVolumeClaim/mysql-pv-claim', 'ConfigMap/mysql-initdb']));
  });

  test('every pod that reads the database credentials reads them from the external Secret, without a root password', () => {
    const refs = pods(repo.iam).flatMap(([, spec]) => containers(spec)).flatMap((c) => c.env ?? [])
      .map((e: any) => e.valueFrom?.secretKeyRef).filter((ref: any) => ref && !['webhook-server-tls', 'ml-pipeline-ui-secret'].includes(ref.name));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect([ref.name, ['username', 'password'].includes(ref.key)]).toEqual(['rds-creds', true]);
  });
});

/** The cache webhook where the release has one, whose server connects to the database too. */
const cacheWebhookOf = (release: KfpRelease) => (release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined);

/** An external database with the connection lifetime where the release's api server takes one. */
const externalOptions = (release: KfpRelease): TestOptions => ({
  kfpVersion: release.version,
  externalDatabase: { ...EXTERNAL, ...(release.mysql.connectionLifetime ? { connectionMaxLifetime: '5m' } : {}) },
  cacheWebhook: cacheWebhookOf(release),
});

/** An external database with TLS. */
const tlsOptions = (release: KfpRelease): TestOptions =>
  ({ kfpVersion: release.version, externalDatabase: { ...EXTERNAL, tlsCaConfigMap: CA_CONFIG_MAP }, cacheWebhook: cacheWebhookOf(release) });

/** The cache server's container, where the release has one. */
const cacheServerOf = (objects: readonly any[], release: KfpRelease) =>
  (release.components.includes('cache-server') ? containerOf(objects, 'cache-server', 'server') : undefined);

describe.each(releasesOf(WorkloadLayout.RESTRICTED))('KFP %s with an external database (restricted layout)', (kfpVersion, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce(externalOptions(release));
  });

  test('the api server connects to its database there, with the connection lifetime where it takes one', () => {
    const server = containerOf(repo.iam, 'ml-pipeline', 'ml-pipeline-api-server');
    expect(envOf(repo.iam, server, 'DBCONFIG_MYSQLCONFIG_HOST')).toBe(HOST);
    expect(envOf(repo.iam, server, 'DBCONFIG_MYSQLCONFIG_PORT')).toBe('3307');
    expect(envOf(repo.iam, server, 'DBCONFIG_MYSQLCONFIG_DBNAME')).toBe('kfp_pipelines');
    if (release.mysql.connectionLifetime) expect(envOf(repo.iam, server, 'DBCONFIG_CONMAXLIFETIME')).toBe('5m');
    else expect(server.env.map((e: any) => e.name)).not.toContain('DBCONFIG_CONMAXLIFETIME');
  });

  test('the cache server, where the release has one, connects to its database there', () => {
    const server = cacheServerOf(repo.iam, release);
    if (!server) {
      expect(repo.iam.filter((o) => o.metadata.name === 'cache-server')).toEqual([]);
      return;
    }
    expect(server.args).toEqual(expect.arrayContaining(['--db_host=$(DBCONFIG_HOST_NAME)', '--db_port=$(DBCONFIG_PORT)', '--db_name=$(DBCONFIG_DB_NAME)']));
    expect(envOf(repo.iam, server, 'DBCONFIG_HOST_NAME')).toBe(HOST);
    expect(envOf(repo.iam, server, 'DBCONFIG_PORT')).toBe('3307');
    expect(envOf(repo.iam, server, 'DBCONFIG_DB_NAME')).toBe('kfp_cache');
  });

  test('ML Metadata connects to its database there', () => {
    const server = containerOf(repo.iam, 'metadata-grpc-deployment', 'container');
    expect(server.args).toEqual(expect.arrayContaining(['--mysql_config_host=$(MYSQL_HOST)', '--mysql_config_port=$(MYSQL_PORT)', '--mysql_config_database=$(MYSQL_DATABASE)']));
    expect(envOf(repo.iam, server, 'MYSQL_HOST')).toBe(HOST);
    expect(envOf(repo.iam, server, 'MYSQL_PORT')).toBe('3307');
    expect(envOf(repo.iam, server, 'MYSQL_DATABASE')).toBe('kfp_metadata');
  });

  test('the pods that wait for the database wait for the external server', () => {
    const waiting = pods(repo.iam).flatMap(([name, spec]) => (spec.initContainers ?? [])
      .filter((c: any) => c.name === 'wait-for-database').map((c: any) => [name, envOf(repo.iam, c, 'WAIT_HOST'), envOf(repo.iam, c, 'WAIT_PORT')]));
    expect(waiting.sort()).toEqual([['metadata-grpc-deployment', HOST, '3307'], ['ml-pipeline', HOST, '3307']]);
  });

  test('without TLS, no client gets a CA, TLS parameters or a changed trust store', () => {
    expectNoTls(repo.iam);
    expectNoTls(renderRepoOnce({ kfpVersion }).iam);
  });
});

describe.each(releasesWhere((r) => r.workloads === WorkloadLayout.RESTRICTED && r.mysql.tls))('KFP %s with an external database over TLS', (_version, release) => {
  let tls: RenderedRepo;
  beforeAll(() => {
    tls = renderRepoOnce(tlsOptions(release));
  });

  /** Go's crypto/x509 reads `SSL_CERT_DIR` instead of its default directories: the CA's first, the system's kept. */
  function expectGoTrustsCa(container: any, directory: string) {
    expect(envOf(tls.iam, container, 'SSL_CERT_DIR')).toBe(`${directory}:/etc/ssl/certs`);
  }

  test('the api server asks the Go driver for verified TLS and trusts the CA', () => {
    const server = containerOf(tls.iam, 'ml-pipeline', 'ml-pipeline-api-server');
    expect(JSON.parse(envOf(tls.iam, server, 'DBCONFIG_MYSQLCONFIG_EXTRAPARAMS') as string)).toEqual({ tls: 'true' });
    expectGoTrustsCa(server, caDirectory(tls.iam, 'ml-pipeline', server));
  });

  test('the cache server, where the release has one, asks the Go driver for verified TLS and trusts the CA', () => {
    const server = cacheServerOf(tls.iam, release);
    if (!server) {
      expect(tls.iam.filter((o) => o.metadata.name === 'cache-server')).toEqual([]);
      return;
    }
    const params = server.args.filter((a: string) => a.startsWith('--db_extra_params='));
    expect(params).toHaveLength(1);
    expect(JSON.parse(params[0].slice('--db_extra_params='.length))).toEqual({ tls: 'true' });
    expectGoTrustsCa(server, caDirectory(tls.iam, 'cache-server', server));
  });

  test('ML Metadata takes its connection, TLS included, from a config file that an init container writes', () => {
    const server = containerOf(tls.iam, 'metadata-grpc-deployment', 'container');
    const directory = caDirectory(tls.iam, 'metadata-grpc-deployment', server);
    // No MySQL TLS flag (ML Metadata has none, and exits on an unknown one): the connection is in the file.
    expect(server.args.map((a: string) => a.split('=')[0])).toEqual(MLMD_FLAGS);
    expect(server.args).toContain('--metadata_source_config_type=config_file');
    const file = server.args.find((a: string) => a.startsWith('--metadata_store_server_config_file=')).split('=')[1];
    // The file is in an in-memory volume the init container writes, not in a ConfigMap: it holds the password.
    const mount = server.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
    expect(mount.readOnly).toBe(true);
    expect(volumeOf(tls.iam, 'metadata-grpc-deployment', mount.name)).toMatchObject({ emptyDir: { medium: 'Memory' } });
    expect(server.env).toBeUndefined();

    const writer = containerOf(tls.iam, 'metadata-grpc-deployment', 'write-config');
    expect(writer.image).toBe(server.image);
    expect(writer.image).toBe(release.images.metadataServer);
    expect(envOf(tls.iam, writer, 'MLMD_CONFIG')).toBe(file);
    expect(envOf(tls.iam, writer, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'rds-creds', key: 'password' });
    const written = runConfigWriter(writer, {
      DBCONFIG_USER: 'kfp', DBCONFIG_PASSWORD: 'se"cr\\et', MYSQL_HOST: HOST, MYSQL_PORT: '3307', MYSQL_DATABASE: 'kfp_metadata',
    });
    expect(written.status).toBe(0);
    expect(written.mode).toBe(0o600);
    expect(written.content).toBe([
      'connection_config {',
      '  mysql {',
      `    host: "${HOST}"`,
      '    port: 3307',
      '    database: "kfp_metadata"',
      '    user: "kfp"',
      '    password: "se\\"cr\\\\et"',
      '    ssl_options {',
      `      ca: "${directory}/ca.pem"`,
      '      verify_server_cert: true',
      '    }',
      '  }',
      '}',
      'migration_options {',
      '  enable_upgrade_migration: true',
      '}',
      '',
    ].join('\n'));
    // A line break cannot be written into the text format: the pod stops instead.
    expect(runConfigWriter(writer, { DBCONFIG_USER: 'kfp', DBCONFIG_PASSWORD: 'a\nb', MYSQL_HOST: HOST, MYSQL_PORT: '3307', MYSQL_DATABASE: 'm' }).status).not.toBe(0);
  });

  test('both overlays keep the TLS settings', () => {
    for (const objects of [tls.base, tls.accesskey]) {
      expect(volumeOf(objects, 'metadata-grpc-deployment', 'mysql-ca').configMap.name).toBe(CA_CONFIG_MAP);
      expect(JSON.parse(envOf(objects, containerOf(objects, 'ml-pipeline', 'ml-pipeline-api-server'), 'DBCONFIG_MYSQLCONFIG_EXTRAPARAMS') as string)).toEqual({ tls: 'true' });
    }
  });
});

test('KFP 2.17.0: its ML Metadata 1.14.0 defines every flag the server gets over TLS (metadata_store_server_main.cc at v1.14.0; it exits on an unknown one)', () => {
  const release = findRelease('2.17.0')!;
  expect(release.images.metadataServer).toMatch(/:1\.14\.0$/);
  const server = containerOf(renderRepoOnce(tlsOptions(release)).iam, 'metadata-grpc-deployment', 'container');
  const defined = ['--grpc_port', '--grpc_channel_arguments', '--metadata_source_config_type', '--metadata_store_server_config_file'];
  expect(server.args.map((a: string) => a.split('=')[0])).toEqual(defined);
});

/** The flags the restricted layout's ML Metadata server gets when its connection is in a config file. */
const MLMD_FLAGS = ['--grpc_port', '--grpc_channel_arguments', '--metadata_source_config_type', '--metadata_store_server_config_file'];

/** The CA directory a container mounts from the user's ConfigMap, which holds only the CA key. */
function caDirectory(objects: readonly any[], deployment: string, container: any): string {
  const mounts = (container.volumeMounts ?? []).filter((m: any) => volumeOf(objects, deployment, m.name)?.configMap?.name === CA_CONFIG_MAP);
  expect(mounts).toHaveLength(1);
  expect(volumeOf(objects, deployment, mounts[0].name).configMap.items).toEqual([{ key: 'ca.pem', path: 'ca.pem' }]);
  expect(mounts[0].readOnly).toBe(true);
  return mounts[0].mountPath;
}

/** No pod mounts a database CA, and no client gets TLS parameters or `SSL_CERT_DIR`. */
function expectNoTls(objects: readonly any[]) {
  for (const [name, spec] of pods(objects)) {
    for (const container of containers(spec)) {
      const envNames = (container.env ?? []).map((e: any) => e.name);
      expect([name, envNames.filter((n: string) => ['SSL_CERT_DIR', 'DBCONFIG_MYSQLCONFIG_EXTRAPARAMS'].includes(n))]).toEqual([name, []]);
      expect([name, (container.args ?? []).filter((a: string) => /--db_extra_params|--mysql_config_ssl|--mysql_config_verify/.test(a))]).toEqual([name, []]);
    }
    expect([name, (spec.volumes ?? []).filter((v: any) => v.name === 'mysql-ca')]).toEqual([name, []]);
  }
}

describe.each(releasesOf(WorkloadLayout.PLAIN))('KFP %s with an external database (plain layout)', (kfpVersion) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, externalDatabase: EXTERNAL });
  });

  test('the api server\'s config file names the external server and database', () => {
    const file = JSON.parse(findObject(repo.iam, 'ConfigMap', 'ml-pipeline-config').data['config.json']);
    expect(file.DBConfig).toMatchObject({ Host: HOST, Port: '3307', DBName: 'kfp_pipelines' });
  });

  test('ML Metadata and its clients\' ConfigMap name the external server and database', () => {
    const server = containerOf(repo.iam, 'metadata-deployment', 'container');
    expect(envOf(repo.iam, server, 'MYSQL_HOST')).toBe(HOST);
    expect(envOf(repo.iam, server, 'MYSQL_PORT')).toBe('3307');
    expect(envOf(repo.iam, server, 'MYSQL_DATABASE')).toBe('kfp_metadata');
    expect(findObject(repo.iam, 'ConfigMap', 'metadata-mysql-configmap').data).toEqual({ MYSQL_HOST: HOST, MYSQL_PORT: '3307', MYSQL_DATABASE: 'kfp_metadata' });
  });

  test('has no TLS anywhere', () => {
    expectNoTls(repo.iam);
  });
});

/** `version` in a regular expression. */
const escaped = (version: string) => version.replace(/\./g, '\\.');
const resolveWith = (kfpVersion: string, externalDatabase: TestOptions['externalDatabase']) => () => resolveConfig({ name: 'x', kfpVersion, externalDatabase });

describe.each(releasesWhere((r) => !r.mysql.tls))('KFP %s, whose components cannot use TLS to MySQL', (kfpVersion) => {
  test('refuses TLS to an external database, and takes the database without it', () => {
    expect(resolveWith(kfpVersion, { host: HOST, tlsCaConfigMap: CA_CONFIG_MAP })).toThrow(KfpOptionsError);
    expect(resolveWith(kfpVersion, { host: HOST, tlsCaConfigMap: CA_CONFIG_MAP }))
      .toThrow(new RegExp(`externalDatabase\\.tlsCaConfigMap: "rds-ca" asks for TLS, which KFP ${escaped(kfpVersion)} cannot use to MySQL`));
    expect(resolveWith(kfpVersion, { host: HOST })).not.toThrow();
  });
});

describe.each(releasesWhere((r) => !r.mysql.connectionLifetime))('KFP %s, whose api server has no connection lifetime', (kfpVersion) => {
  test('refuses a connection lifetime', () => {
    expect(resolveWith(kfpVersion, { host: HOST, connectionMaxLifetime: '5m' })).toThrow(KfpOptionsError);
    expect(resolveWith(kfpVersion, { host: HOST, connectionMaxLifetime: '5m' }))
      .toThrow(new RegExp(`externalDatabase\\.connectionMaxLifetime: "5m" is not supported: KFP ${escaped(kfpVersion)}'s api server has no connection lifetime setting`));
  });
});
