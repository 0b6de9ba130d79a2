import { APPS_DIR, GitOpsTarget, GitOpsTargets, repoPath } from './targets';
import { FluxConfig, GitOpsConfig, rootName } from '../config';

/*
 * Facts from the Flux docs (fluxcd/kustomize-controller `docs/spec/v1/kustomizations.md`):
 * - `interval`, `sourceRef` and `prune` are required; `sourceRef` names the source in the Kustomization's namespace
 *   unless it gives one. `path` is relative to the root of the source, blank for the root itself.
 * - `prune: true` deletes the objects a later revision drops, and every object when the Kustomization is deleted,
 *   but for those annotated `kustomize.toolkit.fluxcd.io/prune: disabled` (src/manifests/prune-protection.ts).
 * - `wait: true` health-checks every object applied; `dependsOn` applies a Kustomization only once those it names are
 *   ready, that is, with `wait`, once their objects are (so the CRDs are established before an install is applied).
 * - `timeout`, how long `wait` waits, defaults to `interval` less 30 seconds (`api/v1/kustomization_types.go`,
 *   `GetTimeout`). The controller applies server-side and removes kubectl's `last-applied-configuration` annotation
 *   (`internal/controller/kustomization_controller.go`), so no object is too large for it, unlike with Argo CD.
 * - `targetNamespace` would set the namespace of every object: not set, since the overlays set it themselves and
 *   `crds/` holds cluster-scoped objects.
 */

const API_VERSION = 'kustomize.toolkit.fluxcd.io/v1';

/** The Kustomizations: `root` applies those of `apps/` (`crds/`, then each install once `crds/` is ready). */
export function fluxKustomizations(gitops: GitOpsConfig, flux: FluxConfig, targets: GitOpsTargets, fluxDir: string) {
  const kustomization = (name: string, dir: string, spec: Record<string, unknown>) => ({
    apiVersion: API_VERSION,
    kind: 'Kustomization',
    metadata: { name, namespace: flux.namespace },
    spec: {
      interval: flux.interval,
      sourceRef: {
        kind: 'GitRepository',
        name: flux.sourceName,
        ...(flux.sourceNamespace !== flux.namespace ? { namespace: flux.sourceNamespace } : {}),
      },
      // Relative to the root of the source; Flux's own examples start paths with "./".
      path: `./${repoPath(gitops, dir)}`,
      prune: true,
      ...spec,
    },
  });
  const child = (target: GitOpsTarget, dependsOn?: string) => kustomization(target.name, target.dir, {
    wait: true,
    ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}),
  });
  return {
    // Without `wait`: it only creates the Kustomizations, which report their own readiness.
    root: kustomization(rootName(gitops), `${fluxDir}/${APPS_DIR}`, {}),
    apps: [child(targets.crds), ...targets.installs.map((target) => child(target, targets.crds.name))],
  };
}
