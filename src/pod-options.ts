/**
 * Where a team's pods run: the scheduling settings of a pod spec, as Kubernetes names them. `pods` of
 * `KfpInstallOptions` puts them on every Deployment of the install; `stepPods` on the pods of pipeline steps.
 */
export interface PodSchedulingOptions {
  /**
   * Node labels the pods must run on (`nodeSelector`), merged with the release's own (`kubernetes.io/os: linux` on some).
   * @default - the release's own only
   */
  readonly nodeSelector?: { [label: string]: string };

  /**
   * Taints the pods tolerate, added to the release's own (none).
   * @default - none
   */
  readonly tolerations?: PodToleration[];

  /**
   * The pods' `affinity`, as in a pod spec (`nodeAffinity`, `podAffinity`, `podAntiAffinity`), written as given.
   * @default - none
   */
  readonly affinity?: { [field: string]: any };

  /**
   * PriorityClass of the pods; it must exist in the cluster. For `pods`, it replaces the Argo controller's own
   * (`workflow-controller`, in `crds/`) too.
   * @default - the release's own only (the Argo controller's `workflow-controller` in 2.x)
   */
  readonly priorityClassName?: string;

  /**
   * Secrets of type `kubernetes.io/dockerconfigjson` in the install's namespace, for images from a private registry
   * (you create them, like the other Secrets).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}

/** A toleration of a pod spec. */
export interface PodToleration {
  /**
   * The taint key; empty with operator `Exists` tolerates every taint.
   * @default - every key (with operator `Exists`)
   */
  readonly key?: string;

  /**
   * `Equal` or `Exists`.
   * @default "Equal"
   */
  readonly operator?: string;

  /**
   * The taint value, with operator `Equal`.
   * @default - empty
   */
  readonly value?: string;

  /**
   * `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   * @default - every effect
   */
  readonly effect?: string;

  /**
   * How long a pod stays bound to a node with a `NoExecute` taint.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** CPU and memory of a container: Kubernetes quantities such as `250m` and `512Mi`. */
export interface ResourceQuantities {
  /**
   * CPU, such as `250m` or `1`.
   * @default - the release's value, if any
   */
  readonly cpu?: string;

  /**
   * Memory, such as `512Mi` or `2Gi`.
   * @default - the release's value, if any
   */
  readonly memory?: string;
}

/** The requests and limits of a container, each merged over the release's own. */
export interface ContainerResources {
  /**
   * What the scheduler reserves for the container.
   * @default - the release's requests
   */
  readonly requests?: ResourceQuantities;

  /**
   * What the container may use at most.
   * @default - the release's limits (none in KFP 2.17.0 and 0.2.3)
   */
  readonly limits?: ResourceQuantities;
}

/** What Argo applies to every workflow of a pipeline run (KFP 2.x: Argo `workflowDefaults`). */
export interface WorkflowOptions {
  /**
   * Seconds after a run's workflow finishes until Argo deletes it with its pods (the run stays in KFP's database;
   * the UI then reads logs from the archive in S3).
   * @default 3600 (upstream's `ttlStrategy`)
   */
  readonly ttlSecondsAfterFinished?: number;

  /**
   * How often Argo retries a step that ends in Error (`retryPolicy: OnError`: its pod was deleted or evicted, or Argo
   * could not run it), not one that fails by exiting non-zero (argo-workflows v4.0.5 `workflow/controller/operator.go`).
   * @default 2 (upstream's `templateDefaults.retryStrategy.limit`)
   */
  readonly retryLimit?: number;
}
