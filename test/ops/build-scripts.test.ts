import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runScript } from './kubectl-stub';
import { VALIDATOR_PATH } from '../../src/ops/build-scripts';
import { VALIDATOR_BIN } from '../../src/validate';
import { defaultRelease, kustomize, parseYaml, synthToDisk, tempDir } from '../util';

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

/**
 * Puts this package's validator where npm installs it in a deployment repo (`node_modules/.bin`), running its source
 * with tsx; it also records the arguments of each run in `validator-args`, one run per line.
 */
function installValidator(repo: string): () => string[][] {
  const bin = path.join(repo, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  const root = path.join(__dirname, '..', '..');
  const log = path.join(tempDir(), 'validator-args');
  fs.writeFileSync(path.join(bin, VALIDATOR_BIN), [
    '#!/usr/bin/env bash',
    `printf '%s\\0' "$@" >>'${log}'`,
    `echo >>'${log}'`,
    `exec '${path.join(root, 'node_modules', '.bin', 'tsx')}' '${path.join(root, 'src', 'validate', 'cli.ts')}' "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  return () => fs.readFileSync(log, 'utf-8').split('\n').slice(0, -1).map((line) => line.split('\0').slice(0, -1));
}

describe('validate.sh (default release)', () => {
  /** The UI's Secret, where the release's UI signs with a key. */
  const uiSecret = defaultRelease().uiSigningKey ? ['Secret/ml/ml-pipeline-ui-secret=tensorboard-proxy-signing-key'] : [];
  const repo = synthToDisk({ namespace: 'ml' });
  const validatorRuns = installValidator(repo);

  test('checks crds/ with the overlay of each variant, given the objects created outside them, without a cluster', () => {
    const run = runScript(repo, 'validate.sh', [], { cluster: {} });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['kustomize crds', 'kustomize overlay/accesskey', 'kustomize overlay/iam']);
    expect(run.stdout.match(/kfp-aws-validate: \d+ objects in .*: every schema and reference is valid/g)).toHaveLength(2);
    expect(run.stdout).toContain('kubeconform is not on PATH: skipped its strict check');
    expect(fs.existsSync(path.join(repo, 'dist'))).toBe(false);

    const [accesskey, iam] = validatorRuns().slice(-2);
    const externals = (args: string[]) => args.filter((_, i) => args[i - 1] === '--external');
    const files = (args: string[]) => args.filter((a, i) => a !== '--external' && args[i - 1] !== '--external').map((f) => path.basename(f));
    expect(files(accesskey)).toEqual(['crds.yaml', 'overlay_accesskey.yaml']);
    expect(externals(accesskey)).toEqual([
      'Secret/ml/mysql-secret=username,password,root-password',
      'Secret/ml/ml-pipeline-aws-secret=accesskey,secretkey',
      ...uiSecret,
    ]);
    expect(files(iam)).toEqual(['crds.yaml', 'overlay_iam.yaml']);
    expect(externals(iam)).toEqual(['Secret/ml/mysql-secret=username,password,root-password', ...uiSecret]);
  });

  test('fails on a broken reference, naming the object and what it refers to', () => {
    // GIVEN a repo whose UI runs as a ServiceAccount no manifest defines
    const broken = synthToDisk({ namespace: 'ml' });
    installValidator(broken);
    const deployment = path.join(broken, 'base/ui/deployment.ml-pipeline-ui.yaml');
    fs.chmodSync(deployment, 0o644);
    fs.writeFileSync(deployment, fs.readFileSync(deployment, 'utf-8').replace('serviceAccountName: ml-pipeline-ui', 'serviceAccountName: ml-pipeline-iu'));

    // WHEN it is validated
    const run = runScript(broken, 'validate.sh', [], { cluster: {} });

    // THEN both variants fail on it, and the script says so at the end
    expect(run.status).toBe(1);
    expect(run.stderr.match(/- Deployment ml\/ml-pipeline-ui: ServiceAccount ml\/ml-pipeline-iu does not exist/g)).toHaveLength(2);
    expect(run.stderr).toMatch(/scripts\/validate\.sh: error: validation failed: accesskey iam \(the problems are listed above\)\n$/);
  });

  test('checks the objects of custom/ as the rest: schema and references', () => {
    // GIVEN a repo whose custom component adds a Deployment that reads a ConfigMap nobody defines, and a Service of a bad type
    const custom = synthToDisk({ namespace: 'ml' });
    installValidator(custom);
    fs.writeFileSync(path.join(custom, 'custom/kustomization.yaml'), yaml.dump({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: ['extra.yaml'],
    }));
    fs.writeFileSync(path.join(custom, 'custom/extra.yaml'), yaml.dump({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'extra', namespace: 'ml' },
      spec: {
        selector: { matchLabels: { app: 'extra' } },
        template: {
          metadata: { labels: { app: 'extra' } },
          spec: { containers: [{ name: 'extra', image: 'busybox:1.37', envFrom: [{ configMapRef: { name: 'extra-settings' } }] }] },
        },
      },
    }) + '---\n' + yaml.dump({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'extra', namespace: 'ml' }, spec: { type: 'Nowhere', ports: [{ port: 80 }] } }));

    // WHEN it is validated
    const run = runScript(custom, 'validate.sh', [], { cluster: {} });

    // THEN both variants fail on the missing ConfigMap and on the Service's type
    expect(run.status).toBe(1);
    expect(run.stderr.match(/- Deployment ml\/extra: ConfigMap ml\/extra-settings does not exist/g)).toHaveLength(2);
    expect(run.stderr.match(/- Service ml\/extra: \/spec\/type/g)).toHaveLength(2);
  });

  test('says how to install the validator when it is missing, before building anything', () => {
    const bare = synthToDisk();
    const run = runScript(bare, 'validate.sh', [], { cluster: {} });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`scripts/validate.sh: error: ${VALIDATOR_PATH} is missing: run npm install`);
    expect(run.calls).toEqual([]);
  });

  test('also runs kubeconform strictly on every built folder when it is installed', () => {
    const kubeconform = fakeKubeconform();
    const run = runScript(repo, 'validate.sh', [], { path: kubeconform.path });
    expect(run.status).toBe(0);
    const args = kubeconform.args();
    expect(args.slice(0, 3)).toEqual(['-strict', '-ignore-missing-schemas', '-summary']);
    expect(args.slice(3).map((f) => path.basename(f)).sort()).toEqual(['crds.yaml', 'overlay_accesskey.yaml', 'overlay_iam.yaml']);
  });

  test('fails when kubeconform finds a problem', () => {
    const run = runScript(repo, 'validate.sh', [], { path: fakeKubeconform(1).path });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('validation failed: kubeconform');
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

  test('validate.sh checks crds/ with the overlays of every install, variant by variant, each with the objects its user creates', () => {
    const validatorRuns = installValidator(repo);
    const run = runScript(repo, 'validate.sh', [], { cluster: {} });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual([
      'kustomize crds',
      'kustomize overlay/accesskey', 'kustomize installs/team-b/overlay/accesskey',
      'kustomize overlay/iam', 'kustomize installs/team-b/overlay/iam',
    ]);
    const [accesskey, iam] = validatorRuns().slice(-2);
    const files = (args: string[]) => args.filter((a, i) => a !== '--external' && args[i - 1] !== '--external').map((f) => path.basename(f));
    const externals = (args: string[]) => args.filter((_, i) => args[i - 1] === '--external');
    expect(files(accesskey)).toEqual(['crds.yaml', 'overlay_accesskey.yaml', 'installs_team-b_overlay_accesskey.yaml']);
    expect(files(iam)).toEqual(['crds.yaml', 'overlay_iam.yaml', 'installs_team-b_overlay_iam.yaml']);
    expect(externals(accesskey)).toEqual(expect.arrayContaining(['Secret/ml/ml-pipeline-aws-secret=accesskey,secretkey', 'Secret/team-b/ml-pipeline-aws-secret=accesskey,secretkey']));
    expect(externals(iam)).toEqual(expect.arrayContaining(['Secret/ml/mysql-secret=username,password,root-password', 'Secret/team-b/mysql-secret=username,password,root-password']));
  });
});
