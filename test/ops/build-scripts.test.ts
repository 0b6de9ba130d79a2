import * as fs from 'fs';
import * as path from 'path';
import { runScript } from './kubectl-stub';
import { kustomize, parseYaml, synthToDisk, tempDir } from '../util';

const ENTRY_POINTS = { 'crds.yaml': 'crds', 'accesskey.yaml': 'overlay/accesskey', 'iam.yaml': 'overlay/iam' };

/** A kubeconform on PATH that records its arguments and exits with `status`. */
function fakeKubeconform(status = 0): { path: string[]; args: () => string[] } {
  const dir = tempDir();
  const log = path.join(dir, 'args');
  fs.writeFileSync(path.join(dir, 'kubeconform'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" >"${log}"\nexit ${status}\n`, { mode: 0o755 });
  return { path: [dir], args: () => fs.readFileSync(log, 'utf-8').trim().split('\n') };
}

describe('render.sh', () => {
  test('writes what kustomize builds from crds/ and each overlay to dist/, without a cluster', () => {
    const repo = synthToDisk({ namespace: 'ml' });

    const run = runScript(repo, 'render.sh', [], { cluster: {} });

    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(repo, 'dist')).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
    for (const [file, dir] of Object.entries(ENTRY_POINTS)) {
      expect(parseYaml(fs.readFileSync(path.join(repo, 'dist', file), 'utf-8'))).toEqual(kustomize(path.join(repo, dir)));
    }
    expect(run.calls.map((c) => c.args[0])).toEqual(['kustomize', 'kustomize', 'kustomize']);
    expect(run.stdout).toMatch(/overlay\/iam -> dist\/iam.yaml: \d+ objects/);
  });

  test('fails on a folder kustomize cannot build and leaves the file it rendered before', () => {
    // GIVEN a rendered repo whose overlay then breaks
    const repo = synthToDisk();
    expect(runScript(repo, 'render.sh').status).toBe(0);
    const before = fs.readFileSync(path.join(repo, 'dist/iam.yaml'), 'utf-8');
    const kustomization = path.join(repo, 'overlay/iam/kustomization.yaml');
    fs.chmodSync(kustomization, 0o644);
    fs.appendFileSync(kustomization, '  - missing.yaml\n');

    // WHEN it renders again
    const run = runScript(repo, 'render.sh');

    // THEN it fails, naming the folder, and dist/iam.yaml is the earlier rendering
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl kustomize overlay/iam failed');
    expect(fs.readFileSync(path.join(repo, 'dist/iam.yaml'), 'utf-8')).toBe(before);
    expect(fs.existsSync(path.join(repo, 'dist/iam.yaml.partial'))).toBe(false);
  });
});

describe('validate.sh', () => {
  const repo = synthToDisk();

  test('builds every entry point and says that it skipped the schema check without kubeconform', () => {
    const run = runScript(repo, 'validate.sh', [], { cluster: {} });
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['kustomize crds', 'kustomize overlay/accesskey', 'kustomize overlay/iam']);
    expect(run.stdout).toContain('kubeconform is not on PATH: skipped the schema validation');
    expect(fs.existsSync(path.join(repo, 'dist'))).toBe(false);
  });

  test('runs kubeconform strictly on every built folder when it is installed', () => {
    const kubeconform = fakeKubeconform();
    const run = runScript(repo, 'validate.sh', [], { path: kubeconform.path });
    expect(run.status).toBe(0);
    const args = kubeconform.args();
    expect(args.slice(0, 3)).toEqual(['-strict', '-ignore-missing-schemas', '-summary']);
    expect(args.slice(3).map((f) => path.basename(f)).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
  });

  test('fails when kubeconform finds a problem', () => {
    const run = runScript(repo, 'validate.sh', [], { path: fakeKubeconform(1).path });
    expect(run.status).toBe(1);
  });
});

describe('render.sh and validate.sh of a repo with an additional install', () => {
  const repo = synthToDisk({ namespace: 'ml', additionalInstalls: [{ namespace: 'team-b' }] });
  const entryPoints = {
    ...ENTRY_POINTS,
    'team-b-accesskey.yaml': 'installs/team-b/overlay/accesskey',
    'team-b-iam.yaml': 'installs/team-b/overlay/iam',
  };

  test('render.sh builds crds/ and every overlay of every install, each into its own file', () => {
    const run = runScript(repo, 'render.sh', [], { cluster: {} });

    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(repo, 'dist')).sort()).toEqual(Object.keys(entryPoints).sort());
    for (const [file, dir] of Object.entries(entryPoints)) {
      expect(parseYaml(fs.readFileSync(path.join(repo, 'dist', file), 'utf-8'))).toEqual(kustomize(path.join(repo, dir)));
    }
    expect(parseYaml(fs.readFileSync(path.join(repo, 'dist/team-b-iam.yaml'), 'utf-8')).filter((o) => o.kind === 'Namespace')
      .map((o) => o.metadata.name)).toEqual(['team-b']);
  });

  test('validate.sh builds and checks every overlay of every install', () => {
    const kubeconform = fakeKubeconform();
    const run = runScript(repo, 'validate.sh', [], { path: kubeconform.path });
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(Object.values(entryPoints).map((dir) => `kustomize ${dir}`));
    expect(kubeconform.args().slice(3).map((f) => path.basename(f)).sort()).toEqual(Object.keys(entryPoints).sort());
  });
});
