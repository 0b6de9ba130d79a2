import { IamMechanism } from '../../src';
import { KfpRelease, WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWith } from '../util';
import { expectNoRole, expectRole, mechanismOptions } from './aws-identity';
import { containerOf, envOf, expectBinding, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const DEPLOYMENT = 'ml-pipeline';
const CONTAINER = 'ml-pipeline-api-server';
const KEY_ENV = ['OBJECTSTORECONFIG_ACCESSKEY', 'OBJECTSTORECONFIG_SECRETACCESSKEY'];

const apiServer = (objects: readonly any[]) => containerOf(objects, DEPLOYMENT, CONTAINER);
const envNames = (container: any): string[] => container.env.map((e: any) => e.name);

/** The repo of each IAM mechanism `release` supports (IRSA first where it has it), with a MySQL Secret of its own. */
const reposOf = (release: KfpRelease): Array<[IamMechanism, RenderedRepo]> =>
  mechanismOptions(release, { mysql: { secretName: 'db-creds' } }).map(([mechanism, options]) => [mechanism, renderRepoOnce(options)]);

describe.each(releasesWith('api-server'))('KFP %s api server', (_version, release) => {
  let repos: Array<[IamMechanism, RenderedRepo]>;
  let repo: RenderedRepo;
  beforeAll(() => {
    repos = reposOf(release);
    [[, repo]] = repos;
  });

  test('runs the catalog\'s api server in the install\'s namespace', () => {
    const server = apiServer(repo.base);
    expect(server.image).toBe(release.images.apiServer);
    expect(envOf(repo.base, server, 'POD_NAMESPACE')).toEqual({ field: 'metadata.namespace' });
  });

  test('its Service reaches the HTTP and gRPC ports of its pods only', () => {
    const service = findObject(repo.base, 'Service', 'ml-pipeline');
    const deployment = findObject(repo.base, 'Deployment', DEPLOYMENT);
    expect(selectedDeployments(repo.base, 'ml-pipeline')).toEqual([DEPLOYMENT]);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports.map((p: any) => [p.name, p.port, targetContainerPort(p, apiServer(repo.base))]))
      .toEqual([['http', 8888, 8888], ['grpc', 8887, 8887]]);
  });

  test('runs as ServiceAccount ml-pipeline, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', DEPLOYMENT).spec.template.spec.serviceAccountName).toBe('ml-pipeline');
    expectBinding({
      bindings: repo.base,
      binding: 'ml-pipeline',
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac['ml-pipeline'],
      serviceAccounts: repo.base,
      serviceAccount: 'ml-pipeline',
      namespace: 'team-kfp',
    });
  });

  test('has no key in the base and no trace of the bundled object store', () => {
    for (const name of KEY_ENV) expect(envNames(apiServer(repo.base))).not.toContain(name);
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      expect(JSON.stringify(findObject(objects, 'Deployment', DEPLOYMENT))).not.toMatch(/minio|seaweedfs/i);
    }
  });

  test('reads the access key from the Secret in overlay/accesskey', () => {
    const server = apiServer(repo.accesskey);
    expect(envOf(repo.accesskey, server, 'OBJECTSTORECONFIG_ACCESSKEY')).toEqual({ secret: 'aws-creds', key: 'key-id' });
    expect(envOf(repo.accesskey, server, 'OBJECTSTORECONFIG_SECRETACCESSKEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
    expectNoRole(repo.accesskey, ['ml-pipeline'], DEPLOYMENT, release);
  });

  test('gets the role through its ServiceAccount (IRSA) or its pods (kube2iam) in overlay/iam, as the release supports', () => {
    expectNoRole(repo.base, ['ml-pipeline'], DEPLOYMENT, release);
    for (const [mechanism, { iam }] of repos) expectRole(mechanism, iam, ['ml-pipeline'], DEPLOYMENT, release);
  });

  test('every ConfigMap key it reads exists', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      const server = apiServer(objects);
      for (const name of envNames(server)) expect(() => envOf(objects, server, name)).not.toThrow();
    }
  });
});

