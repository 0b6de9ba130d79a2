/**
 * Container image references: how the runtime reads them, and how the `images` option maps each one (a registry mirror,
 * per-registry mirrors, per-image overrides). One function, {@link imageEntry}, decides the mapping: the overlays
 * write it as kustomize `images:` entries, and {@link mapImage} applies it as kustomize does to the references that
 * components take as strings.
 */

/*
 * The grammar of references, from github.com/distribution/reference v0.6.0 (`regexp.go`), which containerd and the
 * kubelet use; digests restricted to sha256, the only algorithm registries serve.
 */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const REGISTRY = new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})*$`);
const HOST = new RegExp(`^${DOMAIN}$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** The longest name a reference may have (`NameTotalLengthMax`, distribution/reference `reference.go`). */
const NAME_MAX = 255;

/** Docker Hub, as references name it once normalized (distribution/reference `normalize.go`). */
export const DOCKER_HUB = 'docker.io';
/** The other names of Docker Hub's registry: the legacy index, which the runtime normalizes, and the pull endpoint. */
const DOCKER_HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io'];

/** An image reference split as the container runtime reads it. */
export interface ImageReference {
  /** The name as written, without tag or digest. */
  readonly name: string;
  /** The registry's host (and port), `docker.io` for a name without one. */
  readonly host: string;
  /** The repository in the registry, `library/<name>` for Docker Hub's official images. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** `host/path`: the name every spelling of an image comes to (`mysql`, `docker.io/mysql`, `docker.io/library/mysql`). */
export const canonicalName = (image: ImageReference) => `${image.host}/${image.path}`;

/** Splits `reference`; `undefined` when it is not a reference the runtime accepts. */
export function parseImage(reference: string): ImageReference | undefined {
  const [named, digest, ...rest] = reference.split('@');
  if (rest.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return undefined;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (name.length > NAME_MAX || !NAME.test(name) || (tag !== undefined && !TAG.test(tag))) return undefined;
  return { name, ...splitDomain(name), tag, digest };
}

/** The registry and repository of `name`, as `splitDockerDomain` does (distribution/reference v0.6.0 `normalize.go`). */
function splitDomain(name: string): { host: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? undefined : name.slice(0, slash);
  const isDomain = first !== undefined && (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first);
  const host = isDomain ? (first === 'index.docker.io' ? DOCKER_HUB : first) : DOCKER_HUB;
  const path = isDomain ? name.slice(slash + 1) : name;
  return { host, path: host === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path };
}

/** A whole reference: name, and tag or digest or both. */
export function imageProblem(value: string): string | undefined {
  return parseImage(value) ? undefined : 'is not a container image reference such as "mysql:8.4" or "ghcr.io/kubeflow/kfp-api-server:2.17.0"';
}

/** An image name without tag or digest. */
export function imageNameProblem(value: string): string | undefined {
  const image = parseImage(value);
  if (image && (image.tag !== undefined || image.digest !== undefined)) return 'has a tag or digest: give the name alone, and the tag in newTag or the digest in digest';
  return image ? undefined : 'is not an image name such as "ghcr.io/kubeflow/kfp-api-server" (lower-case path segments after an optional registry host)';
}

/** A registry that mirrors others: a host with a dot or a port (or `localhost`), then optional path segments. */
export function registryProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'is a URL: give the registry host, and a path where the mirror has one, without a scheme';
  if (!REGISTRY.test(value) || value.length > NAME_MAX) {
    return 'is not a registry such as "123456789012.dkr.ecr.eu-west-1.amazonaws.com" or "harbor.example.com/proxy" (a host, then lower-case path segments)';
  }
  return registryHostProblem(value.split('/')[0]);
}

/** The host of an upstream registry, as image names start with it. */
export function registryHostProblem(value: string): string | undefined {
  if (DOCKER_HUB_ALIASES.includes(value)) return `is Docker Hub, which image names call "${DOCKER_HUB}": write that`;
  if (!HOST.test(value)) return 'is not a registry host such as "ghcr.io" or "registry.example.com:5000"';
  // A first segment without a dot or a port is a Docker Hub namespace to the runtime, not a host.
  if (value !== 'localhost' && !/[.:]/.test(value)) return 'has no dot or port, so image names starting with it are Docker Hub\'s: give the full host';
  return undefined;
}

/** An image tag. */
export function tagProblem(value: string): string | undefined {
  return TAG.test(value) ? undefined : 'is not an image tag (letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters)';
}

/** An image digest. */
export function digestProblem(value: string): string | undefined {
  return DIGEST.test(value) ? undefined : 'is not an image digest: "sha256:" and 64 lower-case hexadecimal digits';
}

/** A change to one image, by the canonical name of the image. */
export interface ImageChange {
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** The `images` option with its defaults, checked. */
export interface ImageMapping {
  /** The mirror of every upstream registry that {@link registries} does not map. */
  readonly registry?: string;
  /** The mirror of each upstream registry, by its host. */
  readonly registries: Readonly<Record<string, string>>;
  /** Changes to single images, by their {@link canonicalName}. */
  readonly overrides: Readonly<Record<string, ImageChange>>;
}

/** No mirror, no override: every reference as the release pins it. */
export const NO_IMAGE_MAPPING: ImageMapping = { registries: {}, overrides: {} };

/** A kustomize `images:` entry (kustomize v5.5.0 `api/types/image.go`). */
export interface KustomizeImage {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/**
 * The kustomize `images:` entry that maps `reference` through `mapping`, or `undefined` when it stays as it is: the
 * override of its image, else its registry's mirror. An image already in a mirror's registry stays there.
 */
export function imageEntry(reference: string, mapping: ImageMapping): KustomizeImage | undefined {
  const image = parseImage(reference);
  if (!image) throw new Error(`Not an image reference: ${reference}`);
  const change = mapping.overrides[canonicalName(image)] ?? {};
  const newName = change.newName ?? mirroredName(image, mapping);
  const entry: KustomizeImage = {
    name: image.name,
    ...(newName !== undefined && newName !== image.name ? { newName } : {}),
    ...(change.newTag !== undefined ? { newTag: change.newTag } : {}),
    ...(change.digest !== undefined ? { digest: change.digest } : {}),
  };
  return Object.keys(entry).length > 1 ? entry : undefined;
}

/**
 * `reference` as the cluster pulls it: what kustomize makes of it with {@link imageEntry} (a new tag replaces tag and
 * digest, a digest alone replaces both, both give `name:tag@digest`: kustomize v5.5.0 `api/filters/imagetag/updater.go`).
 */
export function mapImage(reference: string, mapping: ImageMapping): string {
  const entry = imageEntry(reference, mapping);
  if (!entry) return reference;
  const image = parseImage(reference)!;
  const tag = entry.newTag ?? (entry.digest !== undefined ? undefined : image.tag);
  const digest = entry.digest ?? (entry.newTag !== undefined ? undefined : image.digest);
  return `${entry.newName ?? image.name}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
}

function mirroredName(image: ImageReference, mapping: ImageMapping): string | undefined {
  const mirrors = [mapping.registry, ...Object.values(mapping.registries)].filter((m): m is string => m !== undefined);
  if (mirrors.some((mirror) => mirror.split('/')[0] === image.host)) return undefined;
  const mirror = mapping.registries[image.host];
  if (mirror !== undefined) return `${mirror}/${image.path}`;
  return mapping.registry !== undefined ? `${mapping.registry}/${image.host}/${image.path}` : undefined;
}
