import * as fs from 'fs';
import { join, posix } from 'path';
import { Component, Project } from 'projen';
import { GITOPS_DIR, imageEntry, ImageMapping, INSTALLS_DIR, KfpConfig, KustomizeImage } from '../config';
import { customDir, CustomComponents } from './custom-component';
import { kustomization } from './kustomization';
import { strategicMergePatch } from './strategic-merge';
import { yamlFile } from './yaml-file';
import { renderVariants, RenderedObject, Scope } from '../manifests/install';
import type { Variant } from '../manifests/variant';

/** The kustomize entry points of a deployment repo. */
export const CRDS_DIR = 'crds';
export const BASE_DIR = 'base';
export const OVERLAYS_DIR = 'overlay';

/**
 * `file` in the folder of the install whose `KfpConfig.root` is `root`: the repo root for the first install,
 * `installs/<namespace>/` for each additional one.
 */
export const inInstall = (root: string, file: string) => (root ? `${root}/${file}` : file);
/** The overlay of `variant` of the install at `root` (default: the first install). */
export const overlayDir = (variant: Variant, root = '') => inInstall(root, `${OVERLAYS_DIR}/${variant}`);

/** An object as a reader names it: kind and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/** A container of a Deployment with its requests and limits, as rendered. */
export interface ContainerResourcesRef {
  readonly deployment: string;
  readonly container: string;
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

/**
 * Writes the manifests of every install: `crds/` once (the cluster-scoped objects they share), then for each install
 * `base/<component>/` (one file per object) and `overlay/<variant>/` (patches computed from the variant's own
 * rendering), each with its `kustomization.yaml`, and `base/kustomization.yaml` listing the component folders; the
 * first install at the repo root, the others under `installs/<namespace>/`.
 */
export class DeploymentManifests extends Component {
  /** Paths of every generated manifest and kustomization, relative to the repo root. */
  public readonly files: string[] = [];
  /** Every object of the first install's `base/`; the others differ only in their namespace. */
  public readonly installObjects: ObjectRef[];
  /** The objects of the first install's `base/` that have no namespace; each install names its own after its namespace. */
  public readonly installClusterObjects: ObjectRef[];
  /** Every object of `crds/`. */
  public readonly sharedObjects: ObjectRef[];
  /** The containers of the first install's Deployments with their `resources`, in file order. */
  public readonly containerResources: ContainerResourcesRef[];
  /** The objects each overlay of the first install patches or adds, in file order; the same in every install. */
  public readonly overlayObjects = new Map<Variant, ObjectRef[]>();
  /**
   * The size of the largest object that each kustomize entry point (`crds`, each overlay folder) applies, in bytes of
   * JSON: what client-side apply stores in an annotation of the object.
   */
  public readonly largestObjectBytes = new Map<string, number>();

  constructor(project: Project, installs: readonly KfpConfig[]) {
    super(project);

    const rendered = installs.map((config) => ({ config, ...renderVariants(config) }));
    const shared = sharedObjects(rendered.map(({ config, base }) => ({ namespace: config.namespace, objects: base })));
    this.sharedObjects = shared.map((o) => refOf(o.manifest));
    this.writeFolder(CRDS_DIR, shared.map((o) => ({ path: sharedFileName(o.manifest), manifest: o.manifest })));
    this.largestObjectBytes.set(CRDS_DIR, largestObjectBytes(shared));

    const [first] = rendered.map(({ config, base, variants }) => {
      const install = base.filter((o) => o.scope === Scope.INSTALL);
      this.writeBase(inInstall(config.root, BASE_DIR), install);
      const overlays = new Map(config.variants.map((variant) => {
        const overlay = { dir: overlayDir(variant, config.root), root: config.root, images: config.images };
        return [variant, this.writeOverlay(overlay, variant, base, variants.get(variant)!)];
      }));
      for (const variant of config.variants) {
        const objects = variants.get(variant)!.filter((o) => o.scope === Scope.INSTALL);
        this.largestObjectBytes.set(overlayDir(variant, config.root), largestObjectBytes(objects));
      }
      return {
        installObjects: install.map((o) => refOf(o.manifest)),
        clusterObjects: install.filter((o) => o.manifest.metadata.namespace === undefined).map((o) => refOf(o.manifest)),
        containers: install.filter((o) => o.manifest.kind === 'Deployment').flatMap((o) => (o.manifest.spec.template.spec.containers as any[])
          .map((c) => ({ deployment: o.manifest.metadata.name, container: c.name, requests: c.resources?.requests, limits: c.resources?.limits }))),
        overlays,
      };
    });
    this.installObjects = first.installObjects;
    this.installClusterObjects = first.clusterObjects;
    this.containerResources = first.containers;
    first.overlays.forEach((objects, variant) => this.overlayObjects.set(variant, objects));
    new CustomComponents(project, installs.map((config) => config.root));
  }

