import * as fs from 'fs';
import * as path from 'path';
import { Component, Project } from 'projen';
import { INSTALLS_DIR } from '../config';
import { linesText } from '../generated-file';

/**
 * The folder of an install that holds the user's own kustomize Component, which every overlay of the install lists
 * under `components:`: `custom/` for the first install, `installs/<namespace>/custom/` for each additional one.
 */
export const CUSTOM_DIR = 'custom';

/** The folder {@link CUSTOM_DIR} of the install at `root` (`KfpConfig.root`). */
export const customDir = (root: string) => (root ? `${root}/${CUSTOM_DIR}` : CUSTOM_DIR);

/** The names kustomize reads a kustomization from, in its order (kustomize v5.5.0 `api/konfig/general.go`). */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The files a new {@link CUSTOM_DIR} gets, by name. The kustomization holds an empty list: kustomize v5 refuses one with
 * no field besides `apiVersion` and `kind` ("kustomization.yaml is empty", `CheckEmpty` in kustomize v5.5.0
 * `api/types/kustomization.go`), and `resources: []` changes nothing.
 */
export function customFiles(root: string): Record<string, string> {
  const overlays = root ? `${root}/overlay/*/` : 'overlay/*/';
  return {
    'kustomization.yaml': linesText([
      `# Yours: a kustomize Component that every overlay of this install (${overlays}) includes. Add patches, objects or`,
      '# images here and deploy, diff, render, validate and CI take them with the rest. npx projen never changes or deletes',
      `# this folder; it writes it again, with nothing in it, when it is missing. See README.md in ${customDir(root)}/.`,
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'resources: []',
    ]),
    'README.md': linesText([
      `# ${customDir(root)}/: your changes to this install`,
      '',
      `A kustomize Component (\`kustomization.yaml\`, \`kind: Component\`) that every overlay of this install (\`${overlays}\`)`,
      'includes under `components:`. What you put here (patches, objects such as an Ingress or a NetworkPolicy, `images:`',
      'entries) is deployed, diffed, rendered and validated with the generated objects: `npx projen deploy`, `diff`,',
      '`render`, `validate` and CI build the overlays.',
      '',
      '- The folder is yours: `npx projen` never changes or deletes it. When it is missing, `npx projen` writes it again',
      '  with a `kustomization.yaml` that changes nothing, since kustomize cannot build an overlay without it; to drop your',
      '  changes, delete the folder. When it has no kustomization file, `npx projen` writes `kustomization.yaml` only.',
      '- Kustomize applies it after the base and before the overlay\'s own patches and `images:`: a field that an overlay',
      '  patch sets (credentials, IAM role annotations) keeps the overlay\'s value. Change those through `.projenrc.ts`.',
      '- `images:` entries here see the upstream image names (`ghcr.io/kubeflow/kfp-api-server`); the registry mirror of',
      '  `.projenrc.ts` (`images`) still applies after them.',
      '- Every generated object names its namespace. Give the namespaced objects you add `metadata.namespace` too (without',
      '  one, kubectl puts them in the namespace of your kubeconfig context), and find the objects you patch by `target`.',
      '',
      'For example, three replicas of the UI:',
      '',
      '```yaml',
      '# kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'patches:',
      '  - target:',
      '      kind: Deployment',
      '      name: ml-pipeline-ui',
      '    patch: |-',
      '      apiVersion: apps/v1',
      '      kind: Deployment',
      '      metadata:',
      '        name: ml-pipeline-ui',
      '      spec:',
      '        replicas: 3',
      '```',
    ]),
  };
}

/**
 * The {@link CUSTOM_DIR} of each install: written once, like projen's `SampleDir` and `SampleFile` (which write a file
 * only when it does not exist, on every synthesis), and then the user's. It is written again when it is missing, since
 * kustomize cannot build an overlay whose component is missing; when the folder exists without a kustomization file,
 * only `kustomization.yaml` is written, so that a README.md the user deleted stays deleted. The folder of an install
 * removed from the options is deleted while it still holds exactly what this wrote, so the install's folder can go.
 */
export class CustomComponents extends Component {
  constructor(project: Project, private readonly roots: readonly string[]) {
    super(project);
  }

  /** Before projen removes the generated files of removed installs, and before their empty folders are removed. */
  public preSynthesize(): void {
    const installs = path.join(this.project.outdir, INSTALLS_DIR);
    if (!fs.existsSync(installs)) return;
    for (const entry of fs.readdirSync(installs, { withFileTypes: true })) {
      const root = `${INSTALLS_DIR}/${entry.name}`;
      if (entry.isDirectory() && !this.roots.includes(root)) removeIfUntouched(path.join(this.project.outdir, customDir(root)), customFiles(root));
    }
  }

  public synthesize(): void {
    for (const root of this.roots) {
      const dir = path.join(this.project.outdir, customDir(root));
      const files = customFiles(root);
      const missing = !fs.existsSync(dir);
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        const needed = missing || (name === 'kustomization.yaml' && !KUSTOMIZATION_FILES.some((file) => fs.existsSync(path.join(dir, file))));
        if (!needed) continue;
        // Writable, as projen writes its sample files.
        fs.writeFileSync(path.join(dir, name), content);
        fs.chmodSync(path.join(dir, name), 0o644);
      }
    }
  }
}

/** Deletes `dir` when it holds exactly `files` with their content; anything else there is the user's. */
function removeIfUntouched(dir: string, files: Record<string, string>): void {
  if (!fs.existsSync(dir) || !fs.lstatSync(dir).isDirectory()) return;
  const entries = fs.readdirSync(dir).sort();
  const untouched = entries.join('\n') === Object.keys(files).sort().join('\n')
    && entries.every((name) => fs.lstatSync(path.join(dir, name)).isFile() && fs.readFileSync(path.join(dir, name), 'utf-8') === files[name]);
  if (untouched) fs.rmSync(dir, { recursive: true });
}
