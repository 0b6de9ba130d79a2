import { ExternalObject, KubeObject } from './objects';
import { referenceProblems } from './references';
import { SchemaModels, schemaProblems } from './schema';

export * from './objects';
export * from './references';
export * from './schema';

/**
 * Both checks of the objects `kubectl kustomize` builds: each object against its Kubernetes schema, then every
 * reference between them (`external`: what others create). The product's tests and the deployment repo's `validate`
 * task run this same function, so they cannot disagree about what is valid.
 */
export function validateObjects(
  objects: readonly KubeObject[],
  external: readonly ExternalObject[] = [],
  models: SchemaModels = SchemaModels.load(),
): string[] {
  return [...schemaProblems(objects, models), ...referenceProblems(objects, external)];
}
