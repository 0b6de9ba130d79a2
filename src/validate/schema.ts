import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { BUILT_IN_MODELS } from './builtin-models';
import { KubeObject, objectName } from './objects';

/*
 * The schemas come from kubernetes-models 4.x: generated from the Kubernetes OpenAPI document and checked with ajv. 5.x
 * is ESM-only and needs Node >= 22. The package is 26 MB, so it is not a dependency of this library: the deployment
 * repo installs it as a devDependency, next to this package, and the check loads it when it runs.
 *
 * These schemas check types, formats, enums and required fields, but they do not forbid unknown fields (no
 * `additionalProperties: false`), so a misspelt optional field still passes.
 */

/** The kubernetes-models major version whose layout and CommonJS modules this check reads. */
const MODELS_MAJOR = 4;

/** kubernetes-models cannot be found, or is a version this check cannot load. */
export class SchemaModelsMissingError extends Error {
  constructor(why: string) {
    super(`${why}: the schema check needs kubernetes-models ${MODELS_MAJOR}.x (npm install --save-dev kubernetes-models@^${MODELS_MAJOR})`);
    this.name = 'SchemaModelsMissingError';
  }
}

/** A model class of kubernetes-models: its static apiVersion and kind, and `validate()`, which throws the ajv errors. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** `group/version` or `version`, and a kind, as path segments that cannot leave the package folder. */
const API_VERSION = /^(?:[a-z0-9.-]+\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Packages of the same layout with the schemas of custom resources the repo renders: cert-manager's Issuer and
 * Certificate (the cache webhook); Argo CD's Application and Flux's Kustomization (`gitops`), which only this package's
 * tests check, as the deployment repo's `validate` checks what kustomize builds from `crds/` and the overlays. Optional:
 * without one, its kinds have no schema, which the check reports.
 */
const CUSTOM_RESOURCE_MODELS = ['@kubernetes-models/cert-manager', '@kubernetes-models/argo-cd', '@kubernetes-models/flux-cd'];

/**
 * The kubernetes-models classes, found by apiVersion and kind (`kubernetes-models/apps/v1/Deployment`), so every
 * built-in kind is checked without a list to keep up to date.
 */
export class SchemaModels {
  /**
   * kubernetes-models as installed beside this package or in the current folder (the deployment repo), with the
   * custom resource models found there; throws {@link SchemaModelsMissingError} when kubernetes-models is missing or
   * not 4.x.
   */
  public static load(searchPaths: readonly string[] = [__dirname, process.cwd()]): SchemaModels {
    const packageJson = resolvePackage('kubernetes-models', searchPaths);
    if (!packageJson) throw new SchemaModelsMissingError(`kubernetes-models is not installed (looked from ${searchPaths.join(', ')})`);
    const version = String(JSON.parse(fs.readFileSync(packageJson, 'utf-8')).version);
    if (Number(version.split('.')[0]) !== MODELS_MAJOR) {
      throw new SchemaModelsMissingError(`kubernetes-models ${version} is installed (${path.dirname(packageJson)})`);
    }
    const custom = CUSTOM_RESOURCE_MODELS.flatMap((name) => resolvePackage(name, searchPaths) ?? []);
    return new SchemaModels([packageJson, ...custom].map((file) => path.dirname(file)));
  }

  private readonly models = new Map<string, ModelClass | undefined>();

  private constructor(private readonly roots: readonly string[]) {}

  /** The class of `apiVersion` and `kind`; `undefined` when kubernetes-models has none (a custom resource, a typo). */
  public modelOf(apiVersion: unknown, kind: unknown): ModelClass | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
    const key = `${apiVersion} ${kind}`;
    if (!this.models.has(key)) this.models.set(key, this.find(apiVersion, kind));
    return this.models.get(key);
  }

  private find(apiVersion: string, kind: string): ModelClass | undefined {
    const builtIn = BUILT_IN_MODELS.get(`${apiVersion} ${kind}`);
    if (builtIn) return builtIn;
    for (const root of this.roots) {
      const file = path.join(root, ...apiVersion.split('/'), `${kind}.js`);
      if (!fs.existsSync(file)) continue;
      const model = createRequire(file)(file)[kind];
      // The folders also hold the types of fields (`v1/Container`), and a case-insensitive file system finds `configmap`.
      if (model?.apiVersion === apiVersion && model?.kind === kind) return model;
    }
    return undefined;
  }
}

/** The `package.json` of package `name` as found from `searchPaths`, or undefined. */
function resolvePackage(name: string, searchPaths: readonly string[]): string | undefined {
  try {
    return require.resolve(`${name}/package.json`, { paths: [...searchPaths] });
  } catch {
    return undefined;
  }
}

/**
 * Every schema violation among `objects`, one line per violation naming the object and the field. An object whose
 * kind kubernetes-models does not know is a problem too, rather than passing unchecked.
 */
export function schemaProblems(objects: readonly KubeObject[], models: SchemaModels = SchemaModels.load()): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const model = models.modelOf(object?.apiVersion, object?.kind);
    if (!model) {
      problems.push(`${objectName(object)}: kubernetes-models has no schema for apiVersion ${object?.apiVersion}, kind ${object?.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (error: any) {
      // The ajv errors carry the JSON pointer of each bad field; the message alone joins them into one line.
      const details: any[] = error?.errors ?? [{ instancePath: '', message: String(error?.message ?? error) }];
      for (const detail of details) problems.push(`${objectName(object)}: ${detail.instancePath || '/'} ${detail.message}`);
    }
  }
  return problems;
}
