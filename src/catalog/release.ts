import type { IamMechanism } from '../options';

/**
 * The KFP identities whose pods may reach S3, by their key in `iam.roleArns`. Each can have its own role; which of them
 * a release's images make reach S3 is {@link KfpRelease.s3Consumers}, and the access each needs is in `src/iam`.
 */
export enum S3Consumer {
  API_SERVER = 'apiServer',
  UI = 'ui',
  WORKFLOW_CONTROLLER = 'workflowController',
  PIPELINE_RUNNER = 'pipelineRunner',
  VIEWER = 'viewer',
  VISUALIZATION_SERVER = 'visualizationServer',
}

/** Every {@link S3Consumer}, in the order of `IamRoleArns`. */
export const S3_CONSUMERS: readonly S3Consumer[] = Object.values(S3Consumer);

/**
 * Every component a release may list, by name: also its folder under `base/`. `manifests/registry.ts` maps each to its
 * construct (a name without one does not compile).
 */
export const COMPONENT_NAMES = [
  'namespace', 'pipeline-install-config', 'mysql', 'argo-crds', 'workflow-controller', 'pipeline-runner',
  'metadata-grpc', 'metadata-envoy', 'metadata-writer', 'cache-server', 'kfp-launcher', 'api-server',
  'persistence-agent', 'scheduled-workflow', 'ui', 'viewer-crd-controller', 'visualization-server',
  'kubeflow-pipelines-public', 'pod-identity-associations', 'ui-load-balancer', 'external-secrets',
] as const;

/** A component of {@link COMPONENT_NAMES}. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/**
 * Where upstream code reads a setting the generator writes: `<owner>/<repo>@<tag>:<path>[:<lines>]` at the tag the
 * release pins, or `kfp-aws-project:<path>` for a script of this package that runs in the container.
 */
export type Reader = string;

/**
 * The settings the generator writes on one upstream container or ConfigMap, each with the code that reads it. A test
 * renders every variant and option family and fails on a setting without a reader here.
 */
export interface SettingReaders {
  /**
   * Environment variables by name. A variable that only feeds `$(NAME)` in the container's command or args needs none:
   * Kubernetes reads it, and the flag it becomes has its reader.
   */
  readonly env?: Readonly<Record<string, Reader>>;
  /** Command-line flags by name (`--grpc_port`), whatever their value. */
  readonly args?: Readonly<Record<string, Reader>>;
  /**
   * ConfigMap keys, and paths into keys that hold YAML or JSON (`artifactRepository.s3.endpoint`); a path covers
   * everything under it. A key that pods read through `configMapKeyRef` needs none: the variable has its reader.
   */
  readonly keys?: Readonly<Record<string, Reader>>;
}

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
  readonly components: readonly ComponentName[];
  /** Rules of every Role and ClusterRole, by object name, as the release defines them. */
  readonly rbac: Readonly<Record<string, readonly PolicyRuleSpec[]>>;
  /** The Argo Workflows release this KFP release runs on. */
  readonly argo: ArgoRelease;
  /** KFP's own custom resources (ScheduledWorkflow, Viewer), by kind. */
  readonly crds: Readonly<Record<string, CrdSpec>>;
  /** The upstream pod specs the release's KFP servers follow; it picks their constructs. */
  readonly workloads: WorkloadLayout;
  /** Pod Security Standard levels of the install's namespace: what the release's pods need. */
  readonly podSecurity: PodSecurityLevels;
  /** How the release runs its in-cluster MySQL. */
  readonly mysql: MysqlRelease;
  /**
   * How `overlay/iam` passes the role when the options do not say: IRSA where every AWS client in the release's images
   * reads web-identity tokens, kube2iam where some only read instance-profile credentials.
   */
  readonly defaultIamMechanism: IamMechanism;
  /**
   * Whether the api server, running with an IAM role, exits at startup unless S3 lets it check that the bucket exists
   * (HeadBucket). S3 allows that check with `s3:ListBucket` on the bucket, and no `s3:prefix` condition can limit it,
   * since the request has no prefix: the api server's role then needs one statement more.
   */
  readonly apiServerChecksBucket: boolean;
  /** Known problems of this release with our AWS wiring, shown in the README. */
  readonly knownIssues: readonly KnownIssue[];
  /**
   * Whether the UI signs its TensorBoard proxy paths with a key (`TENSORBOARD_PROXY_SIGNING_SECRET`, default the public
   * MinIO key `minio123`: `frontend/server/configs.ts`): the install then needs a Secret with a random one.
   */
  readonly uiSigningKey: boolean;
  /**
   * The identities whose pods reach S3 with this release's images: only these get an IAM role, a policy, the S3
   * settings and an `iam.roleArns` option that means something.
   */
  readonly s3Consumers: readonly S3Consumer[];
  /** IAM mechanisms that the release's S3 clients cannot use, with the reason validation gives. */
  readonly unsupportedIamMechanisms?: Readonly<Partial<Record<IamMechanism, string>>>;
  /**
   * Consumers whose S3 client cannot take its role through a mechanism the release otherwise supports, with the reason
   * the README gives: they get no role (no annotation, no association) with that mechanism.
   */
  readonly roleLimits?: Readonly<Partial<Record<IamMechanism, Readonly<Partial<Record<S3Consumer, string>>>>>>;
  /** AWS regions whose buckets the release's S3 clients cannot reach, with the reason validation gives. */
  readonly unsupportedRegions?: Readonly<Record<string, string>>;
  /**
   * Every setting the generator writes on an upstream container (`Deployment/<name>/<container>`) or ConfigMap
   * (`ConfigMap/<name>`), with the code that reads it at the release's tags.
   */
  readonly settings: Readonly<Record<string, SettingReaders>>;
}

