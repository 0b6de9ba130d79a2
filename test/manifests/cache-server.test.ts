import { CacheWebhook } from '../../src';
import { resolveConfig } from '../../src/config';
import { runTimeSecrets } from '../../src/manifests/run-time-secrets';
import { findObject, releasesWith, TestOptions } from '../util';
import {
  containerOf, envOf, expandedVariables, expectBinding, pick, renderRepo, RenderedRepo, selectedDeployments, targetContainerPort,
} from './wiring';

const OBJECTS = [
  ['ServiceAccount', 'kubeflow-pipelines-cache'], ['Role', 'kubeflow-pipelines-cache-role'],
  ['RoleBinding', 'kubeflow-pipelines-cache-binding'], ['Service', 'cache-server'], ['Deployment', 'cache-server'],
  ['Issuer', 'kfp-cache-selfsigned-issuer'], ['Certificate', 'kfp-cache-cert'],
  ['MutatingWebhookConfiguration', 'cache-webhook-kfp-cache'],
] as const;

describe.each(releasesWith('cache-server'))('KFP %s cache server', (kfpVersion, release) => {
  const options: TestOptions = { kfpVersion, namespace: 'kfp-cache', mysql: { secretName: 'cache-db' }, cacheWebhook: CacheWebhook.CERT_MANAGER };
  const config = resolveConfig({ name: 'x', ...options });
  let repo: RenderedRepo;
  let server: any;
  beforeAll(() => {
    repo = renderRepo(options);
    server = containerOf(repo.base, 'cache-server', 'server');
  });

  test('runs the catalog\'s image with upstream\'s arguments and cert-manager\'s file names, each defined in its env', () => {
    expect(server.image).toBe(release.images.cacheServer);
    expect(server.args).toEqual([
      '--db_driver=$(DBCONFIG_DRIVER)', '--db_host=$(DBCONFIG_HOST_NAME)', '--db_port=$(DBCONFIG_PORT)',
      '--db_name=$(DBCONFIG_DB_NAME)', '--db_user=$(DBCONFIG_USER)', '--db_password=$(DBCONFIG_PASSWORD)',
      '--namespace_to_watch=$(NAMESPACE_TO_WATCH)', '--listen_port=$(WEBHOOK_PORT)',
      '--tls_cert_filename=tls.crt', '--tls_key_filename=tls.key',
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
    expect(envOf(repo.base, server, 'CACHE_IMAGE')).toBe(release.images.cacheImage);
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

  test('mounts the TLS Secret that cert-manager writes from the Certificate of the Service\'s names', () => {
    const volumes = findObject(repo.base, 'Deployment', 'cache-server').spec.template.spec.volumes;
    expect(volumes).toEqual([{ name: 'webhook-tls-certs', secret: { secretName: 'webhook-server-tls' } }]);
    expect(runTimeSecrets(config)).toEqual([{ kind: 'Secret', namespace: 'kfp-cache', name: 'webhook-server-tls' }]);
    expect(server.volumeMounts).toEqual([{ name: 'webhook-tls-certs', mountPath: '/etc/webhook/certs', readOnly: true }]);
    expect(repo.base.some((o) => o.kind === 'Secret')).toBe(false);
    const certificate = findObject(repo.base, 'Certificate', 'kfp-cache-cert');
    expect(certificate.metadata.namespace).toBe('kfp-cache');
    expect(certificate.spec).toMatchObject({
      secretName: 'webhook-server-tls',
      dnsNames: ['cache-server', 'cache-server.kfp-cache', 'cache-server.kfp-cache.svc'],
      issuerRef: { kind: 'Issuer', name: 'kfp-cache-selfsigned-issuer' },
    });
    expect(findObject(repo.base, 'Issuer', 'kfp-cache-selfsigned-issuer').spec).toEqual({ selfSigned: {} });
  });

  test('sends only the labelled pods of its own namespace to the Service, with the CA cert-manager injects', () => {
    const webhook = findObject(repo.base, 'MutatingWebhookConfiguration', 'cache-webhook-kfp-cache');
    expect(webhook.metadata.namespace).toBeUndefined();
    expect(webhook.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kfp-cache/kfp-cache-cert' });
    expect(webhook.webhooks).toHaveLength(1);
    const [hook] = webhook.webhooks;
    expect(hook.clientConfig).toEqual({ service: { name: 'cache-server', namespace: 'kfp-cache', path: '/mutate' } });
    expect(hook.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'kfp-cache' } });
    expect(hook.objectSelector).toEqual({ matchLabels: { 'pipelines.kubeflow.org/cache_enabled': 'true' } });
    expect(hook).toMatchObject({ failurePolicy: 'Ignore', sideEffects: 'None', timeoutSeconds: 5, admissionReviewVersions: ['v1beta1'] });
    expect(hook.rules).toEqual([{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }]);
    // The Namespace carries the label the selector matches (Kubernetes sets it on every namespace).
    expect(findObject(repo.base, 'Namespace', 'kfp-cache').metadata.name).toBe('kfp-cache');
  });

  test('runs as its ServiceAccount, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', 'cache-server').spec.template.spec.serviceAccountName).toBe('kubeflow-pipelines-cache');
    expectBinding({
      bindings: repo.base,
      binding: 'kubeflow-pipelines-cache-binding',
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac['kubeflow-pipelines-cache-role'],
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

describe.each(releasesWith('cache-server'))('KFP %s without a cache webhook (the default)', (kfpVersion) => {
  const repo = renderRepo({ kfpVersion, namespace: 'kfp-plain' });

  test('no cache server, certificate or webhook configuration is deployed, and no cache setting is written', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      expect(objects.filter((o) => /cache/.test(o.metadata.name) || ['Issuer', 'Certificate'].includes(o.kind))).toEqual([]);
    }
    expect(Object.keys(findObject(repo.base, 'ConfigMap', 'pipeline-install-config').data).filter((k) => /cache/i.test(k))).toEqual([]);
  });
});
