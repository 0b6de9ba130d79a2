import * as yaml from 'js-yaml';

/**
 * Serializes a value as YAML the same way everywhere: manifests, kustomizations and YAML embedded in ConfigMaps.
 * Key order is kept (cdk8s already orders manifests), long lines are not folded and no anchors are emitted.
 */
export function toYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });
}

/** Serializes documents as one multi-document YAML stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}
