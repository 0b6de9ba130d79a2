/**
 * What one Kubeflow Pipelines release is made of: the data the constructs read. Every image tag and every
 * version-dependent fact lives in a release entry, never in a construct.
 */
export interface KfpRelease {
  /** The KFP version as users write it, for example `2.17.0`. */
  readonly version: string;
  /** Container images by role, fully qualified and pinned. */
  readonly images: KfpImages;
  /** The Argo Workflows release this KFP release runs on. */
  readonly argo: ArgoRelease;
  /** Whether the workloads' AWS SDKs accept IRSA (web-identity) credentials. */
  readonly supportsIrsa: boolean;
  /** Known problems of this release with our AWS wiring, shown in the README and checked by validation. */
  readonly knownIssues: readonly KnownIssue[];
}

/** Images of a release by role. */
export interface KfpImages {
  readonly workflowController: string;
  readonly argoExecutor: string;
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