/**
 * The shape of the pods upstream gives the KFP servers. The two differ in more than names and data (security contexts,
 * probes, init containers, environment, how a server is configured), so a component whose pods differ has one
 * construct per layout; names, images, rules and the S3 wiring still come from the release and `aws.ts`.
 */
export enum WorkloadLayout {
  /**
   * KFP 0.x: containers run as their image's user, without probes, resource requests or init containers; the api
   * server reads a config file; Argo 2.x takes its whole configuration in one `config` key.
   */
  PLAIN = 'plain',
  /**
   * KFP 2.x: restricted Pod Security contexts, probes and resource requests, init containers that wait for MySQL, the
   * metadata server and the api server, projected api server tokens; Argo 3 and later take one key per setting.
   */
  RESTRICTED = 'restricted',
}

/** A Pod Security Standard level (`pod-security.kubernetes.io/*` namespace labels). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The levels a namespace enforces (pods above it are refused) and warns about. */
export interface PodSecurityLevels {
  readonly enforce: PodSecurityLevel;
  readonly warn?: PodSecurityLevel;
}

/** A database of KFP in MySQL, by the component that owns it. */
export type KfpDatabase = 'pipeline' | 'metadata' | 'cache';

/** MySQL as a release runs it. */
export interface MysqlRelease {
  /** Server options after `--datadir`: they depend on the MySQL version of the release's image. */
  readonly args: readonly string[];
  /** The databases the release's components use; the init script creates them and grants the user access. */
  readonly databases: readonly KfpDatabase[];
  /**
   * Whether every component that connects to MySQL can do so with TLS against a CA bundle (api server and cache
   * server through the Go driver's `tls` parameter and the system roots, ML Metadata through the `ssl_options` of its
   * connection config file).
   */
  readonly tls: boolean;
  /**
   * Whether the api server takes a connection lifetime (`DBConfig.ConMaxLifeTime`, from `pipeline-install-config`);
   * KFP added it in 1.6.
   */
  readonly connectionLifetime: boolean;
  /**
   * The component whose MySQL client authenticates only with `mysql_native_password`, where one does: KFP's user on an
   * external server must then use that plugin (`doctor` checks it).
   */
  readonly nativePasswordFor?: string;
}

