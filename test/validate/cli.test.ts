import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SchemaModelsMissingError, VALIDATOR_BIN } from '../../src/validate';
import { CliIo, runValidator } from '../../src/validate/cli';
import { toYamlStream } from '../../src/yaml';
import { findObject, parseYaml, synthToDisk, tempDir } from '../util';

/** Runs the command in memory: `files` are what it reads, stdout and stderr are collected. */
function run(args: string[], files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (file) => {
      if (!(file in files)) throw new Error(`ENOENT: no such file, open '${file}'`);
      return files[file];
    },
    readStdin: () => stdin,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const status = runValidator(args, io);
  return { status, out, err };
}

const NS = 'kfp-ns';
/** The build the command checks: a KFP 2.17.0 install, whose UI reads a Secret and whose workflow controller a PriorityClass. */
const FIXTURE_VERSION = '2.17.0';
const dir = synthToDisk({ kfpVersion: FIXTURE_VERSION, namespace: NS });
const crds = execFileSync('kubectl', ['kustomize', path.join(dir, 'crds')], { encoding: 'utf-8' });
const iam = execFileSync('kubectl', ['kustomize', path.join(dir, 'overlay/iam')], { encoding: 'utf-8' });
const EXTERNAL = [
  '--external', `Secret/${NS}/mysql-secret=username,password,root-password`,
  '--external', `Secret/${NS}/ml-pipeline-ui-secret=tensorboard-proxy-signing-key`,
];

describe(`${VALIDATOR_BIN}, on a KFP ${FIXTURE_VERSION} build`, () => {
  test('passes crds/ with an overlay, given the Secrets created outside them, and counts the objects', () => {
    const result = run([...EXTERNAL, 'crds.yaml', 'iam.yaml'], { 'crds.yaml': crds, 'iam.yaml': iam });
    expect(result.err).toEqual([]);
    expect(result.out).toEqual([expect.stringMatching(/^kfp-aws-validate: \d+ objects in crds\.yaml, iam\.yaml: every schema and reference is valid$/)]);
    expect(result.status).toBe(0);
  });

  test('reads standard input without a file, and lists every problem of both checks', () => {
    // GIVEN an overlay whose mysql Deployment has a string replica count, read without crds/ and the user's Secrets
    const objects = parseYaml(iam);
    findObject(objects, 'Deployment', 'mysql').spec.replicas = 'one';
    const broken = toYamlStream(objects);

    // WHEN it is checked
    const result = run([], {}, broken);

    // THEN it fails, naming the schema violation, the Secret and the PriorityClass of crds/
    expect(result.status).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toMatch(/^kfp-aws-validate: \d+ problems in standard input:$/);
    expect(result.err).toContain(`  - Deployment ${NS}/mysql: /spec/replicas must be integer`);
    expect(result.err).toContain(`  - Deployment ${NS}/mysql: Secret ${NS}/mysql-secret does not exist`);
    expect(result.err).toContain(`  - Deployment ${NS}/workflow-controller: PriorityClass workflow-controller does not exist`);
  });

  test('fails on input without objects', () => {
    expect(run(['-'], {}, '---\n')).toEqual({ status: 1, out: [], err: ['kfp-aws-validate: 1 problem in standard input:', '  - no objects to check'] });
  });

  test.each<[string, string[], RegExp]>([
    ['an unknown option', ['--strict'], /unknown option --strict/],
    ['--external without a value', ['--external'], /--external needs a value/],
    ['a malformed --external', ['--external', 'mysql-secret'], /--external: "mysql-secret" is not KIND\/NAMESPACE\/NAME/],
    ['a file it cannot read', ['absent.yaml'], /cannot read absent\.yaml: ENOENT/],
    ['YAML it cannot parse', ['bad.yaml'], /cannot read bad\.yaml: /],
    ['a document that is no object', ['list.yaml'], /document 2 of list\.yaml is not an object/],
  ])('exits 2 on %s', (_what, args, message) => {
    const result = run(args, { 'bad.yaml': 'a: [', 'list.yaml': 'kind: A\n---\n- 1\n' });
    expect(result.status).toBe(2);
    expect(result.err[0]).toMatch(message);
    expect(result.err[1]).toBe('Run kfp-aws-validate --help for the usage.');
  });

  test('exits 2 with the install command when kubernetes-models is missing', () => {
    const err: string[] = [];
    const io: CliIo = { readFile: () => crds, readStdin: () => '', out: () => undefined, err: (line) => err.push(line) };
    const status = runValidator(['crds.yaml'], io, () => {
      throw new SchemaModelsMissingError('kubernetes-models is not installed');
    });
    expect(status).toBe(2);
    expect(err).toEqual(['kfp-aws-validate: kubernetes-models is not installed: the schema check needs kubernetes-models 4.x (npm install --save-dev kubernetes-models@^4)']);
  });

  test('prints its usage with -h', () => {
    const result = run(['-h']);
    expect(result.status).toBe(0);
    expect(result.out[0]).toBe('Usage: kfp-aws-validate [--external KIND/[NAMESPACE/]NAME[=KEY,...]]... [FILE...]');
  });
});

describe('the package', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));

  test(`installs ${VALIDATOR_BIN} from the compiled src/validate/cli.ts, which lib/ packs`, () => {
    expect(pkg.bin).toEqual({ [VALIDATOR_BIN]: 'lib/validate/cli.js' });
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'validate', 'cli.ts'), 'utf-8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
    const npmignore = fs.readFileSync(path.join(__dirname, '..', '..', '.npmignore'), 'utf-8').split('\n');
    expect(npmignore).toContain('!/lib/**/*.js');
  });

  test('keeps kubernetes-models out of its dependencies (26 MB): the deployment repo installs it', () => {
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('kubernetes-models');
    expect(Object.keys(pkg.peerDependencies ?? {})).not.toContain('kubernetes-models');
    expect(pkg.devDependencies['kubernetes-models']).toMatch(/^\^4\./);
  });

  test('runs as a command: the shebang line and the exit status reach the shell', () => {
    const file = path.join(tempDir(), 'objects.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: absent\n');
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const cli = path.join(__dirname, '..', '..', 'src', 'validate', 'cli.ts');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(tsx, [cli, file], { encoding: 'utf-8', stdio: 'pipe' });
    } catch (error: any) {
      status = error.status;
      stderr = error.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain('  - ConfigMap absent/c: Namespace absent does not exist');
  });
});
