import type { Project } from 'projen';
import { yamlFile } from './yaml-file';
import type { KustomizeImage } from '../config/images';
import type { GeneratedFile } from '../generated-file';

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
  readonly images?: readonly KustomizeImage[];
}

/** Writes `<dir>/kustomization.yaml`. */
export function kustomization(project: Project, dir: string, spec: KustomizationSpec): GeneratedFile {
  return yamlFile(project, `${dir}/kustomization.yaml`, [{
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    ...spec,
  }]);
}
