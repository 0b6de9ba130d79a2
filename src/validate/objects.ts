/**
 * A Kubernetes object as parsed from YAML. The checks read whatever fields it has and report what is missing, so the
 * type claims nothing about its shape.
 */
export type KubeObject = any;

/** How every problem names an object: `Kind namespace/name`, or `Kind name` for a cluster-scoped one. */
export function objectName(object: KubeObject): string {
  return `${object?.kind} ${qualifiedName(object?.metadata?.namespace, object?.metadata?.name)}`;
}

/** `namespace/name`, or `name` without a namespace. */
export function qualifiedName(namespace: string | undefined, name: string | undefined): string {
  return namespace ? `${namespace}/${name}` : `${name}`;
}

/**
 * An object that the checked objects refer to but do not contain, because something else creates it: a Secret the
 * user creates (its names come from `.projenrc.ts`, not from the manifests), or one a workload creates at run time.
 */
export interface ExternalObject {
  readonly kind: string;
  /** `undefined` for a cluster-scoped object. */
  readonly namespace?: string;
  readonly name: string;
  /** The keys of a Secret or ConfigMap; `undefined` when any key may be referred to. */
  readonly keys?: readonly string[];
}

/**
 * An {@link ExternalObject} as one command-line word: `Kind/namespace/name=key,key`, or `Kind/name` for a
 * cluster-scoped object, without `=...` when any key may be referred to. Kubernetes names and data keys contain no
 * `/`, `=` or `,`, so the word reads back unchanged ({@link parseExternalObject}).
 */
export function externalObjectSpec(object: ExternalObject): string {
  const keys = object.keys ? `=${object.keys.join(',')}` : '';
  return `${[object.kind, object.namespace, object.name].filter((part) => part !== undefined).join('/')}${keys}`;
}

/** Reads back {@link externalObjectSpec}; throws naming the word when it has another form. */
export function parseExternalObject(spec: string): ExternalObject {
  const match = /^([A-Za-z][A-Za-z0-9]*)\/(?:([^/=,]+)\/)?([^/=,]+)(?:=([^/=]*))?$/.exec(spec);
  if (!match) throw new Error(`${JSON.stringify(spec)} is not KIND/NAMESPACE/NAME[=KEY,...] or KIND/NAME[=KEY,...]`);
  const [, kind, namespace, name, keys] = match;
  return { kind, namespace, name, keys: keys === undefined ? undefined : keys.split(',').filter((key) => key !== '') };
}

/** The command this package installs (`bin` in package.json), which runs `lib/validate/cli.js`. */
export const VALIDATOR_BIN = 'kfp-aws-validate';
