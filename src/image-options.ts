/**
 * Where the cluster pulls the images of every install from: a registry mirror, such as an Amazon ECR pull-through cache, and changes to single images.
 *
 * Each image reference of the installs follows these options: the `image` of every container, through `images:`
 * entries of each overlay's `kustomization.yaml` (so `kubectl kustomize` shows the final references), and the
 * references the components take as strings (the Argo executor, the v2 driver and launcher, the cache image, the
 * TensorBoard image of the UI), which are written already mapped.
 */
export interface ImageOptions {
  /**
   * A registry that mirrors every upstream registry under the upstream's host name: `<host>/<path>:<tag>` is pulled as `<registry>/<host>/<path>:<tag>`, Docker Hub images with their full name (`mysql:8.4` as `<registry>/docker.io/library/mysql:8.4`). A host, with a port and a path where the mirror has them, for example `123456789012.dkr.ecr.eu-west-1.amazonaws.com` (with an ECR pull-through cache rule per upstream registry whose prefix is the upstream's host) or `harbor.example.com/proxy`.
   * @default - images are pulled from their upstream registries, unless `registries` maps them
   */
  readonly registry?: string;
  /**
   * A mirror per upstream registry, by the upstream's host (`docker.io` for Docker Hub, `ghcr.io`, `quay.io`, `gcr.io`): `<host>/<path>:<tag>` is pulled as `<mirror>/<path>:<tag>`. For an Amazon ECR pull-through cache, the mirror is `<account>.dkr.ecr.<region>.amazonaws.com/<ECR repository prefix of the rule>` (Docker Hub's official images keep their `library/`, as ECR requires); ECR caches Docker Hub, GitHub, Quay, ECR Public, Kubernetes, GitLab and Azure registries, not `gcr.io`, whose images you copy to a repository of your own and map here. A host mapped here does not follow `registry`.
   * @default - none: every upstream registry follows `registry`
   */
  readonly registries?: { [host: string]: string };
  /**
   * Changes to single images, applied after the mirror: another name, tag or digest, as kustomize `images:` entries do.
   * @default []
   */
  readonly overrides?: ImageOverride[];
}

/**
 * A change to one image of the installs, as a kustomize `images:` entry: another name, tag or digest.
 */
export interface ImageOverride {
  /**
   * The upstream name of the image, without tag or digest, as the catalog names it (`ghcr.io/kubeflow/kfp-api-server`; `mysql` or `docker.io/library/mysql` for Docker Hub's).
   */
  readonly name: string;
  /**
   * The name to pull instead, without tag or digest; the mirror does not apply to it.
   * @default - the upstream name through the mirror, if one is set
   */
  readonly newName?: string;
  /**
   * The tag to pull instead (it replaces the tag and any digest).
   * @default - the release's tag, unless `digest` replaces it
   */
  readonly newTag?: string;
  /**
   * The digest to pull, `sha256:` and 64 hexadecimal digits; it replaces the tag unless `newTag` is set too (then `name:tag@digest`).
   * @default - no digest
   */
  readonly digest?: string;
}
