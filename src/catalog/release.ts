/**
 * What one Kubeflow Pipelines release is made of: the data the constructs read. Every image tag and every
 * version-dependent fact lives in a release entry, never in a construct.
 */
export interface KfpRelease {
  /** The KFP version as users write it, for example `2.17.0`. */
  readonly version: string;
  /** Container images by role, fully qualified and pinned. */
  readonly images: KfpImages;
  /**
   * The components of an install, by name (see `manifests/registry.ts`), in the order `base/kustomization.yaml`
   * lists them.
   */
  readonly components: readonly string[];
  /** Rules of every Role and ClusterRole, by object name, as the release defines them. */
  readonly rbac: Readonly<Record<string, readonly PolicyRuleSpec[]>>;
  /** The Argo Workflows release this KFP release runs on. */
  readonly argo: ArgoRelease;
  /** KFP's own custom resources (ScheduledWorkflow, Viewer), by kind. */
  readonly crds: Readonly<Record<string, CrdSpec>>;
  /** Whether the workloads' AWS SDKs accept IRSA (web-identity) credentials. */
  readonly supportsIrsa: boolean;
  /** Known problems of this release with our AWS wiring, shown in the README and checked by validation. */
  readonly knownIssues: readonly KnownIssue[];
}

/** Images of a release by role; a release lists the images of the components it has. */
export interface KfpImages {
  readonly workflowController: string;
  readonly argoExecutor: string;
  readonly apiServer?: string;
  readonly persistenceAgent?: string;
  readonly scheduledWorkflow?: string;
  readonly frontend?: string;
  readonly viewerCrdController?: string;
  readonly visualizationServer?: string;
  readonly metadataServer?: string;
  readonly metadataEnvoy?: string;
  readonly metadataWriter?: string;
  readonly cacheServer?: string;
  readonly cacheDeployer?: string;
  readonly mysql?: string;
  /** Small image with `nc`, for init containers that wait for a dependency. */
  readonly waitFor?: string;
  /** The v2 driver and launcher the api server hands to workflows. */
  readonly v2Driver?: string;
  readonly v2Launcher?: string;
  /** Image of the pods that serve cached steps. */
  readonly cacheImage?: string;
}

/** One RBAC policy rule. */
export interface PolicyRuleSpec {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

/** The Argo Workflows release a KFP release bundles. */
export interface ArgoRelease {
  readonly version: string;
  /** Argo's custom resources, rendered as CRDs without full schemas. */
  readonly crds: readonly CrdSpec[];
}

/** Names of a custom resource, enough to render a CRD that preserves unknown fields. */
export interface CrdSpec {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames?: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  readonly version: string;
  /** Whether the resource has a `status` subresource. */
  readonly statusSubresource?: boolean;
}

/** A documented incompatibility of a release. */
export interface KnownIssue {
  /** A short sentence for the README. */
  readonly summary: string;
  /** Where it is tracked upstream. */
  readonly reference?: string;
}

/** The image of `role` in `release`; a component asking for an image its release lacks is a catalog error. */
export function imageOf(release: KfpRelease, role: keyof KfpImages): string {
  const image = release.images[role];
  if (!image) throw new Error(`KFP ${release.version} has no ${role} image in the catalog`);
  return image;
}

/** The custom resource `kind` of `release`; a component asking for a resource its release lacks is a catalog error. */
export function crdOf(release: KfpRelease, kind: string): CrdSpec {
  const crd = release.crds[kind];
  if (!crd) throw new Error(`KFP ${release.version} has no ${kind} custom resource in the catalog`);
  return crd;
}

/** The rules of Role or ClusterRole `name` in `release`, as mutable copies for the L1 constructs. */
export function rulesOf(release: KfpRelease, name: string) {
  const rules = release.rbac[name];
  if (!rules) throw new Error(`KFP ${release.version} has no rules for role ${name} in the catalog`);
  return rules.map((r) => ({
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    resourceNames: r.resourceNames ? [...r.resourceNames] : undefined,
    verbs: [...r.verbs],
  }));
}
