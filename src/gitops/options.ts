/**
 * A credential variant of an install: which `overlay/<variant>` folder is deployed.
 */
export enum CredentialVariant {
  /** `overlay/accesskey`: pods read an AWS access key from a Secret that you create. */
  ACCESS_KEY = 'accesskey',
  /** `overlay/iam`: no keys anywhere, pods get credentials from an IAM role. */
  IAM = 'iam',
}

/**
 * GitOps objects that deploy the repo from Git instead of the scripts: Argo CD Applications, Flux Kustomizations or both,
 * one for `crds/` and one for each install.
 */
export interface GitOpsOptions {
  /**
   * Generate Argo CD Applications in `gitops/argocd/` (needs `repoUrl`).
   * @default - no Argo CD Applications
   */
  readonly argoCd?: ArgoCdOptions;

  /**
   * Generate Flux Kustomizations in `gitops/flux/`.
   * @default - no Flux Kustomizations
   */
  readonly flux?: FluxOptions;

  /**
   * The URL of the Git repository that holds this repo, as Argo CD clones it (`https://...`, `ssh://...` or `git@host:path`): the `spec.source.repoURL` of every Application. Flux reads the repository from its GitRepository (`flux.sourceName`) instead.
   * @default - none; required with `argoCd`
   */
  readonly repoUrl?: string;

  /**
   * The branch, tag or commit that Argo CD deploys: the `spec.source.targetRevision` of every Application. Flux deploys the revision of its GitRepository instead.
   * @default "HEAD"
   */
  readonly revision?: string;

  /**
   * The folder of this repo inside the Git repository, for a repo that is not at the root of its Git repository (`deploy/kfp`): every path the Applications and Kustomizations name starts with it.
   * @default - the root of the Git repository
   */
  readonly path?: string;

  /**
   * The overlay deployed for every install.
   * @default - per install, the one `npx projen deploy` installs: `iam` once every IAM role is set, else `accesskey`
   */
  readonly variant?: CredentialVariant;

  /**
   * The start of every Application and Kustomization name: `<namePrefix>` for the one that applies the others, `<namePrefix>-crds` for `crds/`, `<namePrefix>-<namespace>` for each install.
   * @default "kfp"
   */
  readonly namePrefix?: string;
}

/**
 * Where the Argo CD Applications live and what they deploy to.
 */
export interface ArgoCdOptions {
  /**
   * The namespace of Argo CD, where the Applications are created.
   * @default "argocd"
   */
  readonly namespace?: string;

  /**
   * The Argo CD project (AppProject) of the Applications; it must allow the repository, the install namespaces and the cluster-scoped kinds of `crds/` and `base/`.
   * @default "default"
   */
  readonly project?: string;

  /**
   * The API server URL of the cluster the Applications deploy to, as registered in Argo CD.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
}

/**
 * Where the Flux Kustomizations live and which source they read.
 */
export interface FluxOptions {
  /**
   * The namespace of the Kustomizations.
   * @default "flux-system"
   */
  readonly namespace?: string;

  /**
   * The Flux GitRepository of the Git repository that holds this repo (`flux bootstrap` creates `flux-system` for the repository it bootstraps).
   * @default "flux-system"
   */
  readonly sourceName?: string;

  /**
   * The namespace of the GitRepository.
   * @default - `flux.namespace`
   */
  readonly sourceNamespace?: string;

  /**
   * How often Flux reconciles each Kustomization (and undoes changes made in the cluster), as a duration such as `10m` or `1h`; less 30 seconds, also how long it waits for the objects to become ready.
   * @default "10m"
   */
  readonly interval?: string;
}
