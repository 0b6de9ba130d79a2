import type { GitOpsTool } from '../config';

/**
 * The annotation each GitOps tool reads on an object in the cluster to leave it there, both when a commit drops it
 * (pruning) and when the Application or Kustomization that applied it is deleted:
 * - Argo CD: sync options `Prune=false` and `Delete=false`, joined with "," in one annotation (argo-cd
 *   `docs/user-guide/sync-options.md`, "No Prune Resources" and "No Resource Deletion");
 * - Flux: `kustomize.toolkit.fluxcd.io/prune: disabled` (kustomize-controller `docs/spec/v1/kustomizations.md`, "Prune";
 *   `deleteObjects` in `internal/controller/kustomization_controller.go` excludes it from pruning and from the
 *   deletion of a Kustomization alike).
 */
export const KEEP_ANNOTATIONS: Readonly<Record<GitOpsTool, Readonly<Record<string, string>>>> = {
  argoCd: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
  flux: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
};

/**
 * The kinds whose deletion loses what Git cannot bring back: a Namespace takes every object in it (the Secrets you
 * created, the MySQL volume), a PersistentVolumeClaim its volume, a CustomResourceDefinition every object of its kind in
 * every namespace (workflows, recurring runs), of every install in the cluster. The scripts delete them only when
 * asked to; a GitOps tool, which prunes without asking, must not delete them at all.
 */
export const KEPT_KINDS: readonly string[] = ['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition'];

/** `manifest` with the annotations of `tools` that keep it, when it is of a kind whose loss loses data. */
export function keepFromPruning(manifest: any, tools: readonly GitOpsTool[]): any {
  if (tools.length === 0 || !KEPT_KINDS.includes(manifest.kind)) return manifest;
  const annotations = Object.assign({}, manifest.metadata.annotations, ...tools.map((tool) => KEEP_ANNOTATIONS[tool]));
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
