import * as yaml from 'js-yaml';
import { CacheWebhook, IamMechanism, KfpAwsProjectOptions } from '../../src';
import { findRelease, KfpRelease } from '../../src/catalog';
import { resolveInstalls } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { mechanismsOf } from '../util';

/** One setting the generator writes on an upstream container or ConfigMap: where, what kind, its name or path. */
export interface WrittenSetting {
  /** `Deployment/<name>/<container>` or `ConfigMap/<name>`. */
  readonly target: string;
  readonly kind: 'env' | 'args' | 'keys';
  readonly name: string;
}

/** Option families that change which settings are written: every one a release can have. */
export function optionFamilies(release: KfpRelease): Array<[string, Omit<KfpAwsProjectOptions, 'name'>]> {
  const tls = release.mysql.tls ? { tlsCaConfigMap: 'rds-ca' } : {};
  const mechanisms = mechanismsOf(release);
  return [
    ['defaults', {}],
    // Each mechanism the release supports, the default one too where it is not IRSA (a role name instead of the placeholder ARN).
    ...(mechanisms.includes(IamMechanism.KUBE2IAM) ? [['kube2iam', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } }] as [string, Omit<KfpAwsProjectOptions, 'name'>]] : []),
    ...(mechanisms.includes(IamMechanism.IRSA) && release.defaultIamMechanism !== IamMechanism.IRSA
      ? [['irsa', { iam: { mechanism: IamMechanism.IRSA, roleArn: 'arn:aws:iam::123456789012:role/kfp' } }] as [string, Omit<KfpAwsProjectOptions, 'name'>]]
      : []),
    ...(mechanisms.includes(IamMechanism.POD_IDENTITY)
      ? [['EKS Pod Identity', { iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: 'arn:aws:iam::123456789012:role/kfp', clusterName: 'ml-prod' } }] as [string, Omit<KfpAwsProjectOptions, 'name'>]]
      : []),
    ['external database', { externalDatabase: { host: 'kfp.abc.eu-west-1.rds.amazonaws.com', ...tls } }],
    ['S3-compatible store', { s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
    ['additional installs', { additionalInstalls: [{ namespace: 'team-b' }] }],
    ['registry mirror', { images: { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' } }],
    ...(release.components.includes('cache-server')
      ? [['cache webhook, external database', { cacheWebhook: CacheWebhook.CERT_MANAGER, externalDatabase: { host: 'kfp.abc.eu-west-1.rds.amazonaws.com', ...tls } }] as [string, Omit<KfpAwsProjectOptions, 'name'>]]
      : []),
  ];
}

/** Paths into a YAML or JSON value, down to its leaves; list items with a `name` are addressed by it, others by index. */
function leafPaths(value: unknown, prefix: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => leafPaths(item, `${prefix}.${item && typeof item === 'object' && 'name' in item ? item.name : i}`));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [prefix] : entries.flatMap(([key, v]) => leafPaths(v, `${prefix}.${key}`));
  }
  return [prefix];
}

/** A ConfigMap value as structured data where it is YAML or JSON of an object, else undefined. */
function structured(value: string): unknown {
  try {
    const parsed = yaml.load(value);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Every setting written on an upstream container or ConfigMap by the objects of one rendering. */
export function writtenSettings(objects: readonly any[]): WrittenSetting[] {
  const settings: WrittenSetting[] = [];
  const readByEnv = new Set<string>();
  for (const object of objects.filter((o) => o.spec?.template?.spec)) {
    const pod = object.spec.template.spec;
    for (const container of [...pod.initContainers ?? [], ...pod.containers]) {
      const target = `${object.kind}/${object.metadata.name}/${container.name}`;
      const commandLine = [...container.command ?? [], ...container.args ?? []].join(' ');
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.configMapKeyRef;
        if (ref) readByEnv.add(`${ref.name}/${ref.key}`);
        // Kubernetes itself reads a variable that feeds $(NAME) in the command line; the flag it becomes is recorded.
        if (!commandLine.includes(`$(${env.name})`)) settings.push({ target, kind: 'env', name: env.name });
      }
      for (const arg of container.args ?? []) {
        if (arg.startsWith('-')) settings.push({ target, kind: 'args', name: arg.split('=')[0] });
      }
    }
  }
  for (const configMap of objects.filter((o) => o.kind === 'ConfigMap')) {
    const target = `ConfigMap/${configMap.metadata.name}`;
    for (const [key, value] of Object.entries<string>(configMap.data ?? {})) {
      if (readByEnv.has(`${configMap.metadata.name}/${key}`)) continue;
      const data = structured(value);
      for (const path of data ? leafPaths(data, key) : [key]) settings.push({ target, kind: 'keys', name: path });
    }
  }
  return settings;
}

/** Every setting every variant of every option family of `version` writes, once each. */
export function releaseSettings(version: string): WrittenSetting[] {
  const release = findRelease(version)!;
  const seen = new Map<string, WrittenSetting>();
  for (const [, options] of optionFamilies(release)) {
    for (const config of resolveInstalls({ name: 'x', kfpVersion: version, ...options })) {
      for (const variant of [undefined, ...config.variants]) {
        for (const setting of writtenSettings(renderInstall(config, variant).map((o) => o.manifest))) {
          seen.set(`${setting.target} ${setting.kind} ${setting.name}`, setting);
        }
      }
    }
  }
  return [...seen.values()];
}
