import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { changes, KubectlCall, runScript, ScriptRun } from './kubectl-stub';
import { parseYaml, releasesWhere, synthToDisk } from '../util';

const AWS_KEY_ID = 'AKIAEXAMPLEKEYID0001';
const AWS_SECRET_KEY = 'wJalr/EXAMPLE+secret/KEY0001';

/** The Secret a run applied through `kubectl apply -f -`, decoded. */
function appliedSecret(run: ScriptRun): { metadata: any; values: Record<string, string> } {
  const applied = run.calls.filter((c) => c.args.join(' ') === 'apply -f -').map((c) => parseYaml(c.stdin!)[0]);
  const secret = applied.find((o) => o.kind === 'Secret');
  if (!secret) throw new Error(`no Secret applied; calls: ${JSON.stringify(run.calls.map((c) => c.args))}\n${run.stderr}`);
  const values = Object.fromEntries(Object.entries<string>(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  return { metadata: secret.metadata, values };
}

/** No value shows in kubectl's arguments (a process listing) or in the script's output. */
function expectNowhereVisible(run: ScriptRun, values: readonly string[]) {
  for (const value of values) {
    expect(run.calls.flatMap((c: KubectlCall) => c.args).join('\n')).not.toContain(value);
    expect(run.stdout + run.stderr).not.toContain(value);
  }
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf-8' });
}

describe('create-aws-secret.sh', () => {
  const repo = synthToDisk({ namespace: 'team-ml', accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' } });
  const envFile = path.join(repo, 'aws-credentials.env');
  afterEach(() => fs.rmSync(envFile, { force: true }));

  test('applies the Secret named in the options, from the environment, without showing the values', () => {
    const run = runScript(repo, 'create-aws-secret.sh', [], {
      cluster: { context: 'prod', namespaces: ['team-ml'] },
      env: { KFP_AWS_ACCESS_KEY_ID: AWS_KEY_ID, KFP_AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY },
    });

    expect(run.status).toBe(0);
    const secret = appliedSecret(run);
    expect(secret.metadata).toMatchObject({ name: 'aws-creds', namespace: 'team-ml' });
    expect(secret.values).toEqual({ id: AWS_KEY_ID, key: AWS_SECRET_KEY });
    // the existing namespace is left alone
    expect(changes(run.calls).map((c) => c.args.join(' '))).toEqual(['apply -f -']);
    expectNowhereVisible(run, [AWS_KEY_ID, AWS_SECRET_KEY]);
  });

  test('creates a missing namespace the same way, with a client-side dry run piped to apply', () => {
    const run = runScript(repo, 'create-aws-secret.sh', [], { env: { KFP_AWS_ACCESS_KEY_ID: AWS_KEY_ID, KFP_AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY } });

    expect(run.status).toBe(0);
    const commands = run.calls.map((c) => c.args.join(' '));
    expect(commands).toContain('create namespace team-ml --dry-run=client -o yaml');
    const namespace = run.calls.map((c) => c.stdin && parseYaml(c.stdin)[0]).find((o) => o?.kind === 'Namespace');
    expect(namespace.metadata.name).toBe('team-ml');
    expect(commands.indexOf('create namespace team-ml --dry-run=client -o yaml')).toBeLessThan(commands.findIndex((c) => c.startsWith('create secret')));
  });

  test('reads the gitignored env file as data, never as shell code, and lets the environment win', () => {
    const marker = path.join(repo, 'executed');
    fs.writeFileSync(envFile, [
      '# comment',
      '',
      `KFP_AWS_ACCESS_KEY_ID="${AWS_KEY_ID}"\r`,
      `KFP_AWS_SECRET_ACCESS_KEY=$(touch ${marker})`,
    ].join('\n'));

    const fromFile = runScript(repo, 'create-aws-secret.sh', [], { cluster: { context: 'c', namespaces: ['team-ml'] } });
    expect(fromFile.status).toBe(0);
    expect(appliedSecret(fromFile).values).toEqual({ id: AWS_KEY_ID, key: `$(touch ${marker})` });
    expect(fs.existsSync(marker)).toBe(false);

    const fromEnv = runScript(repo, 'create-aws-secret.sh', [], {
      cluster: { context: 'c', namespaces: ['team-ml'] },
      env: { KFP_AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY },
    });
    expect(appliedSecret(fromEnv).values).toEqual({ id: AWS_KEY_ID, key: AWS_SECRET_KEY });
  });

  test.each([
    ['a missing variable', {}, 'KFP_AWS_ACCESS_KEY_ID is not set: export it, or set it in aws-credentials.env'],
    ['a temporary key', { KFP_AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', KFP_AWS_SECRET_ACCESS_KEY: 'x' }, 'temporary key (ASIA...)'],
  ])('refuses %s before touching the cluster', (_, env, message) => {
    const run = runScript(repo, 'create-aws-secret.sh', [], { env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.calls).toEqual([]);
  });

  test('refuses an unknown name in the env file', () => {
    fs.writeFileSync(envFile, 'AWS_REGION=eu-west-1\n');
    const run = runScript(repo, 'create-aws-secret.sh', []);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("aws-credentials.env, line 1: unknown name 'AWS_REGION'; expected: KFP_AWS_ACCESS_KEY_ID KFP_AWS_SECRET_ACCESS_KEY");
  });
});

describe('env files, read with the rules of dotenv', () => {
  const repo = synthToDisk({ namespace: 'ml', accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' } });
  const envFile = path.join(repo, 'aws-credentials.env');
  const cluster = { context: 'c', namespaces: ['ml'] };
  afterEach(() => fs.rmSync(envFile, { force: true }));

  /** Runs create-aws-secret.sh with `line` as the secret key's line of the env file, under a valid key id. */
  const withKeyLine = (line: string, env: Record<string, string> = {}) => {
    fs.writeFileSync(envFile, `KFP_AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\n${line}\n`);
    return runScript(repo, 'create-aws-secret.sh', [], { cluster, env });
  };

  test.each([
    ['an inline comment after a space', 'KFP_AWS_SECRET_ACCESS_KEY=wJalr/KEY # the key of kfp-s3-user', 'wJalr/KEY'],
    ['a # inside an unquoted value', 'KFP_AWS_SECRET_ACCESS_KEY=wJalr#KEY', 'wJalr#KEY'],
    ['double quotes, with a comment after them', 'KFP_AWS_SECRET_ACCESS_KEY="wJalr KEY # not a comment" # a comment', 'wJalr KEY # not a comment'],
    ['escapes in double quotes', 'KFP_AWS_SECRET_ACCESS_KEY="a\\"b\\\\c"', 'a"b\\c'],
    ['single quotes, taken literally', "KFP_AWS_SECRET_ACCESS_KEY='$HOME\\n\"x\"' # a comment", '$HOME\\n"x"'],
    ['export', 'export KFP_AWS_SECRET_ACCESS_KEY=wJalr/KEY', 'wJalr/KEY'],
    ['spaces around the name and the value', '  KFP_AWS_SECRET_ACCESS_KEY =   wJalr/KEY   ', 'wJalr/KEY'],
    ['= inside the value', 'KFP_AWS_SECRET_ACCESS_KEY=wJalr+KEY==', 'wJalr+KEY=='],
    ['a CRLF line end', 'KFP_AWS_SECRET_ACCESS_KEY=wJalr/KEY\r', 'wJalr/KEY'],
    ['a CRLF line end after quotes', 'KFP_AWS_SECRET_ACCESS_KEY="wJalr/KEY"\r', 'wJalr/KEY'],
    ['nothing expanded', 'KFP_AWS_SECRET_ACCESS_KEY=$(id)${HOME}`id`', '$(id)${HOME}`id`'],
  ])('stores the value of %s as dotenv reads it', (_, line, value) => {
    const run = withKeyLine(line);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(appliedSecret(run).values).toEqual({ id: AWS_KEY_ID, key: value });
  });

  test('reads a whole file of CRLF lines, with comments and blank lines', () => {
    fs.writeFileSync(envFile, ['# The key of kfp-s3-user', '', `export KFP_AWS_ACCESS_KEY_ID=${AWS_KEY_ID}  # rotated in May`, `KFP_AWS_SECRET_ACCESS_KEY='${AWS_SECRET_KEY}'`, ''].join('\r\n'));
    const run = runScript(repo, 'create-aws-secret.sh', [], { cluster });
    expect(run.status).toBe(0);
    expect(appliedSecret(run).values).toEqual({ id: AWS_KEY_ID, key: AWS_SECRET_KEY });
  });

  test.each([
    ['an empty value', 'KFP_AWS_SECRET_ACCESS_KEY='],
    ['empty quotes', 'KFP_AWS_SECRET_ACCESS_KEY=""'],
    ['only a comment', 'KFP_AWS_SECRET_ACCESS_KEY= # fill in'],
  ])('takes %s as not set', (_, line) => {
    const run = withKeyLine(line);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('KFP_AWS_SECRET_ACCESS_KEY is not set');
    expect(changes(run.calls)).toEqual([]);
  });

  test.each([
    ['an unclosed quote', 'KFP_AWS_SECRET_ACCESS_KEY="wJalr/HIDDEN', 'line 2: KFP_AWS_SECRET_ACCESS_KEY has no closing quote'],
    ['text after the closing quote', "KFP_AWS_SECRET_ACCESS_KEY='wJalr' HIDDEN", 'line 2: text after the closing quote of KFP_AWS_SECRET_ACCESS_KEY'],
    ['a line without =', 'wJalr/HIDDEN', 'line 2: expected NAME=value'],
    ['a name without the prefix', 'AWS_SECRET_ACCESS_KEY=wJalr/HIDDEN', 'line 2: AWS_SECRET_ACCESS_KEY is now KFP_AWS_SECRET_ACCESS_KEY'],
  ])('stops at %s, naming the line but never its text, and changes nothing', (_, line, message) => {
    const run = withKeyLine(line);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`aws-credentials.env, ${message}`);
    expect(run.stdout + run.stderr).not.toContain('HIDDEN');
    expect(run.calls).toEqual([]);
  });

  test('says where each value came from, never the value', () => {
    fs.writeFileSync(envFile, `KFP_AWS_ACCESS_KEY_ID=AKIAFROMTHEFILE0001\nKFP_AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY}\n`);
    const run = runScript(repo, 'create-aws-secret.sh', [], { cluster, env: { KFP_AWS_ACCESS_KEY_ID: AWS_KEY_ID } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('KFP_AWS_ACCESS_KEY_ID: from the environment');
    expect(run.stdout).toContain('KFP_AWS_SECRET_ACCESS_KEY: from aws-credentials.env');
    // the environment wins over the file
    expect(appliedSecret(run).values).toEqual({ id: AWS_KEY_ID, key: AWS_SECRET_KEY });
    expectNowhereVisible(run, [AWS_KEY_ID, AWS_SECRET_KEY, 'AKIAFROMTHEFILE0001']);
  });

  test('never reads the AWS key that the shell exports for itself', () => {
    const own = { AWS_ACCESS_KEY_ID: 'AKIAADMINOWNKEY00001', AWS_SECRET_ACCESS_KEY: 'admin/own/secret' };
    fs.writeFileSync(envFile, `KFP_AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\nKFP_AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY}\n`);
    const fromFile = runScript(repo, 'create-aws-secret.sh', [], { cluster, env: own });
    expect(appliedSecret(fromFile).values).toEqual({ id: AWS_KEY_ID, key: AWS_SECRET_KEY });
    expectNowhereVisible(fromFile, Object.values(own));

    fs.rmSync(envFile);
    const none = runScript(repo, 'create-aws-secret.sh', [], { cluster, env: own });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('KFP_AWS_ACCESS_KEY_ID is not set: export it, or set it in aws-credentials.env (start from aws-credentials.env.example) (AWS_ACCESS_KEY_ID in your environment is not read');
    expect(none.calls).toEqual([]);
    expectNowhereVisible(none, Object.values(own));
  });

  test('the generated example, filled in, is a file the script reads', () => {
    const example = fs.readFileSync(`${envFile}.example`, 'utf-8');
    fs.writeFileSync(envFile, example.replace(/^KFP_AWS_ACCESS_KEY_ID=$/m, `KFP_AWS_ACCESS_KEY_ID=${AWS_KEY_ID}`).replace(/^KFP_AWS_SECRET_ACCESS_KEY=$/m, `KFP_AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY}`));
    const run = runScript(repo, 'create-aws-secret.sh', [], { cluster });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('KFP_AWS_ACCESS_KEY_ID: from aws-credentials.env');
    expect(run.stdout).toContain('KFP_AWS_SECRET_ACCESS_KEY: from aws-credentials.env');
  });
});

describe('create-mysql-secret.sh', () => {
  const credentials = (repo: string) => path.join(repo, 'mysql-credentials.env');
  const readCredentials = (repo: string) => Object.fromEntries(fs.readFileSync(credentials(repo), 'utf-8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  test('generates strong passwords into the gitignored file only, and applies them', () => {
    // GIVEN a repo under Git, with no MySQL Secret in the cluster
    const repo = synthToDisk({ namespace: 'ml', mysql: { secretName: 'db-creds' } });
    git(repo, 'init', '-q');

    // WHEN the script runs with nothing given
    const run = runScript(repo, 'create-mysql-secret.sh');

    // THEN it wrote the user and two random passwords to a private file
    expect(run.status).toBe(0);
    const values = readCredentials(repo);
    expect(values.KFP_MYSQL_USER).toBe('kfp');
    expect(values.KFP_MYSQL_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(values.KFP_MYSQL_ROOT_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(values.KFP_MYSQL_PASSWORD).not.toBe(values.KFP_MYSQL_ROOT_PASSWORD);
    expect(fs.statSync(credentials(repo)).mode.toString(8).slice(-3)).toBe('600');

    // AND applied them as the Secret the options name
    const secret = appliedSecret(run);
    expect(secret.metadata).toMatchObject({ name: 'db-creds', namespace: 'ml' });
    expect(secret.values).toEqual({ 'username': 'kfp', 'password': values.KFP_MYSQL_PASSWORD, 'root-password': values.KFP_MYSQL_ROOT_PASSWORD });

    // AND no password is printed, passed as an argument, or in any file Git would track
    expectNowhereVisible(run, [values.KFP_MYSQL_PASSWORD, values.KFP_MYSQL_ROOT_PASSWORD]);
    git(repo, 'add', '--all');
    const tracked = git(repo, 'ls-files', '-z').split('\0').filter(Boolean);
    expect(tracked).not.toContain('mysql-credentials.env');
    expect(tracked).toContain('mysql-credentials.env.example');
    for (const file of tracked) {
      const content = fs.readFileSync(path.join(repo, file), 'utf-8');
      expect(content).not.toContain(values.KFP_MYSQL_PASSWORD);
      expect(content).not.toContain(values.KFP_MYSQL_ROOT_PASSWORD);
    }
  });

  test('uses given values as they are and writes no file', () => {
    const repo = synthToDisk();
    const run = runScript(repo, 'create-mysql-secret.sh', [], {
      cluster: { context: 'c', namespaces: ['kubeflow'] },
      env: { KFP_MYSQL_USER: 'pipelines', KFP_MYSQL_PASSWORD: 'given-password', KFP_MYSQL_ROOT_PASSWORD: 'given-root' },
    });
    expect(run.status).toBe(0);
    expect(appliedSecret(run).values).toEqual({ 'username': 'pipelines', 'password': 'given-password', 'root-password': 'given-root' });
    expect(fs.existsSync(credentials(repo))).toBe(false);
  });

  test('writes given values that need quotes so that it reads them back unchanged, and says where each came from', () => {
    // GIVEN a password with spaces, a # and double quotes, and no root password
    const repo = synthToDisk();
    const password = 'two words #1 "quoted"';
    const first = runScript(repo, 'create-mysql-secret.sh', [], { env: { KFP_MYSQL_PASSWORD: password } });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('KFP_MYSQL_USER: not set, so the default user kfp');
    expect(first.stdout).toContain('KFP_MYSQL_PASSWORD: from the environment');
    expect(first.stdout).toContain('KFP_MYSQL_ROOT_PASSWORD: generated');
    expectNowhereVisible(first, [password]);

    // WHEN it runs again from the file it wrote, against the Secret it created
    const second = runScript(repo, 'create-mysql-secret.sh', [], { cluster: { context: 'c', namespaces: ['kubeflow'], secrets: ['mysql-secret'] } });

    // THEN it applies the same values
    expect(second.status).toBe(0);
    expect(appliedSecret(second).values).toEqual(appliedSecret(first).values);
    expect(appliedSecret(second).values.password).toBe(password);
    for (const name of ['KFP_MYSQL_USER', 'KFP_MYSQL_PASSWORD', 'KFP_MYSQL_ROOT_PASSWORD']) expect(second.stdout).toContain(`${name}: from mysql-credentials.env`);
  });

  test('refuses a file that still uses the names without the prefix, naming the new one', () => {
    const repo = synthToDisk();
    fs.writeFileSync(credentials(repo), 'MYSQL_USER=kfp\nMYSQL_PASSWORD=hidden-old-password\n');
    const run = runScript(repo, 'create-mysql-secret.sh');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('mysql-credentials.env, line 1: MYSQL_USER is now KFP_MYSQL_USER');
    expect(run.calls).toEqual([]);
    expectNowhereVisible(run, ['hidden-old-password']);
  });

  test('never generates new passwords for a Secret that exists, since MySQL keeps the first ones', () => {
    const repo = synthToDisk();
    const run = runScript(repo, 'create-mysql-secret.sh', [], { cluster: { context: 'c', namespaces: ['kubeflow'], secrets: ['mysql-secret'] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret mysql-secret exists, and MySQL keeps the passwords it first started with');
    expect(changes(run.calls)).toEqual([]);
    expect(fs.existsSync(credentials(repo))).toBe(false);
  });

  test('applies the values of the file again to an existing Secret, leaving the file as it was', () => {
    // GIVEN a first run that generated the file
    const repo = synthToDisk();
    expect(runScript(repo, 'create-mysql-secret.sh').status).toBe(0);
    const before = fs.readFileSync(credentials(repo), 'utf-8');

    // WHEN it runs again against the Secret it created
    const run = runScript(repo, 'create-mysql-secret.sh', [], { cluster: { context: 'c', namespaces: ['kubeflow'], secrets: ['mysql-secret'] } });

    // THEN it applies the same values and keeps the file
    expect(run.status).toBe(0);
    const values = readCredentials(repo);
    expect(appliedSecret(run).values.password).toBe(values.KFP_MYSQL_PASSWORD);
    expect(fs.readFileSync(credentials(repo), 'utf-8')).toBe(before);
  });

  test.each([
    ['root as the user', { KFP_MYSQL_USER: 'root' }, 'KFP_MYSQL_USER must not be root'],
    ['a user MySQL would have to quote', { KFP_MYSQL_USER: "o'brien" }, 'KFP_MYSQL_USER must be 1 to 32 letters, digits or underscores'],
    ['a password with a single quote', { KFP_MYSQL_PASSWORD: "it's" }, 'KFP_MYSQL_PASSWORD contains a single quote or a backslash'],
  ])('refuses %s before touching the cluster', (_, env, message) => {
    const repo = synthToDisk();
    const run = runScript(repo, 'create-mysql-secret.sh', [], { env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.calls).toEqual([]);
    expect(fs.existsSync(credentials(repo))).toBe(false);
  });
});

describe('create-mysql-secret.sh with an external database', () => {
  const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
  const repo = synthToDisk({ namespace: 'ml', externalDatabase: { host: RDS, secretName: 'rds-creds' } });
  const credentials = path.join(repo, 'mysql-credentials.env');
  afterEach(() => fs.rmSync(credentials, { force: true }));

  test('applies the given user and password, without a root password, and writes no file', () => {
    const run = runScript(repo, 'create-mysql-secret.sh', [], {
      cluster: { context: 'c', namespaces: ['ml'] },
      env: { KFP_MYSQL_USER: 'kfp_rds', KFP_MYSQL_PASSWORD: 'rds-password-1' },
    });
    expect(run.status).toBe(0);
    const secret = appliedSecret(run);
    expect(secret.metadata).toMatchObject({ name: 'rds-creds', namespace: 'ml' });
    expect(secret.values).toEqual({ username: 'kfp_rds', password: 'rds-password-1' });
    expect(fs.existsSync(credentials)).toBe(false);
    expectNowhereVisible(run, ['rds-password-1']);
  });

  test('reads the env file, whose example names only the user and the password', () => {
    const example = fs.readFileSync(`${credentials}.example`, 'utf-8');
    expect(example).toContain(RDS);
    expect(example).not.toContain('KFP_MYSQL_ROOT_PASSWORD');
    fs.writeFileSync(credentials, example.replace('KFP_MYSQL_PASSWORD=', 'KFP_MYSQL_PASSWORD=from-the-file'));
    const run = runScript(repo, 'create-mysql-secret.sh', [], { cluster: { context: 'c', namespaces: ['ml'] } });
    expect(run.status).toBe(0);
    expect(appliedSecret(run).values).toEqual({ username: 'kfp', password: 'from-the-file' });
  });

  test.each([
    ['the password', { KFP_MYSQL_USER: 'kfp' }, 'KFP_MYSQL_PASSWORD is not set'],
    ['the user', { KFP_MYSQL_PASSWORD: 'p' }, 'KFP_MYSQL_USER is not set'],
  ])('generates nothing: without %s it stops and changes nothing', (_, env, message) => {
    const run = runScript(repo, 'create-mysql-secret.sh', [], { cluster: { context: 'c', namespaces: ['ml'] }, env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(changes(run.calls)).toEqual([]);
    expect(fs.existsSync(credentials)).toBe(false);
  });

  test('says in its usage that the user must exist on the server', () => {
    const run = runScript(repo, 'create-mysql-secret.sh', ['-h']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`the user you created for KFP on ${RDS}`);
    expect(run.stdout).not.toContain('root-password');
  });
});

describe('the secret scripts of an additional install', () => {
  const readEnv = (file: string) => Object.fromEntries(fs.readFileSync(file, 'utf-8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  test('create-mysql-secret.sh generates the install\'s own passwords into its own gitignored file, for its namespace', () => {
    // GIVEN a repo under Git whose top-level install already has its credentials
    const repo = synthToDisk({ namespace: 'ml', additionalInstalls: [{ namespace: 'team-b', mysql: { secretName: 'team-b-db' } }] });
    git(repo, 'init', '-q');
    expect(runScript(repo, 'create-mysql-secret.sh').status).toBe(0);
    const top = readEnv(path.join(repo, 'mysql-credentials.env'));

    // WHEN the additional install's script runs
    const run = runScript(repo, 'installs/team-b/scripts/create-mysql-secret.sh');

    // THEN it generated other passwords into the install's folder and applied them to its namespace
    expect(run.status).toBe(0);
    const file = path.join(repo, 'installs/team-b/mysql-credentials.env');
    const values = readEnv(file);
    expect(values.KFP_MYSQL_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(values.KFP_MYSQL_PASSWORD).not.toBe(top.KFP_MYSQL_PASSWORD);
    expect(fs.statSync(file).mode.toString(8).slice(-3)).toBe('600');
    expect(appliedSecret(run).metadata).toMatchObject({ name: 'team-b-db', namespace: 'team-b' });
    git(repo, 'add', '--all');
    const tracked = git(repo, 'ls-files', '-z').split('\0').filter(Boolean);
    expect(tracked).not.toContain('installs/team-b/mysql-credentials.env');
    expect(tracked).toContain('installs/team-b/mysql-credentials.env.example');
  });

  test('create-aws-secret.sh reads the install\'s own env file and points to its example', () => {
    const repo = synthToDisk({ namespace: 'ml', additionalInstalls: [{ namespace: 'team-b' }] });
    const script = 'installs/team-b/scripts/create-aws-secret.sh';

    const missing = runScript(repo, script);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('set it in installs/team-b/aws-credentials.env (start from installs/team-b/aws-credentials.env.example)');
    expect(fs.existsSync(path.join(repo, 'installs/team-b/aws-credentials.env.example'))).toBe(true);

    fs.writeFileSync(path.join(repo, 'installs/team-b/aws-credentials.env'), `KFP_AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\nKFP_AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY}\n`);
    const run = runScript(repo, script, [], { cluster: { context: 'c', namespaces: ['team-b'] } });
    expect(run.status).toBe(0);
    expect(appliedSecret(run).metadata).toMatchObject({ name: 'ml-pipeline-aws-secret', namespace: 'team-b' });
    expect(appliedSecret(run).values).toEqual({ accesskey: AWS_KEY_ID, secretkey: AWS_SECRET_KEY });
  });
});

describe.each(releasesWhere((r) => r.uiSigningKey))('create-ui-secret.sh of KFP %s, whose UI signs with a key', (kfpVersion) => {
  const repo = synthToDisk({ kfpVersion, namespace: 'team-ml' });
  const cluster = { context: 'prod', namespaces: ['team-ml'] };

  test('applies a random 192-bit key, different each time and never shown, where none exists', () => {
    const first = runScript(repo, 'create-ui-secret.sh', [], { cluster });
    const second = runScript(repo, 'create-ui-secret.sh', [], { cluster });
    expect(first.status).toBe(0);
    const secret = appliedSecret(first);
    expect(secret.metadata).toMatchObject({ name: 'ml-pipeline-ui-secret', namespace: 'team-ml' });
    const key = secret.values['tensorboard-proxy-signing-key'];
    expect(key).toMatch(/^[0-9a-f]{48}$/);
    expect(appliedSecret(second).values['tensorboard-proxy-signing-key']).not.toBe(key);
    expectNowhereVisible(first, [key]);
    // Written nowhere but the cluster.
    const found = spawnSync('grep', ['-rl', key, repo], { encoding: 'utf-8' });
    expect([found.status, found.stdout]).toEqual([1, '']);
  });

  test('leaves an existing Secret as it is, and replaces its key with --rotate', () => {
    const existing = { ...cluster, secrets: ['ml-pipeline-ui-secret'] };
    const kept = runScript(repo, 'create-ui-secret.sh', [], { cluster: existing });
    expect(kept.status).toBe(0);
    expect(changes(kept.calls)).toEqual([]);
    expect(kept.stdout).toContain('Secret ml-pipeline-ui-secret exists: its key stays (--rotate replaces it)');
    const rotated = runScript(repo, 'create-ui-secret.sh', ['--rotate'], { cluster: existing });
    expect(rotated.status).toBe(0);
    expect(appliedSecret(rotated).values['tensorboard-proxy-signing-key']).toMatch(/^[0-9a-f]{48}$/);
    expect(rotated.stdout).toContain('kubectl -n team-ml rollout restart deployment ml-pipeline-ui');
  });

  test('rejects an unknown argument with its usage, and changes nothing', () => {
    const run = runScript(repo, 'create-ui-secret.sh', ['--force'], { cluster });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: scripts/create-ui-secret.sh [--rotate] [-h]');
    expect(run.calls).toEqual([]);
  });
});
