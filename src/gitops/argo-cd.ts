import { APPS_DIR, GitOpsTarget, GitOpsTargets, repoPath } from './targets';
import { ARGO_CD_IN_CLUSTER, ArgoCdConfig, GitOpsConfig, rootName } from '../config';

/*
 * Facts from the Argo CD docs (argoproj/argo-cd, `docs/`):
 * - `user-guide/sync-waves.md`: within one sync, resources are applied by wave (annotation `argocd.argoproj.io/sync-wave`,
 *   lower first; 0 when unset, negative allowed) and the next wave waits until the earlier ones are in sync and healthy;
 *   in a wave, Namespaces are applied before the other kinds. Between Applications, waves only order anything when an
 *   Application applies the others ("app of apps", `operator-manual/cluster-bootstrapping.md`), and Argo CD waits for the
 *   health of an Application only once `argocd-cm` has the health check of `operator-manual/health.md`, "Argocd App".
 * - `user-guide/sync-options.md`, "Server-Side Apply": client-side apply (the default) stores the object in the
 *   annotation `kubectl.kubernetes.io/last-applied-configuration`, and an object's annotations may take 262144 bytes;
 *   `ServerSideApply=true` uses `kubectl apply --server-side`, which stores none. "Create Namespace": without
 *   `CreateNamespace=true` a sync fails when the destination namespace does not exist, unless the Application applies
 *   it: each install's overlay holds its Namespace, with the Pod Security labels that `CreateNamespace` would not set.
 * - `user-guide/auto_sync.md`: `automated.prune` deletes what Git no longer has, `automated.selfHeal` undoes changes
 *   made in the cluster.
 * - `user-guide/app_deletion.md`: deleting an Application with the finalizer `resources-finalizer.argocd.argoproj.io`
 *   deletes what it applied; without it, the objects stay.
 */

const API_VERSION = 'argoproj.io/v1alpha1';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The sync wave of the Application of `crds/`: before every other object of the app of apps. */
export const CRDS_WAVE = -1;
/** The sync wave of the Application of each install, after `crds/`. */
export const INSTALL_WAVE = 0;

/** The most bytes the annotations of one object may take, client-side apply's copy of the object among them. */
export const ANNOTATION_LIMIT_BYTES = 262144;
/** What the limit leaves the other annotations of the object (Argo CD's tracking annotation among them). */
const OTHER_ANNOTATIONS_BYTES = 4096;

/** Whether an Application must apply server-side: its largest object would not fit in the annotation of client-side apply. */
export function needsServerSideApply(target: Pick<GitOpsTarget, 'largestObjectBytes'>): boolean {
  return target.largestObjectBytes > ANNOTATION_LIMIT_BYTES - OTHER_ANNOTATIONS_BYTES;
}

/** The Applications: `root` applies those of `apps/` (`crds/` first, then each install). */
export function argoCdApplications(gitops: GitOpsConfig, argoCd: ArgoCdConfig, targets: GitOpsTargets, appsDir: string) {
  const source = (dir: string) => ({ repoURL: argoCd.repoUrl, targetRevision: argoCd.revision, path: repoPath(gitops, dir) });
  const syncPolicy = (target?: GitOpsTarget) => ({
    automated: { prune: true, selfHeal: true },
    ...(target && needsServerSideApply(target) ? { syncOptions: ['ServerSideApply=true'] } : {}),
  });
  const child = (target: GitOpsTarget, wave: number) => ({
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: {
      name: target.name,
      namespace: argoCd.namespace,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) },
      // Removing an install from the options removes its Application, and with it what it applied, but for the
      // objects whose annotations keep them (src/manifests/prune-protection.ts).
      finalizers: [CASCADE_FINALIZER],
    },
    spec: {
      project: argoCd.project,
      source: source(target.dir),
      destination: { server: argoCd.destinationServer, ...(target.namespace ? { namespace: target.namespace } : {}) },
      syncPolicy: syncPolicy(target),
    },
  });
  return {
    // No finalizer: deleting the Application you applied by hand leaves the installs running.
    root: {
      apiVersion: API_VERSION,
      kind: 'Application',
      metadata: { name: rootName(gitops), namespace: argoCd.namespace },
      spec: {
        project: argoCd.project,
        source: source(`${appsDir}/${APPS_DIR}`),
        // The Applications it applies live beside Argo CD, whichever cluster they deploy to.
        destination: { server: ARGO_CD_IN_CLUSTER, namespace: argoCd.namespace },
        syncPolicy: syncPolicy(),
      },
    },
    apps: [child(targets.crds, CRDS_WAVE), ...targets.installs.map((target) => child(target, INSTALL_WAVE))],
  };
}
