import { WorkloadLayout } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { findObject, releasesWith, TestOptions } from '../util';
import { containerOf, envOf, expandedVariables, pick, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'metadata-grpc-server'], ['ConfigMap', 'metadata-grpc-configmap'],
  ['Service', 'metadata-grpc-service'], ['Deployment', 'metadata-grpc-deployment'],
] as const;

/** The ConfigMap through which pipeline steps (TFX, the v2 launcher) find the metadata server, in every release. */
const GRPC_CONFIG_MAP = 'metadata-grpc-configmap';

const optionsOf = (kfpVersion: string): TestOptions => ({ kfpVersion, namespace: 'mlmd', mysql: { secretName: 'db-creds' } });

describe.each(releasesWith('metadata-grpc'))('KFP %s ML Metadata gRPC server, as its clients find it', (kfpVersion, release) => {
  const config = resolveConfig({ name: 'x', ...optionsOf(kfpVersion) });
  let repo: RenderedRepo;
  let service: any;
  let deployment: string;
  let server: any;
  beforeAll(() => {
    repo = renderRepoOnce(optionsOf(kfpVersion));
    service = findObject(repo.base, 'Service', findObject(repo.base, 'ConfigMap', GRPC_CONFIG_MAP).data.METADATA_GRPC_SERVICE_HOST);
    [deployment] = selectedDeployments(repo.base, service.metadata.name);
    server = containerOf(repo.base, deployment, 'container');
  });

  test('metadata-grpc-configmap names a Service, and its port, that reaches one Deployment\'s server only', () => {
    expect(selectedDeployments(repo.base, service.metadata.name)).toEqual([deployment]);
    expect(findObject(repo.base, 'Deployment', deployment).spec.selector.matchLabels).toEqual(service.spec.selector);
    const { METADATA_GRPC_SERVICE_PORT: port } = findObject(repo.base, 'ConfigMap', GRPC_CONFIG_MAP).data;
    expect(service.spec.ports.map((p: any) => String(p.port))).toEqual([port]);
    expect(targetContainerPort(service.spec.ports[0], server)).toBe(Number(port));
    expect(server.args).toContain(`--grpc_port=${port}`);
  });

  test('runs the catalog\'s metadata store server', () => {
    expect(server.image).toBe(release.images.metadataServer);
    expect(server.command).toEqual(['/bin/metadata_store_server']);
  });

  test('connects to the metadata database with the MySQL Secret\'s user', () => {
    expect(server.args).toEqual(expect.arrayContaining([
      '--mysql_config_database=$(MYSQL_DATABASE)', '--mysql_config_host=$(MYSQL_HOST)', '--mysql_config_port=$(MYSQL_PORT)',
      '--mysql_config_user=$(DBCONFIG_USER)', '--mysql_config_password=$(DBCONFIG_PASSWORD)',
    ]));
    for (const variable of expandedVariables(server)) {
      expect(server.env.map((e: any) => e.name)).toContain(variable);
    }
    expect(envOf(repo.base, server, 'MYSQL_DATABASE')).toBe(config.mysql.metadataDb);
    expect(envOf(repo.base, server, 'MYSQL_HOST')).toBe(config.mysql.host);
    expect(envOf(repo.base, server, 'MYSQL_PORT')).toBe(String(config.mysql.port));
    expect(envOf(repo.base, server, 'DBCONFIG_USER')).toEqual({ secret: 'db-creds', key: 'username' });
    expect(envOf(repo.base, server, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'db-creds', key: 'password' });
  });

  test('is the same in every overlay', () => {
    const objects = [['ConfigMap', GRPC_CONFIG_MAP], ['Service', service.metadata.name], ['Deployment', deployment]] as const;
    const base = pick(repo.base, objects);
    expect(pick(repo.accesskey, objects)).toEqual(base);
    expect(pick(repo.iam, objects)).toEqual(base);
  });
});

describe.each(releasesWith('metadata-grpc', WorkloadLayout.RESTRICTED))('KFP %s ML Metadata gRPC server (restricted layout)', (kfpVersion, release) => {
  const config = resolveConfig({ name: 'x', ...optionsOf(kfpVersion) });
  let repo: RenderedRepo;
  let server: any;
  beforeAll(() => {
    repo = renderRepoOnce(optionsOf(kfpVersion));
    server = containerOf(repo.base, 'metadata-grpc-deployment', 'container');
  });

  test('runs the catalog\'s metadata store server as upstream', () => {
    expect(server.image).toBe(release.images.metadataServer);
    expect(server.command).toEqual(['/bin/metadata_store_server']);
    expect(server.args).toEqual(expect.arrayContaining(['--grpc_port=8080', '--enable_database_upgrade=true']));
    expect(findObject(repo.base, 'Deployment', 'metadata-grpc-deployment').spec.template.spec.serviceAccountName).toBe('metadata-grpc-server');
    expect(findObject(repo.base, 'ServiceAccount', 'metadata-grpc-server').metadata.namespace).toBe('mlmd');
  });

  test('waits for the database before it starts', () => {
    const wait = containerOf(repo.base, 'metadata-grpc-deployment', 'wait-for-database');
    expect(wait.image).toBe(release.images.waitFor);
    expect(envOf(repo.base, wait, 'WAIT_HOST')).toBe(config.mysql.host);
    expect(envOf(repo.base, wait, 'WAIT_PORT')).toBe(String(config.mysql.port));
    expect(wait.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });

  test('its Service and ConfigMap name the server\'s pods and port', () => {
    const service = findObject(repo.base, 'Service', 'metadata-grpc-service');
    expect(selectedDeployments(repo.base, 'metadata-grpc-service')).toEqual(['metadata-grpc-deployment']);
    expect(findObject(repo.base, 'Deployment', 'metadata-grpc-deployment').spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toEqual([{ name: 'grpc-api', port: 8080, protocol: 'TCP' }]);
    expect(targetContainerPort(service.spec.ports[0], server)).toBe(8080);
    expect(findObject(repo.base, 'ConfigMap', 'metadata-grpc-configmap').data).toEqual({
      METADATA_GRPC_SERVICE_HOST: service.metadata.name,
      METADATA_GRPC_SERVICE_PORT: String(service.spec.ports[0].port),
    });
  });

  test('probes the gRPC port and runs restricted as upstream', () => {
    for (const probe of [server.livenessProbe, server.readinessProbe]) {
      expect(probe).toEqual({ tcpSocket: { port: 'grpc-api' }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 });
    }
    expect(server.ports).toEqual([{ name: 'grpc-api', containerPort: 8080 }]);
    expect(server.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(findObject(repo.base, 'Deployment', 'metadata-grpc-deployment').spec.template.spec.securityContext)
      .toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});
