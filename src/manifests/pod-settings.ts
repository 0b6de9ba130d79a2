import { KfpConfig, KfpOptionsError } from '../config';
import type { PodSchedulingOptions } from '../pod-options';

/**
 * The pod settings of the options (`pods`, `resources`), applied to the rendered Deployments of an install: every
 * component renders its pods as upstream does, and this one place adds what the team sets. Returns the manifest
 * unchanged when it is no Deployment or nothing applies.
 */
export function withPodSettings(config: KfpConfig, manifest: any): any {
  if (manifest.kind !== 'Deployment') return manifest;
  const { pods, resources } = config.pods;
  const name: string = manifest.metadata.name;
  const pod = manifest.spec.template.spec;
  const containers = (pod.containers as any[]).map((container) => {
    const settings = resources[`${name}/${container.name}`] ?? (mainContainer(pod.containers, name) === container ? resources[name] : undefined);
    if (!settings) return container;
    const merged = (kind: 'requests' | 'limits') => {
      const quantities = { ...container.resources?.[kind], ...definedOnly(settings[kind]) };
      return Object.keys(quantities).length > 0 ? quantities : undefined;
    };
    const requests = merged('requests');
    const limits = merged('limits');
    return { ...container, resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) } };
  });
  const spec = { ...withScheduling(pod, pods, 'priorityClassName'), containers };
  return { ...manifest, spec: { ...manifest.spec, template: { ...manifest.spec.template, spec } } };
}

/**
 * `target` (a pod spec, or an Argo workflow spec whose priority field is `podPriorityClassName`) with the scheduling
 * settings: node labels merged, tolerations and pull secrets added, affinity and priority class replaced.
 */
export function withScheduling(target: any, settings: PodSchedulingOptions, priorityField: string): any {
  const { nodeSelector, tolerations, affinity, priorityClassName, imagePullSecrets } = settings;
  return {
    ...target,
    ...(nodeSelector && Object.keys(nodeSelector).length > 0 ? { nodeSelector: { ...target.nodeSelector, ...nodeSelector } } : {}),
    ...(tolerations && tolerations.length > 0 ? { tolerations: [...target.tolerations ?? [], ...tolerations.map(definedOnly)] } : {}),
    ...(affinity ? { affinity } : {}),
    ...(priorityClassName ? { [priorityField]: priorityClassName } : {}),
    ...(imagePullSecrets && imagePullSecrets.length > 0
      ? { imagePullSecrets: [...target.imagePullSecrets ?? [], ...imagePullSecrets.map((secret) => ({ name: secret }))] }
      : {}),
  };
}

/** The container `resources.<deployment>` means: the one named like the Deployment, or its only one. */
function mainContainer(containers: readonly any[], deployment: string): any {
  return containers.find((c) => c.name === deployment) ?? (containers.length === 1 ? containers[0] : undefined);
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Refuses a key of `resources` that names no container of the install's Deployments (rendered, in `manifests`), with
 * the containers it could name.
 */
export function checkResourceKeys(config: KfpConfig, manifests: readonly any[]): void {
  const deployments = manifests.filter((m) => m.kind === 'Deployment');
  const keys = new Set<string>();
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const containers: any[] = deployment.spec.template.spec.containers;
    if (mainContainer(containers, name)) keys.add(name);
    for (const container of containers) keys.add(`${name}/${container.name}`);
  }
  const where = config.root ? `additionalInstalls (namespace ${config.namespace}): ` : '';
  const problems = Object.keys(config.pods.resources).filter((key) => !keys.has(key)).map((key) =>
    `${where}resources[${JSON.stringify(key)}]: names no container of KFP ${config.release.version}'s Deployments in this install; the keys are ${[...keys].sort().join(', ')}`);
  if (problems.length > 0) throw new KfpOptionsError(problems);
}
