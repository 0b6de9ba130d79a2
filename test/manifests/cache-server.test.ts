import { KFP_2_17_0 } from '../../src/catalog/kfp-2.17.0';
import { resolveConfig } from '../../src/config';
import { runTimeSecrets } from '../../src/manifests/run-time-secrets';
import { findObject, TestOptions } from '../util';
import {
  containerOf, envOf, expandedVariables, expectBinding, pick, renderRepo, RenderedRepo, selectedDeployments, targetContainerPort,
} from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'kubeflow-pipelines-cache'], ['Role', 'kubeflow-pipelines-cache-role'],
  ['RoleBinding', 'kubeflow-pipelines-cache-binding'], ['Service', 'cache-server'], ['Deployment', 'cache-server'],
] as const;

describe('Cache server', () => {
  const options: TestOptions = { namespace: 'kfp-cache', mysql: { secretName: 'cache-db' } };
  const config = resolveConfig({ name: 'x', ...options });
  let repo: RenderedRepo;
  let server: any;
  beforeAll(() => {
    repo = renderRepo(options);
    server = containerOf(repo.base, 'cache-server', 'server');
  });

  test('runs the catalog\'s image with upstream\'s arguments, each defined in its env', () => {
    expect(server.image).toBe(KFP_2_17_0.images.cacheServer);
    expect(server.args).toEqual([
      '--db_driver=$(DBCONFIG_DRIVER)', '--db_host=$(DBCONFIG_HOST_NAME)', '--db_port=$(DBCONFIG_PORT)',
      '--db_name=$(DBCONFIG_DB_NAME)', '--db_user=$(DBCONFIG_USER)', '--db_password=$(DBCONFIG_PASSWORD)',
      '--namespace_to_watch=$(NAMESPACE_TO_WATCH)', '--listen_port=$(WEBHOOK_PORT)',
    ]);
    for (const variable of expandedVariables(server)) {
      expect(server.env.map((e: any) => e.name)).toContain(variable);
    }
  });

  test('reads the cache database, the MySQL Secret and the cache settings of pipeline-install-config', () => {
    expect(envOf(repo.base, server, 'DBCONFIG_DRIVER')).toBe('mysql');
    expect(envOf(repo.base, server, 'DBCONFIG_DB_NAME')).toBe(config.mysql.cacheDb);
    expect(envOf(repo.base, server, 'DBCONFIG_HOST_NAME')).toBe(config.mysql.host);
    expect(envOf(repo.base, server, 'DBCONFIG_PORT')).toBe(String(config.mysql.port));
    expect(envOf(repo.base, server, 'DBCONFIG_USER')).toEqual({ secret: 'cache-db', key: 'username' });
    expect(envOf(repo.base, server, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'cache-db', key: 'password' });
    expect(envOf(repo.base, server, 'CACHE_IMAGE')).toBe(KFP_2_17_0.images.cacheImage);
    for (const name of ['DEFAULT_CACHE_STALENESS', 'MAXIMUM_CACHE_STALENESS', 'CACHE_NODE_RESTRICTIONS']) {
      expect(typeof envOf(repo.base, server, name)).toBe('string');
    }
    expect(envOf(repo.base, server, 'NAMESPACE_TO_WATCH')).toEqual({ field: 'metadata.namespace' });
  });

  test('serves the webhook on 443 of Service cache-server, on the port it listens on', () => {
    const service = findObject(repo.base, 'Service', 'cache-server');
    expect(selectedDeployments(repo.base, 'cache-server')).toEqual(['cache-server']);
    expect(findObject(repo.base, 'Deployment', 'cache-server').spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toEqual([{ port: 443, targetPort: 'webhook-api' }]);
    expect(targetContainerPort(service.spec.ports[0], server)).toBe(Number(envOf(repo.base, server, 'WEBHOOK_PORT')));
  });

  test('mounts the TLS Secret that cache-deployer creates at run time', () => {
    const volumes = findObject(repo.base, 'Deployment', 'cache-server').spec.template.spec.volumes;
    expect(volumes).toEqual([{ name: 'webhook-tls-certs', secret: { secretName: 'webhook-server-tls' } }]);
    expect(runTimeSecrets(config)).toEqual([{ kind: 'Secret', namespace: 'kfp-cache', name: 'webhook-server-tls' }]);
    expect(server.volumeMounts).toEqual([{ name: 'webhook-tls-certs', mountPath: '/etc/webhook/certs', readOnly: true }]);
    expect(repo.base.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('runs as its ServiceAccount, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', 'cache-server').spec.template.spec.serviceAccountName).toBe('kubeflow-pipelines-cache');
    expectBinding({
      bindings: repo.base,
      binding: 'kubeflow-pipelines-cache-binding',
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: KFP_2_17_0.rbac['kubeflow-pipelines-cache-role'],
      serviceAccounts: repo.base,
      serviceAccount: 'kubeflow-pipelines-cache',
      namespace: 'kfp-cache',
    });
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});
