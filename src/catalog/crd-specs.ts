import type { CrdSpec } from './release';

/** An Argo Workflows custom resource (`argoproj.io/v1alpha1`), namespaced unless `extra` says otherwise. */
export function argoCrd(kind: string, plural: string, shortNames: string[], extra: Partial<CrdSpec> = {}): CrdSpec {
  return {
    group: 'argoproj.io',
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    scope: 'Namespaced',
    version: 'v1alpha1',
    ...extra,
  };
}

/** A custom resource of KFP itself (`kubeflow.org/v1beta1`): ScheduledWorkflow and Viewer. */
export function kfpCrd(kind: string, plural: string, shortNames: string[]): CrdSpec {
  return { group: 'kubeflow.org', kind, plural, singular: kind.toLowerCase(), shortNames, scope: 'Namespaced', version: 'v1beta1' };
}
