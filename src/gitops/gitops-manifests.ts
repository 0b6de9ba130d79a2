import { Component, Project } from 'projen';
import { argoCdApplications } from './argo-cd';
import { fluxKustomizations } from './flux';
import { APPS_DIR, gitopsTargets, GitOpsTargets } from './targets';
import { GITOPS_DIR, GitOpsConfig, GitOpsTool, GITOPS_TOOLS, KfpConfig } from '../config';
import { DeploymentManifests, fileName } from '../layout/deployment-manifests';
import { kustomization } from '../layout/kustomization';
import { yamlFile } from '../layout/yaml-file';

/** What the repo holds for one GitOps tool. */
interface ToolSpec {
  /** The tool and the kind of its objects, as the README names them. */
  readonly title: string;
  readonly kind: string;
  /** Its folder, under {@link GITOPS_DIR}. */
  readonly dir: string;
  /** The object you apply once, and those it applies from `<dir>/apps/`; `undefined` when the options leave the tool out. */
  readonly objects: (gitops: GitOpsConfig, targets: GitOpsTargets, dir: string) => { root: any; apps: any[] } | undefined;
}

export const GITOPS_TOOL_SPECS = {
  argoCd: {
    title: 'Argo CD',
    kind: 'Application',
    dir: `${GITOPS_DIR}/argocd`,
    objects: (gitops, targets, dir) => gitops.argoCd && argoCdApplications(gitops, gitops.argoCd, targets, dir),
  },
  flux: {
    title: 'Flux',
    kind: 'Kustomization',
    dir: `${GITOPS_DIR}/flux`,
    objects: (gitops, targets, dir) => gitops.flux && fluxKustomizations(gitops, gitops.flux, targets, dir),
  },
} satisfies Record<GitOpsTool, ToolSpec>;

/** A GitOps object and its file, relative to the repo root. */
export interface GitOpsObjectFile {
  readonly path: string;
  readonly manifest: any;
}

/** The files of one tool: the object you apply, and the folder of those it applies. */
export interface GitOpsToolFiles {
  readonly tool: GitOpsTool;
  /** The tool and the kind of its objects, as the README names them. */
  readonly title: string;
  readonly kind: string;
  /** Its folder. */
  readonly dir: string;
  /** The object you apply once, which applies the others from Git. */
  readonly root: GitOpsObjectFile;
  /** The folder of the others, with a `kustomization.yaml` that lists them. */
  readonly appsDir: string;
  /** The others: `crds/`'s, then each install's, in the order of {@link GitOpsTargets}. */
  readonly apps: readonly GitOpsObjectFile[];
}

/**
 * Writes the GitOps objects of each tool that `gitops` asks for: in `gitops/<tool>/`, the one you apply once, and in
 * `gitops/<tool>/apps/` those it applies: one for `crds/` and one for the overlay of each install.
 */
export class GitOpsManifests extends Component {
  /** Paths of every file written, relative to the repo root. */
  public readonly files: string[] = [];
  /** What each tool got, in the order of {@link GITOPS_TOOLS}. */
  public readonly tools: GitOpsToolFiles[] = [];
  public readonly targets: GitOpsTargets;

  constructor(project: Project, public readonly gitops: GitOpsConfig, installs: readonly KfpConfig[], manifests: DeploymentManifests) {
    super(project);
    this.targets = gitopsTargets(gitops, installs, manifests);
    for (const tool of GITOPS_TOOLS) {
      const spec: ToolSpec = GITOPS_TOOL_SPECS[tool];
      const objects = spec.objects(gitops, this.targets, spec.dir);
      if (!objects) continue;
      const appsDir = `${spec.dir}/${APPS_DIR}`;
      const root = { path: `${spec.dir}/${fileName(objects.root)}`, manifest: objects.root };
      const apps = objects.apps.map((manifest) => ({ path: `${appsDir}/${fileName(manifest)}`, manifest }));
      for (const file of [root, ...apps]) this.write(file);
      this.files.push(kustomization(project, appsDir, { resources: apps.map((file) => file.path.slice(appsDir.length + 1)) }).path);
      this.tools.push({ tool, title: spec.title, kind: spec.kind, dir: spec.dir, root, appsDir, apps });
    }
  }

  private write({ path, manifest }: GitOpsObjectFile) {
    yamlFile(this.project, path, [manifest]);
    this.files.push(path);
  }
}
