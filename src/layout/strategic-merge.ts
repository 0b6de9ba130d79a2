/**
 * Computes strategic-merge patches: what an overlay must say so that kustomize turns the base object into the
 * variant's object. As in Kubernetes, a list's merge key depends on the type that holds it (container `ports` merge by
 * `containerPort`, Service `ports` by `port`); a list of a type with no merge key is replaced whole.
 */

/** How strategic merge treats one field of a type: the type of its value (or items) and, for a list, its merge key. */
interface FieldRule {
  readonly type?: string;
  readonly mergeKey?: string;
}

const POD_TEMPLATE_HOLDER: Readonly<Record<string, FieldRule>> = { metadata: { type: 'ObjectMeta' }, spec: { type: 'WorkloadSpec' } };

/**
 * The fields of the Kubernetes types we render that strategic merge does not replace whole: nested types and lists
 * with a `patchMergeKey` (from the Kubernetes API types, `k8s.io/api/core/v1/types.go`). A root object's type is its
 * kind; kinds not listed here (custom resources among them) have every list replaced whole, as kustomize does.
 */
const TYPES: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  Deployment: POD_TEMPLATE_HOLDER,
  StatefulSet: POD_TEMPLATE_HOLDER,
  DaemonSet: POD_TEMPLATE_HOLDER,
  Job: POD_TEMPLATE_HOLDER,
  WorkloadSpec: { template: { type: 'PodTemplateSpec' } },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    containers: { type: 'Container', mergeKey: 'name' },
    initContainers: { type: 'Container', mergeKey: 'name' },
    volumes: { mergeKey: 'name' },
    imagePullSecrets: { mergeKey: 'name' },
    hostAliases: { mergeKey: 'ip' },
  },
  Container: {
    env: { mergeKey: 'name' },
    ports: { mergeKey: 'containerPort' },
    volumeMounts: { mergeKey: 'mountPath' },
  },
  Service: { metadata: { type: 'ObjectMeta' }, spec: { type: 'ServiceSpec' } },
  ServiceSpec: { ports: { mergeKey: 'port' } },
  ObjectMeta: { ownerReferences: { mergeKey: 'uid' } },
};

/** The patch that turns the Kubernetes object `base` into `target`, or `undefined` when they are equal. */
export function strategicMergePatch(base: unknown, target: unknown): unknown {
  // A variant's rendering reuses the base's objects of the components that do not read the variant.
  if (base === target) return undefined;
  const kind = isObject(target) && typeof target.kind === 'string' ? target.kind : undefined;
  return diffValue(base, target, kind, '');
}

function diffValue(base: unknown, target: unknown, type: string | undefined, path: string): unknown {
  if (isObject(base) && isObject(target)) {
    const fields = (type && TYPES[type]) || {};
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(base)) {
      if (!(key in target)) throw new Error(`A variant removes "${path}.${key}"; overlays only add or change fields`);
    }
    for (const [key, value] of Object.entries(target)) {
      const rule = fields[key] ?? {};
      const diff = !(key in base) ? value
        : rule.mergeKey && Array.isArray(base[key]) && Array.isArray(value)
          ? mergeList(base[key] as unknown[], value, rule, `${path}.${key}`)
          : diffValue(base[key], value, rule.type, `${path}.${key}`);
      if (diff !== undefined) patch[key] = diff;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  }
  return isEqual(base, target) ? undefined : target;
}

function mergeList(base: unknown[], target: unknown[], rule: FieldRule, path: string): unknown[] | undefined {
  const mergeKey = rule.mergeKey!;
  const keyOf = (item: unknown) => {
    const key = isObject(item) ? item[mergeKey] : undefined;
    if (key === undefined) throw new Error(`An item of ${path} has no ${mergeKey}, its merge key`);
    return key;
  };
  for (const item of base) {
    if (!target.some((t) => isEqual(keyOf(t), keyOf(item)))) {
      throw new Error(`A variant removes ${path} item ${JSON.stringify(keyOf(item))}; overlays only add or change items`);
    }
  }
  const patch: unknown[] = [];
  for (const item of target) {
    const original = base.find((b) => isEqual(keyOf(b), keyOf(item)));
    if (original === undefined) {
      patch.push(item);
      continue;
    }
    const diff = diffValue(original, item, rule.type, `${path}[${mergeKey}=${JSON.stringify(keyOf(item))}]`);
    if (diff !== undefined) patch.push({ [mergeKey]: keyOf(item), ...(diff as object) });
  }
  return patch.length > 0 ? patch : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
