/**
 * Computes strategic-merge patches: what an overlay must say so that kustomize turns the base object into the
 * variant's object. Lists of containers, env, volumes, mounts and ports merge by their Kubernetes merge key; every
 * other list is replaced whole, as strategic merge does.
 */

const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
};

/** The patch that turns `base` into `target`, or `undefined` when they are equal. */
export function strategicMergePatch(base: unknown, target: unknown, field = ''): unknown {
  if (isObject(base) && isObject(target)) {
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(base)) {
      if (!(key in target)) throw new Error(`A variant removes "${field}.${key}"; overlays only add or change fields`);
    }
    for (const [key, value] of Object.entries(target)) {
      const diff = key in base ? strategicMergePatch(base[key], value, key) : value;
      if (diff !== undefined) patch[key] = diff;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  }
  const mergeKey = MERGE_KEYS[field];
  if (mergeKey && Array.isArray(base) && Array.isArray(target)) {
    return mergeList(base, target, mergeKey, field);
  }
  return isEqual(base, target) ? undefined : target;
}

function mergeList(base: unknown[], target: unknown[], mergeKey: string, field: string): unknown[] | undefined {
  const keyOf = (item: unknown) => (isObject(item) ? item[mergeKey] : undefined);
  for (const item of base) {
    if (!target.some((t) => isEqual(keyOf(t), keyOf(item)))) {
      throw new Error(`A variant removes ${field} item ${JSON.stringify(keyOf(item))}; overlays only add or change items`);
    }
  }
  const patch: unknown[] = [];
  for (const item of target) {
    const original = base.find((b) => isEqual(keyOf(b), keyOf(item)));
    if (original === undefined) {
      patch.push(item);
      continue;
    }
    const diff = strategicMergePatch(original, item, field);
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
