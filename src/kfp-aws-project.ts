import * as fs from 'fs';
import * as path from 'path';
import { FileBase, Project } from 'projen';
import { NodePackage, NodePackageManager } from 'projen/lib/javascript';
import { ProjenrcTs } from 'projen/lib/typescript';
import { resolveRepo } from './config';
import { DeploymentReadme } from './docs/readme';
import { findFile } from './generated-file';
import { GitOpsManifests } from './gitops/gitops-manifests';
import { checkIamQuotas, IamDocuments } from './iam';
import { DeploymentManifests } from './layout/deployment-manifests';
import { DeploymentCi, DeploymentScripts, DeploymentTasks, SecretEnvFiles } from './ops';
import { DIST_DIR } from './ops/paths';
import type { KfpAwsProjectOptions } from './options';

/** The name this package is published under. */
const PACKAGE_NAME = 'kfp-aws-project';

/** The runner and its type-checker; TypeScript 7 has no JavaScript API, so the pin stays below it. */
const TOOLCHAIN = ['typescript@~5.9.3', 'tsx@^4.23.0', '@types/node@^20'];

/**
 * What this package's validator (the `validate` task) loads but this library does not depend on: the Kubernetes
 * schemas (26 MB) and cert-manager's. The deployment repo gets the ranges this package is tested with.
 */
const VALIDATOR_DEPENDENCIES = ['kubernetes-models', '@kubernetes-models/cert-manager'];

/**
 * A Git deployment repo for Kubeflow Pipelines on AWS: kustomize manifests (`crds/`, `base/`, `overlay/accesskey`,
 * `overlay/iam`), the IAM policies of its roles (`iam/`), scripts and tasks that create the Secrets, install and
 * uninstall, a CI workflow and docs, generated from the options in `.projenrc.ts` and kept in sync by `npx projen`.
 *
 * @pjid kfp-aws
 */
export class KfpAwsProject extends Project {
  /** The `package.json` that pins projen, cdk8s, the TypeScript runner and this package. */
  public readonly package: NodePackage;
  /** The Kubeflow Pipelines release deployed. */
  public readonly kfpVersion: string;
  /** The namespace of the top-level install (each of `additionalInstalls` has its own). */
  public readonly namespace: string;
  /** The S3 bucket of the top-level install for artifacts, logs and pipeline packages. */
  public readonly bucket: string;
  /** The AWS region of the top-level install's bucket. */
  public readonly region: string;
  /** Paths of every generated manifest and kustomization (the GitOps objects included), relative to the repo root. */
  public readonly manifestFiles: string[];

  constructor(options: KfpAwsProjectOptions) {
    // Validate before projen registers anything, so bad options leave every file as it was.
    const { installs, gitops } = resolveRepo(options);
    checkIamQuotas(installs);
    const [config] = installs;
    super({ ...options });
    this.kfpVersion = config.release.version;
    this.namespace = config.namespace;
    this.bucket = config.s3.bucket;
    this.region = config.s3.region;

    this.package = new NodePackage(this, {
      packageName: options.name,
      packageManager: NodePackageManager.NPM,
      licensed: false,
      devDeps: [...ownDependencies(), ...validatorDependencies(), ...TOOLCHAIN, ...selfDependency(options.devDeps ?? []), ...(options.devDeps ?? [])],
    });
    this.package.addField('private', true);

    const projenrc = new ProjenrcTs(this);
    projenrc.tsconfig.file.addOverride('compilerOptions', {
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'node',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    });
    // tsx runs `.projenrc.ts` without type-checking (about half the time of ts-node in the benchmark); `typecheck` does that part.
    // Not projen's `runner: TypeScriptRunner.tsx()`: it wraps the step in `npx -y -p tsx -c "tsx ..."`, one more npm process
    // per synthesis for a tsx the repo already has: +540 ms of CPU per run in bench/resynth.sh's repo (+0.7 s wall time on a
    // quiet machine, +1.5 s on a loaded one), where tsx itself takes about 1 s; the benchmark's targets do not hold with it.
    this.defaultTask?.reset(`tsx --tsconfig ${projenrc.tsconfig.fileName} ${projenrc.filePath}`);
    const typecheck = this.addTask('typecheck', {
      description: 'Type-checks .projenrc.ts',
      exec: `tsc --project ${projenrc.tsconfig.fileName}`,
    });

    this.gitignore.exclude(`/${DIST_DIR}/`);

    const manifests = new DeploymentManifests(this, installs);
    const gitopsManifests = gitops && new GitOpsManifests(this, gitops, installs, manifests);
    this.manifestFiles = [...manifests.files, ...gitopsManifests?.files ?? []];
    new SecretEnvFiles(this, installs);
    new DeploymentScripts(this, installs, manifests);
    const tasks = new DeploymentTasks(this, installs);
    const ci = (options.deploymentCi ?? true) ? new DeploymentCi(this, typecheck) : undefined;
    const iam = new IamDocuments(this, installs);
    new DeploymentReadme(this, installs, manifests, { tasks, ciWorkflow: ci?.workflow.file?.path, iamRoles: iam.roles, gitops: gitopsManifests });
  }

  /**
   * Marks generated files as such in `.gitattributes` (`linguist-generated`), as projen's GitHub projects do: GitHub
   * then collapses them in diffs and leaves them out of the repo's language statistics.
   *
   * @param glob the glob pattern to match (could be a file path).
   */
  public annotateGenerated(glob: string): void {
    this.gitattributes.addAttributes(glob.replace(/\\/g, '/'), 'linguist-generated');
  }

  /**
   * Finds a file at the specified relative path within this project and all its subprojects.
   *
   * The same result as projen's, which walks every construct of the project; every file created calls it, so that
   * made a repo with many installs quadratic in its number of files. The generated manifests, scripts and docs are
   * looked up by path instead.
   *
   * @param filePath The file path. If this path is relative, it will be resolved from the root of _this_ project.
   * @returns a `FileBase` or undefined if there is no file in that path
   */
  public tryFindFile(filePath: string): FileBase | undefined {
    return findFile(this, path.isAbsolute(filePath) ? filePath : path.resolve(this.outdir, filePath));
  }
}

/**
 * projen, constructs, cdk8s and cdk8s-plus-32 (this package's peers) pinned to the versions it was built and tested
 * with, allowing patch releases for projen (0.x) and minor releases for the others.
 */
function ownDependencies(): string[] {
  const { peerDependencies = {}, devDependencies = {} } = readOwnPackageJson();
  return Object.keys(peerDependencies).map((name) => `${name}@^${devDependencies[name]}`);
}

/** {@link VALIDATOR_DEPENDENCIES} in the ranges of this package's devDependencies. */
function validatorDependencies(): string[] {
  const { devDependencies = {} } = readOwnPackageJson();
  return VALIDATOR_DEPENDENCIES.map((name) => `${name}@${devDependencies[name]}`);
}

/** This package itself, unless `projen new --from` already recorded how it was installed. */
function selfDependency(devDeps: readonly string[]): string[] {
  if (devDeps.some((spec) => spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}@`))) return [];
  return [`${PACKAGE_NAME}@^${readOwnPackageJson().version}`];
}

interface OwnPackageJson {
  readonly version: string;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

function readOwnPackageJson(): OwnPackageJson {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
}
