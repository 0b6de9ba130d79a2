import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism } from '../../src';
import { SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { KfpConfig, resolveInstalls } from '../../src/config';
import { RUN_TIME_SECRETS } from '../../src/manifests/run-time-secrets';
import { Variant, VARIANTS } from '../../src/manifests/variant';
import { kustomize, synthToDisk, TestOptions } from '../util';

/**
 * Every reference between the objects of an overlay (plus `crds/`) resolves: ServiceAccounts, ConfigMaps and their
 * keys, PVCs, Service selectors, Roles and binding subjects; Secrets are the ones the user creates (named in the
 * README) or the ones a workload creates at run time.
 */
function problems(objects: any[], userSecrets: Map<string, string[]>, namespace: string): string[] {
  const found: string[] = [];
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const checkConfigMap = (where: string, name: string, key?: string, optional?: boolean) => {
    const configMap = named('ConfigMap', name);
    if (!configMap) {
      if (!optional) found.push(`${where}: ConfigMap ${name} does not exist`);
    } else if (key !== undefined && !(key in (configMap.data ?? {}))) {
      found.push(`${where}: ConfigMap ${name} has no key ${key}`);
    }
  };
  const checkSecret = (where: string, name: string, key?: string) => {
    if (RUN_TIME_SECRETS.includes(name)) return;
    const keys = userSecrets.get(name);
    if (!keys) found.push(`${where}: Secret ${name} is neither created by the user nor at run time`);
    else if (key !== undefined && !keys.includes(key)) found.push(`${where}: Secret ${name} has no key ${key}`);
  };

  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const where = `Deployment ${deployment.metadata.name}`;
    const pod = deployment.spec.template;
    const sa = pod.spec.serviceAccountName;
    if (sa && !named('ServiceAccount', sa)) found.push(`${where}: ServiceAccount ${sa} does not exist`);
    const selector = deployment.spec.selector.matchLabels;
    if (Object.entries(selector).some(([k, v]) => pod.metadata.labels?.[k] !== v)) found.push(`${where}: selector does not match its pods`);
    for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      for (const env of container.env ?? []) {
        const cm = env.valueFrom?.configMapKeyRef;
        if (cm) checkConfigMap(where, cm.name, cm.key, cm.optional);
        const secret = env.valueFrom?.secretKeyRef;
        if (secret) checkSecret(where, secret.name, secret.key);
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef) checkConfigMap(where, from.configMapRef.name, undefined, from.configMapRef.optional);
        if (from.secretRef) checkSecret(where, from.secretRef.name);
      }
      for (const mount of container.volumeMounts ?? []) {
        if (!(pod.spec.volumes ?? []).some((v: any) => v.name === mount.name)) found.push(`${where}: mount ${mount.name} has no volume`);
      }
    }
    for (const volume of pod.spec.volumes ?? []) {
      if (volume.configMap) {
        checkConfigMap(where, volume.configMap.name, undefined, volume.configMap.optional);
        for (const item of volume.configMap.items ?? []) checkConfigMap(where, volume.configMap.name, item.key, volume.configMap.optional);
      }
      if (volume.secret) checkSecret(where, volume.secret.secretName);
      if (volume.persistentVolumeClaim && !named('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)) {
        found.push(`${where}: PVC ${volume.persistentVolumeClaim.claimName} does not exist`);
      }
    }
  }

  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const selector: Record<string, string> = service.spec.selector ?? {};
    const pods = objects.filter((o) => o.kind === 'Deployment').map((d) => d.spec.template.metadata.labels ?? {});
    if (!pods.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v))) {
      found.push(`Service ${service.metadata.name}: selects no pod`);
    }
  }

  for (const binding of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const where = `${binding.kind} ${binding.metadata.name}`;
    if (!named(binding.roleRef.kind, binding.roleRef.name)) found.push(`${where}: ${binding.roleRef.kind} ${binding.roleRef.name} does not exist`);
    for (const subject of binding.subjects ?? []) {
      if (subject.kind !== 'ServiceAccount') continue;
      if (subject.namespace !== namespace || !named('ServiceAccount', subject.name)) {
        found.push(`${where}: ServiceAccount ${subject.namespace}/${subject.name} does not exist`);
      }
    }
  }
  return found;
}

const CASES = SUPPORTED_KFP_VERSIONS.flatMap((kfpVersion) => [IamMechanism.IRSA, IamMechanism.KUBE2IAM].flatMap((mechanism) =>
  VARIANTS.map((variant) => [kfpVersion, mechanism, variant] as [string, IamMechanism, Variant])));

describe.each(CASES)('references of KFP %s (%s) in overlay/%s', (kfpVersion, mechanism, variant) => {
  const options: TestOptions = {
    kfpVersion,
    namespace: 'kfp-refs',
    bucket: 'refs-bucket',
    region: 'eu-west-1',
    iam: { mechanism, roleArn: 'arn:aws:iam::123456789012:role/kfp' },
    accessKey: { secretName: 'aws-creds' },
    mysql: { secretName: 'db-creds' },
    additionalInstalls: [{ namespace: 'kfp-refs-b', accessKey: { secretName: 'aws-creds-b', accessKeyIdKey: 'id' }, mysql: { secretName: 'db-creds-b' } }],
  };
  const [config, additional] = resolveInstalls({ name: 'x', ...options });
  const dir = synthToDisk(options);
  const crds = kustomize(path.join(dir, 'crds'));
  const objects = [...crds, ...kustomize(path.join(dir, 'overlay', variant))];
  const userSecrets = secretsOf(config, variant);

  test('every reference resolves', () => {
    expect(problems(objects, userSecrets, config.namespace)).toEqual([]);
  });

  test('every reference of the additional install resolves, to its own objects and Secrets', () => {
    const own = [...crds, ...kustomize(path.join(dir, additional.root, 'overlay', variant))];
    expect(problems(own, secretsOf(additional, variant), additional.namespace)).toEqual([]);
  });

  test('the Secrets it reads are the ones the README tells the user to create', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf-8');
    for (const name of userSecrets.keys()) expect(readme).toContain(`| \`${name}\` |`);
    const installs = readme.slice(readme.indexOf('\n## Installs\n'));
    const row = installs.split('\n').find((line) => line.startsWith(`| \`${additional.namespace}\` |`));
    for (const name of secretsOf(additional, variant).keys()) expect(row).toContain(`\`${name}\``);
  });
});

/** The Secrets the user creates for `variant` of an install, with their keys. */
function secretsOf(config: KfpConfig, variant: Variant): Map<string, string[]> {
  const { secret } = config.mysql;
  const secrets = new Map<string, string[]>([[secret.name, [secret.usernameKey, secret.passwordKey, secret.rootPasswordKey]]]);
  if (variant === 'accesskey') secrets.set(config.accessKey.secretName, [config.accessKey.accessKeyIdKey, config.accessKey.secretAccessKeyKey]);
  return secrets;
}

test('the check finds a broken reference', () => {
  const objects = [
    { kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { serviceAccountName: 'missing', containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }, { name: 'Y', valueFrom: { secretKeyRef: { name: 'nobody-creates-it', key: 'k' } } }] }] } } } },
    { kind: 'ConfigMap', metadata: { name: 'cm' }, data: { other: '' } },
    { kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'nothing' } } },
  ];
  expect(problems(objects, new Map(), 'ns')).toEqual([
    'Deployment d: ServiceAccount missing does not exist',
    'Deployment d: ConfigMap cm has no key k',
    'Deployment d: Secret nobody-creates-it is neither created by the user nor at run time',
    'Service s: selects no pod',
  ]);
});