  /**
   * Removes the folders of installs (and GitOps tools) no longer in the options: projen has deleted the files it
   * generated there (before any component synthesizes), and this the empty folders they leave. A folder that still
   * holds a file of yours stays.
   */
  public synthesize() {
    for (const dir of [INSTALLS_DIR, GITOPS_DIR]) removeEmptyFolders(join(this.project.outdir, dir));
  }

  /**
   * `<dir>/<component>/` for each component, as kubeflow/manifests lays out its components: one file per object and a
   * `kustomization.yaml` that lists them; `<dir>/kustomization.yaml` lists the component folders.
   */
  private writeBase(dir: string, objects: readonly RenderedObject[]) {
    const components = [...new Set(objects.map((o) => o.component))];
    for (const component of components) {
      this.writeFolder(`${dir}/${component}`, objects.filter((o) => o.component === component)
        .map((o) => ({ path: fileName(o.manifest), manifest: o.manifest })));
    }
    this.files.push(kustomization(this.project, dir, { resources: components }).path);
  }

  private writeFolder(dir: string, entries: Array<{ path: string; manifest: unknown }>) {
    const paths = new Set<string>();
    for (const { path, manifest } of entries) {
      if (paths.has(path)) throw new Error(`Two generated objects map to ${dir}/${path}`);
      paths.add(path);
      this.addFile(`${dir}/${path}`, manifest);
    }
    this.files.push(kustomization(this.project, dir, { resources: [...paths] }).path);
  }

  /**
   * Writes the overlay of `variant` into `dir`, with the install's {@link customDir} as its component and the `images:`
   * entries of the `images` option; returns the objects it patches or adds.
   */
  private writeOverlay({ dir, root, images }: { dir: string; root: string; images: ImageMapping }, variant: Variant,
    base: readonly RenderedObject[], rendered: readonly RenderedObject[]): ObjectRef[] {
    const baseByKey = new Map(base.filter((o) => o.scope === Scope.INSTALL).map((o) => [objectKey(o.manifest), o.manifest]));
    if (!sameShared(rendered, base)) {
      throw new Error(`Variant ${variant} changes cluster-scoped objects, which every install shares`);
    }

    const patches: string[] = [];
    const resources: string[] = [];
    const changed: ObjectRef[] = [];
    const installObjects = rendered.filter((o) => o.scope === Scope.INSTALL);
    for (const object of installObjects) {
      const original = baseByKey.get(objectKey(object.manifest));
      if (!original) {
        changed.push(refOf(object.manifest));
        resources.push(`resources/${fileName(object.manifest)}`);
        this.addFile(`${dir}/resources/${fileName(object.manifest)}`, object.manifest);
        continue;
      }
      baseByKey.delete(objectKey(object.manifest));
      const diff = strategicMergePatch(original, object.manifest) as Record<string, any> | undefined;
      if (!diff) continue;
      const { apiVersion, kind, metadata } = object.manifest;
      const target = metadata.namespace === undefined ? { name: metadata.name } : { name: metadata.name, namespace: metadata.namespace };
      const { metadata: metadataDiff, ...specDiff } = diff;
      const patch = { apiVersion, kind, metadata: { ...target, ...metadataDiff }, ...specDiff };
      changed.push(refOf(object.manifest));
      patches.push(`patches/${fileName(object.manifest)}`);
      this.addFile(`${dir}/patches/${fileName(object.manifest)}`, patch);
    }
    if (baseByKey.size > 0) {
      throw new Error(`Variant ${variant} drops ${[...baseByKey.keys()].join(', ')}; overlays only add or change objects`);
    }

    this.files.push(kustomization(this.project, dir, {
      resources: [`../../${BASE_DIR}`, ...resources],
      components: [posix.relative(dir, customDir(root))],
      patches: patches.length > 0 ? patches.map((path) => ({ path })) : undefined,
      images: imageEntries(installObjects.map((o) => o.manifest), images),
    }).path);
    return changed;
  }