/**
 * ML Metadata `version`'s server as {@link MysqlRelease.nativePasswordFor} names it. Every release of google/ml-metadata
 * from v0.21.1 to v1.16.0 links MariaDB Connector/C v3.0.8 with only the `mysql_native_password` and `old_password`
 * plugins compiled in (`ml_metadata/mysql_configure.bzl`, `ml_metadata/libmysqlclient.BUILD`); 1.14.0 also asks for
 * `MYSQL_DEFAULT_AUTH mysql_native_password` (`ml_metadata/metadata_store/mysql_metadata_source.cc`). A user of
 * `caching_sha2_password` (MySQL 8's default) gets an authentication switch the client cannot follow.
 */
export const ML_METADATA_NATIVE_PASSWORD = (version: string) => `ML Metadata ${version} (its MySQL client has no other plugin)`;

/**
 * Images of a release by role; a release lists the images of the components it has. Every reference the installs pull
 * is here, also those a component takes as a string (the Argo executor, the v2 driver and launcher, the cache image,
 * the TensorBoard image): the `images` option maps each of them.
 */
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
  readonly mysql?: string;
  /** Small image with `nc`, for init containers that wait for a dependency. */
  readonly waitFor?: string;
  /** The v2 driver and launcher the api server hands to workflows. */
  readonly v2Driver?: string;
  readonly v2Launcher?: string;
  /** Image of the pods that serve cached steps. */
  readonly cacheImage?: string;
  /**
   * The name, without tag, of the TensorFlow images the UI starts TensorBoard viewers with, where the release lets it
   * be set: the UI appends the TensorFlow version a user picks as the tag.
   */
  readonly tensorboard?: string;
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
  /**
   * How Argo lays out the keys of a step's artifacts and archived logs, as the release's UI reads logs back: `keyFormat`
   * (the UI fills the same format, `ARGO_KEYFORMAT`), or `keyPrefix` (Argo's `<prefix>/<workflow>/<pod>/`, which the
   * KFP 0.x UI rebuilds from `ARGO_ARCHIVE_PREFIX`, `frontend/server/workflow-helper.ts`).
   */
  readonly archiveKeys: 'keyFormat' | 'keyPrefix';
  /**
   * Whether the controller takes `workflowDefaults`, through which every step pod gets the kube2iam role annotation.
   * Without them (Argo 2.3), step pods carry no annotation and get kube2iam's default role.
   */
  readonly workflowDefaults: boolean;
  /**
   * The endpoint Argo gets for AWS S3: `regional` (`s3.<region>.amazonaws.com`), or `global` (`s3.amazonaws.com` with
   * the region), for a UI that links artifacts to S3 only for that exact host (KFP 0.2.3,
   * `frontend/src/components/MinioArtifactLink.tsx`). The minio-go of such releases sends both to the regional host.
   */
  readonly awsEndpoint: 'regional' | 'global';
  /**
   * Whether the S3 artifact repository takes `useSDKCreds` (Argo 2.5 and later: the AWS SDK's default chain, IRSA
   * included). Without it, and without key Secrets, Argo's S3 client asks the instance metadata endpoint.
   */
  readonly sdkCredentials: boolean;
  /**
   * The `containerRuntimeExecutor` to configure, where Argo's default executor cannot run on current clusters; unset
   * where the release has a single executor. {@link KfpImages.argoExecutor} is the image that runs it.
   */
  readonly containerRuntimeExecutor?: string;
  /**
   * The container runtimes (the scheme of a node's `status.nodeInfo.containerRuntimeVersion`) on whose nodes that
   * executor finds a step's container, where it depends on the runtime; `doctor` checks every node against them.
   */
  readonly executorRuntimes?: readonly string[];
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
