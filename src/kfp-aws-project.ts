import * as path from 'path';
import { FileBase, Project, Task } from 'projen';
import { workflows } from 'projen/lib/github';
import { NodePackage, NodePackageManager, RenderWorkflowSetupOptions } from 'projen/lib/javascript';
import { ProjenrcTs } from 'projen/lib/typescript';
import { CloudFormationStack } from './aws';
import { resolveRepo } from './config';
import { DeploymentReadme } from './docs/readme';
import { findFile } from './generated-file';
import { GitOpsManifests } from './gitops/gitops-manifests';
import { checkIamQuotas, IamDocuments } from './iam';
import { DeploymentManifests } from './layout/deployment-manifests';
import { DeploymentCi, DeploymentScripts, DeploymentTasks, DeploymentUpgrade, nodeSetupSteps, SecretEnvFiles } from './ops';
import { DIST_DIR } from './ops/paths';
import type { KfpAwsProjectOptions } from './options';
import { isSelfSpec, ownDependencies, selfDependency, validatorDependencies } from './own-package';

/** The runner and its type-checker; TypeScript 7 has no JavaScript API, so the pin stays below it. */
const TOOLCHAIN = ['typescript@~5.9.3', 'tsx@^4.23.0', '@types/node@^20'];

/**
 * A Git deployment repo for Kubeflow Pipelines on AWS: kustomize manifests (`crds/`, `base/`, `overlay/accesskey`,
 * `overlay/iam`), the IAM policies of its roles (`iam/`) and, opted in, a CloudFormation template of its AWS resources, scripts and tasks that create the Secrets, install and
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
    const { installs, gitops, cloudFormation } = resolveRepo(options);
    checkIamQuotas(installs);
    const [config] = installs;
    super({ ...options });
    this.kfpVersion = config.release.version;
    this.namespace = config.namespace;
    this.bucket = config.s3.bucket;
    this.region = config.s3.region;

    const devDeps = options.devDeps ?? [];
    const packageSpec = selfDependency(devDeps);
    this.package = new NodePackage(this, {
      packageName: options.name,
      packageManager: NodePackageManager.NPM,
      licensed: false,
      devDeps: [
        ...ownDependencies(), ...validatorDependencies(), ...TOOLCHAIN, packageSpec,
        ...devDeps.filter((spec) => !isSelfSpec(spec)),
      ],
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
    const upgrade = (options.depsUpgrade ?? true) ? new DeploymentUpgrade(this) : undefined;
    const iam = new IamDocuments(this, installs);
    const stack = cloudFormation && new CloudFormationStack(this, installs, cloudFormation, iam.roles);
    new DeploymentReadme(this, installs, manifests, {
      tasks,
      ciWorkflow: ci?.workflow.file?.path,
      upgradeWorkflow: upgrade?.workflow.file?.path,
      packageSpec,
      iamRoles: iam.roles,
      gitops: gitopsManifests,
      stack: stack?.stack,
    });
  }

  /**
   * The steps after the checkout that the workflows start with: Node.js and the repo's dependencies. projen's
   * dependency upgrade (`depsUpgrade`) sets up its job with them.
   *
   * @param options whether the install may change the lock file
   */
  public renderWorkflowSetup(options: RenderWorkflowSetupOptions = {}): workflows.JobStep[] {
    return nodeSetupSteps({ mutable: options.mutable });
  }

  /**
   * The command that runs `task` in a workflow: the repo's own projen (`npx projen <task>`), as a Node.js project's,
   * not projen's default for a bare project, which fetches the projen release that synthesized the repo.
   *
   * @param task the task to run
   */
  public runTaskCommand(task: Task): string {
    return `${this.projenCommand} ${task.name}`;
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
