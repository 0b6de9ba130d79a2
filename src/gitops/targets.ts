import { crdsName, GitOpsConfig, installName, KfpConfig } from '../config';
import { CRDS_DIR, DeploymentManifests, overlayDir } from '../layout/deployment-manifests';
import { defaultVariant } from '../ops/default-variant';

/** The folder, in each tool's folder, of the objects that the one at the top applies. */
export const APPS_DIR = 'apps';

/** What one Application or Kustomization deploys. */
export interface GitOpsTarget {
  /** The name of the Application or Kustomization. */
  readonly name: string;
  /** The kustomize folder it applies, relative to this repo's root. */
  readonly dir: string;
  /** The install's namespace; `undefined` for `crds/`, whose objects have none. */
  readonly namespace?: string;
  /** The bytes of the largest object it applies, as JSON. */
  readonly largestObjectBytes: number;
}

/** `crds/` and the overlay of each install, in the order of the installs. */
export interface GitOpsTargets {
  readonly crds: GitOpsTarget;
  readonly installs: readonly GitOpsTarget[];
}

/** The variant that the GitOps objects deploy for `config`: `gitops.variant`, else the one `deploy` installs. */
export function gitopsVariant(gitops: GitOpsConfig, config: KfpConfig) {
  return gitops.variant ?? defaultVariant(config);
}

export function gitopsTargets(gitops: GitOpsConfig, installs: readonly KfpConfig[], manifests: DeploymentManifests): GitOpsTargets {
  const sized = (dir: string) => manifests.largestObjectBytes.get(dir) ?? 0;
  return {
    crds: { name: crdsName(gitops), dir: CRDS_DIR, largestObjectBytes: sized(CRDS_DIR) },
    installs: installs.map((config) => {
      const dir = overlayDir(gitopsVariant(gitops, config), config.root);
      return { name: installName(gitops, config.namespace), dir, namespace: config.namespace, largestObjectBytes: sized(dir) };
    }),
  };
}

/** `dir` of this repo as a path from the root of its Git repository, which both tools resolve paths against. */
export function repoPath(gitops: GitOpsConfig, dir: string): string {
  return gitops.path ? `${gitops.path}/${dir}` : dir;
}
