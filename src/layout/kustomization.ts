import type { Project } from 'projen';
import { GeneratedYamlFile } from './yaml-file';

/** A patch entry of a kustomization. */
export interface KustomizePatch {
  readonly path: string;
}

/**
 * The fields of a kustomization we generate. Only kustomize v5 fields exist here, so the deprecated ones (`vars`,
 * `bases`, `commonLabels`, `patchesStrategicMerge`, `patchesJson6902`) cannot be written.
 */
export interface KustomizationSpec {
  readonly resources?: readonly string[];
  readonly components?: readonly string[];
  readonly patches?: readonly KustomizePatch[];
}

/** Writes `<dir>/kustomization.yaml`. */
export class Kustomization extends GeneratedYamlFile {
  constructor(project: Project, dir: string, spec: KustomizationSpec) {
    super(project, `${dir}/kustomization.yaml`, [{
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      ...spec,
    }]);
  }
}