describe.each(releasesWith('api-server', WorkloadLayout.RESTRICTED))('KFP %s api server (restricted layout)', (_version, release) => {
  let repos: Array<[IamMechanism, RenderedRepo]>;
  let repo: RenderedRepo;
  beforeAll(() => {
    repos = reposOf(release);
    [[, repo]] = repos;
  });

  test('hands workflows the catalog\'s v2 driver and launcher', () => {
    const server = apiServer(repo.base);
    expect(envOf(repo.base, server, 'V2_DRIVER_IMAGE')).toBe(release.images.v2Driver);
    expect(envOf(repo.base, server, 'V2_LAUNCHER_IMAGE')).toBe(release.images.v2Launcher);
  });

  test('stores pipeline packages in the bucket through the regional endpoint, over TLS', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      const server = apiServer(objects);
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_HOST')).toBe('s3.eu-west-2.amazonaws.com');
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_PORT')).toBe('');
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_REGION')).toBe('eu-west-2');
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_SECURE')).toBe('true');
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_BUCKETNAME')).toBe('kfp-test-bucket');
      expect(envOf(objects, server, 'OBJECTSTORECONFIG_PIPELINEPATH')).toBe('kfp/pkg');
    }
  });

  test('sets both keys empty in overlay/iam, with every mechanism, so that the AWS SDK\'s default chain applies', () => {
    for (const [, { iam }] of repos) {
      for (const name of KEY_ENV) expect(envOf(iam, apiServer(iam), name)).toBe('');
    }
  });

  test('connects to the pipeline database as the MySQL Secret\'s user', () => {
    const server = apiServer(repo.base);
    expect(envOf(repo.base, server, 'DBCONFIG_MYSQLCONFIG_USER')).toEqual({ secret: 'db-creds', key: 'username' });
    expect(envOf(repo.base, server, 'DBCONFIG_MYSQLCONFIG_PASSWORD')).toEqual({ secret: 'db-creds', key: 'password' });
    expect(envOf(repo.base, server, 'DBCONFIG_MYSQLCONFIG_DBNAME')).toBe('mlpipeline');
    expect(envOf(repo.base, server, 'DBCONFIG_MYSQLCONFIG_HOST')).toBe('mysql');
    expect(envOf(repo.base, server, 'DBCONFIG_MYSQLCONFIG_PORT')).toBe('3306');
    expect(envOf(repo.base, server, 'DBCONFIG_CONMAXLIFETIME')).toBe('120s');
    expect(envNames(server)).not.toContain('DBCONFIG_PASSWORD');
  });

  test('waits for MySQL and the metadata gRPC Service', () => {
    for (const [name, service] of [['wait-for-database', 'mysql'], ['wait-for-metadata-grpc', 'metadata-grpc-service']]) {
      const wait = containerOf(repo.base, DEPLOYMENT, name);
      expect(wait.image).toBe(release.images.waitFor);
      expect(envOf(repo.base, wait, 'WAIT_HOST')).toBe(service);
      const ports = findObject(repo.base, 'Service', service).spec.ports.map((p: any) => String(p.port));
      expect(ports).toContain(envOf(repo.base, wait, 'WAIT_PORT'));
    }
  });

  test('probes /apis/v1beta1/healthz and runs restricted as upstream', () => {
    const server = apiServer(repo.base);
    const healthz = { path: '/apis/v1beta1/healthz', port: 8888 };
    expect(server.livenessProbe).toEqual({ httpGet: healthz, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 });
    expect(server.readinessProbe).toEqual(server.livenessProbe);
    expect(server.startupProbe).toEqual({ httpGet: healthz, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 12 });
    expect(server.resources).toEqual({ requests: { cpu: '250m', memory: '500Mi' } });
    expect(server.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(findObject(repo.base, 'Deployment', DEPLOYMENT).spec.template.spec.securityContext)
      .toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('mounts the MLflow tracking CA only when someone creates it', () => {
    const spec = findObject(repo.base, 'Deployment', DEPLOYMENT).spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'mlflow-tracking-ca', configMap: { name: 'mlflow-tracking-ca', optional: true } }]);
    expect(apiServer(repo.base).volumeMounts).toEqual([{ name: 'mlflow-tracking-ca', mountPath: '/etc/mlflow-tracking-ca', readOnly: true }]);
  });
});
