import * as fs from 'fs';
import * as path from 'path';
import { findObject, kustomize, synthToDisk, TestOptions } from '../util';

/** What kustomize builds from each entry point of one synthesized repo. */
export interface RenderedRepo {
  readonly crds: any[];
  readonly base: any[];
  readonly accesskey: any[];
  /** Absent for an install on an S3-compatible store, which has no `overlay/iam`. */
  readonly iam: any[];
}

/** Synthesizes a repo with `options` and builds `crds`, `base` and its overlays with kustomize. */
export function renderRepo(options: TestOptions = {}): RenderedRepo {
  const dir = synthToDisk(options);
  const iam = path.join(dir, 'overlay/iam');
  return {
    crds: kustomize(path.join(dir, 'crds')),
    base: kustomize(path.join(dir, 'base')),
    accesskey: kustomize(path.join(dir, 'overlay/accesskey')),
    iam: fs.existsSync(iam) ? kustomize(iam) : undefined as unknown as any[],
  };
}

const rendered = new Map<string, RenderedRepo>();

/**
 * {@link renderRepo}, once per set of options in a test file: the describe blocks of a file that test one release
 * through different rows (every release with a component, the releases of one layout) share its rendering.
 */
export function renderRepoOnce(options: TestOptions = {}): RenderedRepo {
  const key = JSON.stringify(options);
  if (!rendered.has(key)) rendered.set(key, renderRepo(options));
  return rendered.get(key)!;
}

/** The pod template's container (or init container) `name` of Deployment `deployment`. */
export function containerOf(objects: readonly any[], deployment: string, name: string): any {
  const spec = findObject(objects, 'Deployment', deployment).spec.template.spec;
  const found = [...spec.containers, ...(spec.initContainers ?? [])].find((c: any) => c.name === name);
  if (!found) throw new Error(`Deployment ${deployment} has no container ${name}`);
  return found;
}

/** Where an environment variable's value comes from, with ConfigMap references resolved among `objects`. */
export type EnvSource = string | { readonly secret: string; readonly key: string } | { readonly field: string };

/** The value of `envName` in `container`, following `configMapKeyRef` into the rendered ConfigMap. */
export function envOf(objects: readonly any[], container: any, envName: string): EnvSource {
  const env = (container.env ?? []).find((e: any) => e.name === envName);
  if (!env) throw new Error(`Container ${container.name} has no env ${envName}`);
  if (env.value !== undefined) return env.value;
  const { configMapKeyRef, secretKeyRef, fieldRef } = env.valueFrom;
  if (configMapKeyRef) {
    const data = findObject(objects, 'ConfigMap', configMapKeyRef.name).data ?? {};
    if (!(configMapKeyRef.key in data)) throw new Error(`ConfigMap ${configMapKeyRef.name} has no key ${configMapKeyRef.key}`);
    return data[configMapKeyRef.key];
  }
  if (secretKeyRef) return { secret: secretKeyRef.name, key: secretKeyRef.key };
  return { field: fieldRef.fieldPath };
}

/** Every `$(VAR)` a container's command and args use, which Kubernetes expands only from the container's env. */
export function expandedVariables(container: any): string[] {
  const text = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return [...text.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);
}

/** The Deployments whose pods Service `name` selects. */
export function selectedDeployments(objects: readonly any[], name: string): string[] {
  const selector: Record<string, string> = findObject(objects, 'Service', name).spec.selector;
  return objects
    .filter((o) => o.kind === 'Deployment')
    .filter((d) => Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels?.[k] === v))
    .map((d) => d.metadata.name);
}

/** The container port a Service port's `targetPort` (number or name) lands on in `container`. */
export function targetContainerPort(servicePort: any, container: any): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const port = (container.ports ?? []).find((p: any) => p.name === target || p.containerPort === target);
  return port?.containerPort;
}

/** Checks that a (Cluster)RoleBinding grants its (Cluster)Role, with the catalog's rules, to a rendered ServiceAccount. */
export function expectBinding(args: {
  readonly bindings: readonly any[];
  readonly binding: string;
  readonly bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly roles: readonly any[];
  readonly rules: readonly unknown[];
  readonly serviceAccounts: readonly any[];
  readonly serviceAccount: string;
  readonly namespace: string;
}) {
  const binding = findObject(args.bindings, args.bindingKind, args.binding);
  const roleKind = args.bindingKind === 'RoleBinding' ? 'Role' : 'ClusterRole';
  expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: expect.any(String) });
  const role = findObject(args.roles, roleKind, binding.roleRef.name);
  expect(role.rules).toEqual(args.rules.map((r) => JSON.parse(JSON.stringify(r))));
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: args.serviceAccount, namespace: args.namespace }]);
  expect(findObject(args.serviceAccounts, 'ServiceAccount', args.serviceAccount).metadata.namespace).toBe(args.namespace);
}

/** The rendered objects of `kind`/`name` pairs, to compare a component across variants. */
export function pick(objects: readonly any[], names: ReadonlyArray<readonly [string, string]>): any[] {
  return names.map(([kind, name]) => findObject(objects, kind, name));
}

/** The TensorBoard viewer pod template, found the way the UI finds it: env path → mounted volume → ConfigMap key. */
export function viewerTemplate(objects: readonly any[]): any {
  const container = containerOf(objects, 'ml-pipeline-ui', 'ml-pipeline-ui');
  const file = envOf(objects, container, 'VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH') as string;
  const mount = container.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
  const volume = findObject(objects, 'Deployment', 'ml-pipeline-ui').spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  const data = findObject(objects, 'ConfigMap', volume.configMap.name).data;
  return JSON.parse(data[file.slice(mount.mountPath.length + 1)]);
}
