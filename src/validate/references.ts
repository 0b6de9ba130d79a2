import { ExternalObject, KubeObject, objectName, qualifiedName } from './objects';

/*
 * What `kubectl apply` accepts but the pods then fail on: a reference to an object that is in neither the applied
 * objects nor the ones created outside them. Namespaced references resolve in the namespace of the object that makes
 * them; the check needs no cluster.
 */

/** Kinds whose `spec.template` is a pod template. */
const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** The ServiceAccount that Kubernetes creates in every namespace. */
const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The PriorityClasses that Kubernetes defines. */
const BUILT_IN_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

/** What a reference can find: the keys of a ConfigMap or Secret (`undefined` when any key may exist). */
interface Found {
  readonly keys?: ReadonlySet<string>;
}

/** Objects by kind, namespace and name: those given, then those created outside them. */
class Index {
  private static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind} ${qualifiedName(namespace, name)}`;
  }

  private readonly found = new Map<string, Found>();

  constructor(objects: readonly KubeObject[], external: readonly ExternalObject[]) {
    for (const object of objects) {
      const keys = object?.kind === 'ConfigMap' ? [object.data, object.binaryData]
        : object?.kind === 'Secret' ? [object.data, object.stringData] : undefined;
      this.found.set(Index.key(object?.kind, object?.metadata?.namespace, object?.metadata?.name), {
        keys: keys && new Set(keys.flatMap((map) => Object.keys(map ?? {}))),
      });
    }
    for (const object of external) {
      this.found.set(Index.key(object.kind, object.namespace, object.name), { keys: object.keys && new Set(object.keys) });
    }
  }

  get(kind: string, namespace: string | undefined, name: string): Found | undefined {
    return this.found.get(Index.key(kind, namespace, name));
  }
}

/** A pod spec and where it comes from. */
interface Pod {
  readonly owner: KubeObject;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: any;
  readonly volumeClaimTemplates: readonly string[];
}

function podOf(object: KubeObject): Pod | undefined {
  const template = POD_TEMPLATE_KINDS.includes(object?.kind) ? object.spec?.template
    : object?.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.template
      : object?.kind === 'Pod' ? object : undefined;
  if (!template) return undefined;
  return {
    owner: object,
    namespace: object.metadata?.namespace,
    labels: template.metadata?.labels ?? {},
    spec: template.spec ?? {},
    volumeClaimTemplates: (object.spec?.volumeClaimTemplates ?? []).map((claim: any) => claim.metadata?.name),
  };
}

const selects = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

const labelList = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

/**
 * Every reference among `objects` that does not resolve, one line each naming the object and what it refers to:
 * the namespace of each object; a pod's ServiceAccount, PriorityClass, ConfigMaps and Secrets (with the keys it reads,
 * unless optional), PVCs and image pull Secrets, and its volume mounts; a workload's selector against its pod
 * template; a Service's selector and named target ports against the pods; a binding's role and ServiceAccount
 * subjects. `external` lists what others create (see {@link ExternalObject}). An object given twice is a problem too.
 */
export function referenceProblems(objects: readonly KubeObject[], external: readonly ExternalObject[] = []): string[] {
  const index = new Index(objects, external);
  const pods = objects.map(podOf).filter((pod): pod is Pod => pod !== undefined);
  const problems: string[] = [];

  const seen = new Set<string>();
  for (const object of objects) {
    const name = objectName(object);
    if (seen.has(name)) problems.push(`${name}: given more than once`);
    seen.add(name);
    const namespace = object?.metadata?.namespace;
    if (namespace && !index.get('Namespace', undefined, namespace)) problems.push(`${name}: Namespace ${namespace} does not exist`);
  }

  for (const pod of pods) problems.push(...podProblems(pod, index));

  for (const service of objects.filter((o) => o?.kind === 'Service')) {
    const selector: Record<string, string> | undefined = service.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    const namespace = service.metadata?.namespace;
    const selected = pods.filter((pod) => pod.namespace === namespace && selects(selector, pod.labels));
    if (selected.length === 0) {
      problems.push(`${objectName(service)}: selector ${labelList(selector)} matches no pod template in ${namespace ?? 'its namespace'}`);
      continue;
    }
    for (const port of service.spec.ports ?? []) {
      if (typeof port.targetPort !== 'string') continue;
      const named = selected.some((pod) => [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]
        .some((container: any) => (container.ports ?? []).some((p: any) => p.name === port.targetPort)));
      if (!named) problems.push(`${objectName(service)}: targetPort ${port.targetPort} is no container port of the pods it selects`);
    }
  }

  for (const binding of objects.filter((o) => o?.kind === 'RoleBinding' || o?.kind === 'ClusterRoleBinding')) {
    const where = objectName(binding);
    const { kind, name } = binding.roleRef ?? {};
    const roleNamespace = kind === 'Role' ? binding.metadata?.namespace : undefined;
    if (!index.get(kind, roleNamespace, name)) problems.push(`${where}: ${kind} ${qualifiedName(roleNamespace, name)} does not exist`);
    for (const subject of binding.subjects ?? []) {
      if (subject.kind !== 'ServiceAccount') continue;
      if (!index.get('ServiceAccount', subject.namespace, subject.name)) {
        problems.push(`${where}: ServiceAccount ${qualifiedName(subject.namespace, subject.name)} does not exist`);
      }
    }
  }
  // A pod reading two keys of a missing Secret breaks once.
  return [...new Set(problems)];
}

function podProblems(pod: Pod, index: Index): string[] {
  const problems: string[] = [];
  const { owner, namespace, spec } = pod;
  const where = objectName(owner);
  const missing = (kind: string, name: string) => problems.push(`${where}: ${kind} ${qualifiedName(namespace, name)} does not exist`);
  const check = (kind: 'ConfigMap' | 'Secret', name: string, keys: readonly string[], optional: boolean | undefined) => {
    if (optional) return;
    const found = index.get(kind, namespace, name);
    if (!found) {
      missing(kind, name);
      return;
    }
    for (const key of keys) {
      if (found.keys && !found.keys.has(key)) problems.push(`${where}: ${kind} ${qualifiedName(namespace, name)} has no key ${key}`);
    }
  };
  const itemKeys = (items: readonly any[] | undefined): string[] => (items ?? []).map((item) => item.key);

  const serviceAccount: string | undefined = spec.serviceAccountName ?? spec.serviceAccount;
  if (serviceAccount && serviceAccount !== DEFAULT_SERVICE_ACCOUNT && !index.get('ServiceAccount', namespace, serviceAccount)) {
    missing('ServiceAccount', serviceAccount);
  }
  const priorityClass: string | undefined = spec.priorityClassName;
  if (priorityClass && !BUILT_IN_PRIORITY_CLASSES.includes(priorityClass) && !index.get('PriorityClass', undefined, priorityClass)) {
    problems.push(`${where}: PriorityClass ${priorityClass} does not exist`);
  }
  const selector: Record<string, string> | undefined = owner.kind === 'Pod' || owner.kind === 'CronJob' ? undefined : owner.spec?.selector?.matchLabels;
  if (selector && !selects(selector, pod.labels)) {
    problems.push(`${where}: selector ${labelList(selector)} does not match the labels of its pod template`);
  }
  for (const secret of spec.imagePullSecrets ?? []) check('Secret', secret.name, [], false);

  const volumes = new Set<string>([...(spec.volumes ?? []).map((v: any) => v.name), ...pod.volumeClaimTemplates]);
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const env of container.env ?? []) {
      const configMap = env.valueFrom?.configMapKeyRef;
      if (configMap) check('ConfigMap', configMap.name, [configMap.key], configMap.optional);
      const secret = env.valueFrom?.secretKeyRef;
      if (secret) check('Secret', secret.name, [secret.key], secret.optional);
    }
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) check('ConfigMap', from.configMapRef.name, [], from.configMapRef.optional);
      if (from.secretRef) check('Secret', from.secretRef.name, [], from.secretRef.optional);
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) problems.push(`${where}: container ${container.name} mounts volume ${mount.name}, which the pod does not have`);
    }
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap) check('ConfigMap', volume.configMap.name, itemKeys(volume.configMap.items), volume.configMap.optional);
    if (volume.secret) check('Secret', volume.secret.secretName, itemKeys(volume.secret.items), volume.secret.optional);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) check('ConfigMap', source.configMap.name, itemKeys(source.configMap.items), source.configMap.optional);
      if (source.secret) check('Secret', source.secret.name, itemKeys(source.secret.items), source.secret.optional);
    }
    const claim = volume.persistentVolumeClaim?.claimName;
    if (claim && !index.get('PersistentVolumeClaim', namespace, claim)) missing('PersistentVolumeClaim', claim);
  }
  return problems;
}
