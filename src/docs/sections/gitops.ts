import { code, codeBlock, note, table, words } from '../markdown';
import type { ReadmeContext } from './common';
import { GitOpsConfig, INSTALLS_DIR } from '../../config';
import { CRDS_WAVE, GitOpsToolFiles, INSTALL_WAVE, needsServerSideApply, SYNC_WAVE_ANNOTATION } from '../../gitops';
import { GitOpsTarget, repoPath } from '../../gitops/targets';
import { CRDS_DIR } from '../../layout/deployment-manifests';
import { KEEP_ANNOTATIONS, KEPT_KINDS } from '../../manifests/prune-protection';
import { PREPARE_SECTION } from '../../ops/cluster-checks';

/** The Argo CD doc that restores the health check of Applications, which sync waves between Applications need. */
const ARGO_CD_APPLICATION_HEALTH = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app';

/** The title of this section, which others point to. */
export const GITOPS_SECTION = 'GitOps: Argo CD and Flux';

export function gitopsSection({ gitops, tasks }: ReadmeContext): string[] {
  if (!gitops) return [];
  const config = gitops.gitops;
  const { crds, installs } = gitops.targets;
  const kept = Object.entries(Object.assign({}, ...gitops.tools.map(({ tool }) => KEEP_ANNOTATIONS[tool]))).map(([key, value]) => code(`${key}: ${value}`));
  return [
    `## ${GITOPS_SECTION}`,
    '',
    '`gitops` in `.projenrc.ts` adds objects that deploy this repository from Git, as committed and pushed: the Git',
    `repository's ${config.path ? `folder ${code(config.path)}` : 'root'} is this repository. Each tool gets one object that you apply once, which applies the`,
    `others from Git: one for ${code(`${CRDS_DIR}/`)}, applied first, and one for the overlay of each install: ${config.variant
      ? `${code(`overlay/${config.variant}`)} (\`gitops.variant\`)`
      : 'the one `npx projen deploy` installs (`overlay/iam` once every IAM role is set), unless `gitops.variant` names one'}.`,
    '',
    ...table(['file', 'object', 'applies'], gitops.tools.flatMap((files) => rows(config, files, [crds, ...installs]))),
    '',
    '### Before the first sync',
    '',
    'No secret value is in Git, so neither tool creates the Secrets: create those of each install before its first sync, with',
    `${tasks.installs.map((t) => code(`npx projen ${t.createSecrets.name}`)).join(', ')} (see "Secrets"), or out of band with the same names and`,
    'keys (an External Secrets or Sealed Secrets object, for example). Until they exist, the pods that read them do not start.',
    `The rest of "${PREPARE_SECTION}" holds as well.`,
    '',
    ...gitops.tools.flatMap((files) => (files.tool === 'argoCd' ? argoCdLines(config, files, [crds, ...installs]) : fluxLines(config, files))),
    '### What a sync deletes',
    '',
    `${gitops.tools.map((t) => t.title).join(' and ')} prune${gitops.tools.length > 1 ? '' : 's'}: when a commit drops an object (another variant, \`externalDatabase\`, an install`,
    `removed from \`additionalInstalls\`), the sync deletes it from the cluster, as does deleting the ${gitops.tools.map((t) => t.kind).join(' or ')} that`,
    `applied it. ${words(KEPT_KINDS.map((kind) => `${kind}s`))} are never deleted that way: they carry ${words(kept)}.`,
    'The namespace of an install holds its Secrets (and the volume of an in-cluster MySQL), and a CRD every workflow and',
    `recurring run of every install. Delete them yourself once no longer needed and backed up: ${code('kubectl delete namespace <namespace>')},`,
    `${code(`kubectl delete -k ${CRDS_DIR}`)} (see "Uninstall").`,
    '',
    note('One tool per install.', 'While Argo CD or Flux applies an install, `npx projen diff`, `render` and `validate` stay useful,'
      + ' but `deploy` and `uninstall` do not: the tool undoes what `deploy` changes and re-creates what `uninstall` deletes.'
      + ` To remove an install, remove it from ${code('additionalInstalls')} (its folder under ${code(`${INSTALLS_DIR}/`)} goes), commit and push.`),
    '',
  ];
}

/** The table rows of one tool: the object you apply, then the others. */
function rows(config: GitOpsConfig, files: GitOpsToolFiles, targets: readonly GitOpsTarget[]): string[][] {
  const kind = `${files.title} ${files.kind}`;
  const wave = (manifest: any) => (files.tool === 'argoCd' ? `, sync wave ${manifest.metadata.annotations[SYNC_WAVE_ANNOTATION]}` : '');
  const after = (manifest: any) => (manifest.spec.dependsOn ? `, once ${code(manifest.spec.dependsOn[0].name)} is ready` : '');
  return [
    [code(files.root.path), `${kind} ${code(files.root.manifest.metadata.name)} (you apply it)`, `the others, from ${code(`${repoPath(config, files.appsDir)}/`)}`],
    ...files.apps.map(({ path, manifest }, i) => [
      code(path),
      `${kind} ${code(manifest.metadata.name)}${wave(manifest)}`,
      `${code(`${repoPath(config, targets[i].dir)}/`)}${after(manifest)}`,
    ]),
  ];
}

function argoCdLines(config: GitOpsConfig, files: GitOpsToolFiles, targets: readonly GitOpsTarget[]): string[] {
  const argoCd = config.argoCd!;
  const serverSide = files.apps.filter((_, i) => needsServerSideApply(targets[i])).map(({ manifest }) => code(manifest.metadata.name));
  return [
    '### Argo CD',
    '',
    ...codeBlock([
      'git push   # Argo CD reads what is in Git, not this working copy',
      `kubectl apply -f ${files.root.path}`,
    ]),
    '',
    `Application ${code(files.root.manifest.metadata.name)} applies the others from ${code(argoCd.repoUrl)} at ${code(argoCd.revision)}, in project ${code(argoCd.project)}`,
    '(which must allow that repository, the namespaces of the installs and cluster-scoped objects; Argo CD needs the',
    'credentials of a private repository). Each syncs on its own,',
    'prunes what a commit drops and undoes changes made in the cluster (`selfHeal`). The sync waves put',
    `${code(files.apps[0].manifest.metadata.name)} (wave ${CRDS_WAVE}) before the installs (wave ${INSTALL_WAVE}); Argo CD waits for it to be healthy first only`,
    `once ${code('argocd-cm')} has the health check of Applications (${ARGO_CD_APPLICATION_HEALTH}); without it, the`,
    `installs may sync before the CRDs are established. Your own app of apps or ApplicationSet can take ${code(`${repoPath(config, files.appsDir)}/`)} instead.`,
    `${serverSide.length > 0 ? `${serverSide.join(', ')} apply server-side (\`ServerSideApply=true\`): an object of theirs is too large for the annotation that client-side apply keeps. ` : ''}`
      + 'Deleting an install\'s Application deletes what it applied (its finalizer), but for the objects below;'
      + ` deleting ${code(files.root.manifest.metadata.name)} leaves the others.`,
    '',
  ];
}

function fluxLines(config: GitOpsConfig, files: GitOpsToolFiles): string[] {
  const flux = config.flux!;
  const source = `${flux.sourceNamespace}/${flux.sourceName}`;
  return [
    '### Flux',
    '',
    ...codeBlock([
      'git push   # Flux reads what is in Git, not this working copy',
      `kubectl apply -f ${files.root.path}`,
    ]),
    '',
    `The Kustomizations read GitRepository ${code(source)}, which ${code('flux bootstrap')} creates for the repository it bootstraps. When`,
    `this repository is another one, create a GitRepository of it and set ${code('gitops.flux.sourceName')}, for example`,
    `${code(`flux create source git ${flux.sourceName === 'flux-system' ? 'kfp' : flux.sourceName} --namespace=${flux.sourceNamespace} --url=<url> --branch=<branch>`)}. Every ${code(flux.interval)}`,
    'Flux applies each again (undoing changes made in the cluster) and prunes what a commit drops; each waits until its objects',
    'are ready (`wait`), and an install is applied only once the CRDs are (`dependsOn`). Deleting a Kustomization deletes',
    `what it applied, but for the objects below; deleting ${code(files.root.manifest.metadata.name)} deletes the others, and so what they applied.`,
    '',
  ];
}
