import { Component, Project } from 'projen';
import type { KfpConfig } from '../config';
import { Kustomization } from './kustomization';
import { strategicMergePatch } from './strategic-merge';
import { GeneratedYamlFile } from './yaml-file';
import { renderVariants, RenderedObject, Scope } from '../manifests/install';
import { Variant, VARIANTS } from '../manifests/variant';

/** The kustomize entry points of a deployment repo. */
export const CRDS_DIR = 'crds';
export const BASE_DIR = 'base';
export const OVERLAYS_DIR = 'overlay';
export const overlayDir = (variant: Variant) => `${OVERLAYS_DIR}/${variant}`;

/** An object as a reader names it: kind and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/**
 * Writes the manifests of an install: `crds/` (shared cluster-scoped objects), `base/<component>/` (one file per
 * object) and `overlay/<variant>/` (patches computed from the variant's own rendering), each with its
 * `kustomization.yaml`.
 */
export class DeploymentManifests extends Component {
  /** Paths of every generated manifest and kustomization, relative to the repo root. */
  public readonly files: string[] = [];
  /** Every object of `base/`. */
  public readonly installObjects: ObjectRef[];
  /** Every object of `crds/`. */
  public readonly sharedObjects: ObjectRef[];
  /** The objects each overlay patches or adds, in file order. */
  public readonly overlayObjects = new Map<Variant, ObjectRef[]>();

  constructor(project: Project, config: KfpConfig) {
    super(project);

    const { base, variants } = renderVariants(config);
    const shared = base.filter((o) => o.scope === Scope.SHARED);
    const install = base.filter((o) => o.scope === Scope.INSTALL);
    this.installObjects = install.map((o) => refOf(o.manifest));
    this.sharedObjects = shared.map((o) => refOf(o.manifest));

    this.writeFolder(CRDS_DIR, shared.map((o) => ({ path: sharedFileName(o.manifest), manifest: o.manifest })));
    this.writeFolder(BASE_DIR, install.map((o) => ({ path: `${o.component}/${fileName(o.manifest)}`, manifest: o.manifest })));

    for (const variant of VARIANTS) {
      this.writeOverlay(variant, base, variants.get(variant)!);
    }
  }

  private writeFolder(dir: string, entries: Array<{ path: string; manifest: unknown }>) {
    const paths = new Set<string>();
    for (const { path, manifest } of entries) {
      if (paths.has(path)) throw new Error(`Two generated objects map to ${dir}/${path}`);
      paths.add(path);
      this.addFile(`${dir}/${path}`, manifest);
    }
    const kustomization = new Kustomization(this.project, dir, { resources: [...paths] });
    this.files.push(kustomization.path);
  }

  private writeOverlay(variant: Variant, base: readonly RenderedObject[], rendered: readonly RenderedObject[]) {
    const dir = overlayDir(variant);
    const baseByKey = new Map(base.filter((o) => o.scope === Scope.INSTALL).map((o) => [objectKey(o.manifest), o.manifest]));
    if (renderedShared(rendered) !== renderedShared(base)) {
      throw new Error(`Variant ${variant} changes cluster-scoped objects, which every install shares`);
    }

    const patches: string[] = [];
    const resources: string[] = [];
    const changed: ObjectRef[] = [];
    this.overlayObjects.set(variant, changed);
    for (const object of rendered.filter((o) => o.scope === Scope.INSTALL)) {
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

    const kustomization = new Kustomization(this.project, dir, {
      resources: [`../../${BASE_DIR}`, ...resources],
      patches: patches.length > 0 ? patches.map((path) => ({ path })) : undefined,
    });
    this.files.push(kustomization.path);
  }

  private addFile(path: string, manifest: unknown) {
    new GeneratedYamlFile(this.project, path, [manifest]);
    this.files.push(path);
  }
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

function refOf(manifest: any): ObjectRef {
  return { kind: manifest.kind, name: manifest.metadata.name };
}

function objectKey(manifest: any): string {
  return `${manifest.apiVersion}/${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
}

function renderedShared(objects: readonly RenderedObject[]): string {
  return JSON.stringify(objects.filter((o) => o.scope === Scope.SHARED).map((o) => o.manifest));
}
