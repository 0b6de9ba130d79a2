import type { KfpConfig } from '../config';
import { MYSQL } from './components/mysql';

/**
 * The annotation of Stakater Reloader that restarts a workload when one of the Secrets it names changes, whether the
 * pods read it as env or files: a comma-separated list, each entry matched against the Secret's name (stakater/Reloader
 * v1.4.21 `README.md`, "Named Resource Reload"; `pkg/common/common.go` splits the value at ","). Pods read a Secret's
 * values only when they start, and ESO updates the Secrets of `secretsManager` in place, so without a restart a
 * rotated value would reach no pod.
 */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

/**
 * Deployments that read a managed Secret but must not restart when it changes: the in-cluster MySQL reads its Secret
 * only when it starts on an empty volume, so a restart changes no password and only interrupts every component.
 */
const NOT_RELOADED: readonly string[] = [MYSQL];

/** The names of the Secrets a pod spec reads: in env, envFrom, volumes (also projected). */
export function secretsReadBy(pod: any): string[] {
  const containers: any[] = [...pod.initContainers ?? [], ...pod.containers ?? []];
  const names = [
    ...containers.flatMap((container) => [
      ...(container.env ?? []).map((env: any) => env.valueFrom?.secretKeyRef?.name),
      ...(container.envFrom ?? []).map((from: any) => from.secretRef?.name),
    ]),
    ...(pod.volumes ?? []).flatMap((volume: any) => [
      volume.secret?.secretName,
      ...(volume.projected?.sources ?? []).map((source: any) => source.secret?.name),
    ]),
  ];
  return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
}

/**
 * `manifest` with {@link RELOADER_SECRET_ANNOTATION} naming the Secrets of `secretsManager` its pods read, when it is a
 * Deployment that reads one; unchanged otherwise.
 */
export function withReloadAnnotation(config: KfpConfig, manifest: any): any {
  if (!config.secretsManager || manifest.kind !== 'Deployment' || NOT_RELOADED.includes(manifest.metadata.name)) return manifest;
  const managed = new Set(config.secretsManager.secrets.map((secret) => secret.name));
  const read = secretsReadBy(manifest.spec.template.spec).filter((name) => managed.has(name)).sort();
  if (read.length === 0) return manifest;
  const annotations = { ...manifest.metadata.annotations, [RELOADER_SECRET_ANNOTATION]: read.join(',') };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
