import { synthFiles, TestOptions, readmeSection } from '../util';

const REPO = 'https://git.example.com/platform/kfp-deploy.git';

describe('the README section on GitOps', () => {
  const options: TestOptions = {
    bucket: 'gitops-test',
    additionalInstalls: [{ namespace: 'team-b' }],
    gitops: { repoUrl: REPO, revision: 'main', path: 'deploy/kfp', argoCd: {}, flux: {} },
  };
  const files = synthFiles(options);
  const readme: string = files['README.md'];
  const gitops = readmeSection(readme, 'GitOps: Argo CD and Flux');

  test('lists every file of gitops/ but the kustomizations, and names no file that does not exist', () => {
    const listed = [...gitops.matchAll(/`(gitops\/[^`]+\.yaml)`/g)].map((m) => m[1]);
    const generated = Object.keys(files).filter((file) => file.startsWith('gitops/') && !file.endsWith('/kustomization.yaml'));
    expect([...new Set(listed)].sort()).toEqual(generated.sort());
  });

  test('applies the object of each tool, after a push', () => {
    expect(gitops).toContain('kubectl apply -f gitops/argocd/application.kfp.yaml');
    expect(gitops).toContain('kubectl apply -f gitops/flux/kustomization.kfp.yaml');
    expect(gitops).toContain('git push');
  });

  test('has the Secrets of each install created before the first sync, by its task', () => {
    const before = gitops.slice(gitops.indexOf('### Before the first sync'));
    expect(before).toContain('`npx projen create-secrets`');
    expect(before).toContain('`npx projen create-secrets:team-b`');
    const tasks = Object.keys(files['.projen/tasks.json'].tasks);
    expect(tasks).toEqual(expect.arrayContaining(['create-secrets', 'create-secrets:team-b']));
  });

  test('says what the tools keep from pruning, by the annotations the manifests carry', () => {
    expect(gitops).toContain('`argocd.argoproj.io/sync-options: Prune=false,Delete=false`');
    expect(gitops).toContain('`kustomize.toolkit.fluxcd.io/prune: disabled`');
    expect(gitops).toContain('Namespaces, PersistentVolumeClaims and CustomResourceDefinitions');
  });

  test('the folder table and the option table have the GitOps folders and options', () => {
    const foldersTable = readmeSection(readme, 'Folder structure');
    expect(foldersTable).toContain('| `gitops/argocd/` |');
    expect(foldersTable).toContain('| `gitops/flux/` |');
    const optionTable = readmeSection(readme, 'Where each option lands');
    for (const option of ['gitops.argoCd', 'gitops.flux', 'gitops.repoUrl', 'gitops.revision', 'gitops.path', 'gitops.variant', 'gitops.namePrefix']) {
      expect(optionTable).toContain(`| \`${option}\` |`);
    }
  });

  test('names only the tool in use', () => {
    const fluxOnly = readmeSection(synthFiles({ bucket: 'gitops-test', gitops: { flux: {} } })['README.md'], 'GitOps: Argo CD and Flux');
    expect(fluxOnly).toContain('### Flux');
    expect(fluxOnly).not.toContain('### Argo CD');
    expect(fluxOnly).not.toContain('argocd.argoproj.io');
    expect(fluxOnly).toContain('Flux prunes');
  });
});