  private addFile(path: string, manifest: unknown) {
    yamlFile(this.project, path, [manifest]);
    this.files.push(path);
  }
}

/**
 * The kustomize `images:` entries that map the container images of `objects` through `images`, one per image name, by
 * name; `undefined` when none changes. Containers are found as kustomize finds them: every `containers` and
 * `initContainers` list, at any depth (kustomize v5.5.0 `api/filters/imagetag/legacy.go`).
 */
export function imageEntries(objects: readonly unknown[], images: ImageMapping): KustomizeImage[] | undefined {
  const references = new Set<string>();
  const walk = (value: unknown, key?: string) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        if ((key === 'containers' || key === 'initContainers') && typeof item?.image === 'string') references.add(item.image);
        walk(item);
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [field, child] of Object.entries(value)) walk(child, field);
    }
  };
  objects.forEach((object) => walk(object));
  const entries = new Map<string, KustomizeImage>();
  for (const reference of references) {
    const entry = imageEntry(reference, images);
    if (entry) entries.set(entry.name, entry);
  }
  return entries.size > 0 ? [...entries.values()].sort((a, b) => a.name.localeCompare(b.name)) : undefined;
}

/** `<kind>.<name>.yaml`, lower-case kind: one deterministic name per object. */
export function fileName(manifest: any): string {
  return `${String(manifest.kind).toLowerCase()}.${manifest.metadata.name}.yaml`;
}

/** CRDs as `<group>_<plural>.yaml` (their object name is `<plural>.<group>`), other objects as {@link fileName}. */
export function sharedFileName(manifest: any): string {
  if (manifest.kind === 'CustomResourceDefinition') {
    return `${manifest.spec.group}_${manifest.spec.names.plural}.yaml`;
  }
  return fileName(manifest);
}

/** The bytes of the largest of `objects` as JSON; 0 for none. */
function largestObjectBytes(objects: readonly RenderedObject[]): number {
  return Math.max(0, ...objects.map((o) => Buffer.byteLength(JSON.stringify(o.manifest))));
}

function refOf(manifest: any): ObjectRef {
  return { kind: manifest.kind, name: manifest.metadata.name };
}

function objectKey(manifest: any): string {
  return `${manifest.apiVersion}/${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
}

/** Whether two renderings have the same shared objects, in the same order (mostly the very same objects, see renderVariants). */
function sameShared(a: readonly RenderedObject[], b: readonly RenderedObject[]): boolean {
  const [x, y] = [a, b].map((objects) => objects.filter((o) => o.scope === Scope.SHARED).map((o) => o.manifest));
  return x.length === y.length && x.every((manifest, i) => manifest === y[i] || JSON.stringify(manifest) === JSON.stringify(y[i]));
}

/** The rendered objects of one install, by its namespace. */
export interface RenderedInstallObjects {
  readonly namespace: string;
  readonly objects: readonly RenderedObject[];
}

/**
 * The objects of `crds/`: the shared objects of the first install, once every other install is checked to render the
 * same. `crds/` exists once per repo (and per cluster), so an install that needed other CRDs or ClusterRoles could
 * not be deployed beside the others.
 */
export function sharedObjects(installs: readonly RenderedInstallObjects[]): RenderedObject[] {
  const [first, ...others] = installs;
  const shared = first.objects.filter((o) => o.scope === Scope.SHARED);
  const byKey = (objects: readonly RenderedObject[]) =>
    new Map(objects.filter((o) => o.scope === Scope.SHARED).map((o) => [objectKey(o.manifest), JSON.stringify(o.manifest)]));
  const mine = byKey(shared);
  for (const other of others) {
    const theirs = byKey(other.objects);
    const differing = [...new Set([...mine.keys(), ...theirs.keys()])].filter((key) => mine.get(key) !== theirs.get(key));
    if (differing.length > 0) {
      throw new Error(`Installs ${first.namespace} and ${other.namespace} render different cluster-scoped objects for ${CRDS_DIR}/ `
        + `(${differing.join(', ')}), which every install in the repo shares`);
    }
  }
  return shared;
}

/** Removes `dir` and the folders under it that hold no file, deepest first; symbolic links count as files. */
function removeEmptyFolders(dir: string): void {
  if (!fs.existsSync(dir) || !fs.lstatSync(dir).isDirectory()) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(join(dir, entry.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}
