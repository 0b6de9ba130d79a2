import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { HAS_SHELLCHECK, runScript } from './kubectl-stub';
import { CacheWebhook, IamMechanism } from '../../src';
import { KfpRelease } from '../../src/catalog';
import { INSTALL_SCRIPTS, SCRIPTS } from '../../src/ops/paths';
import { allReleases, defaultRelease, synthToDisk, TestOptions } from '../util';

/** The UI Secret's script, which only a release whose UI signs with a key has. */
const UI_SECRET_SCRIPT = path.basename(SCRIPTS.createUiSecret);
/** The Pod Identity associations' script, which only that mechanism has (tests in pod-identity.test.ts). */
const ASSOCIATIONS_SCRIPT = path.basename(SCRIPTS.createAssociations);
/** The OIDC Secret's script, which only `uiLoadBalancer.oidc` adds (tests in oidc-secret.test.ts). */
const OIDC_SECRET_SCRIPT = path.basename(SCRIPTS.createOidcSecret);
/** The scripts a repo of `release` has with the default options. */
const scriptsOf = (release: KfpRelease) => Object.values(SCRIPTS).map((p) => path.basename(p))
  .filter((name) => (name !== UI_SECRET_SCRIPT || release.uiSigningKey) && name !== ASSOCIATIONS_SCRIPT && name !== OIDC_SECRET_SCRIPT);
/** The scripts of a repo of the default release. */
const NAMES = scriptsOf(defaultRelease());
/** Scripts that take no argument but `-h`. */
const WITHOUT_ARGUMENTS = ['create-aws-secret.sh', 'create-mysql-secret.sh', 'render.sh', 'validate.sh', 'doctor.sh'];

/** Option sets that change what the scripts say: each release's defaults, other names everywhere, kube2iam, no CI. */
const CONFIGS: Record<string, TestOptions> = {
  ...Object.fromEntries(allReleases().map(([kfpVersion]) => [`KFP ${kfpVersion} defaults`, { kfpVersion }])),
  custom: {
    bucket: 'acme-kfp',
    namespace: 'team-ml',
    accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' },
    mysql: { secretName: 'db-creds' },
    iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' },
    deploymentCi: false,
  },
  externalDatabase: {
    bucket: 'acme-kfp',
    externalDatabase: { host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com', tlsCaConfigMap: 'rds-ca' },
  },
  installs: {
    bucket: 'acme-kfp',
    additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c', bucket: 'team-c-kfp', iam: { roleArn: 'arn:aws:iam::123456789012:role/c' } }],
  },
  uiLoadBalancer: {
    bucket: 'acme-kfp',
    uiLoadBalancer: {
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
      oidc: {
        issuer: 'https://idp.example.com',
        authorizationEndpoint: 'https://idp.example.com/authorize',
        tokenEndpoint: 'https://idp.example.com/token',
        userInfoEndpoint: 'https://idp.example.com/userinfo',
      },
    },
  },
  podIdentity: {
    bucket: 'acme-kfp',
    iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: 'arn:aws:iam::123456789012:role/kfp', clusterName: 'ml-prod' },
    additionalInstalls: [{ namespace: 'team-b' }],
  },
  // every check of doctor.sh: IRSA roles and provider, cert-manager, an external MySQL with TLS next to an in-cluster one
  irsaWithCache: {
    bucket: 'acme-kfp',
    iam: { roleArn: 'arn:aws:iam::123456789012:role/kfp', oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE' },
    cacheWebhook: CacheWebhook.CERT_MANAGER,
    additionalInstalls: [{ namespace: 'team-b', externalDatabase: { host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com', tlsCaConfigMap: 'rds-ca' } }],
  },
  // doctor.sh's node check and kube2iam's default role
  kube2iamReleased: {
    kfpVersion: '0.2.3',
    bucket: 'acme-kfp',
    iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'arn:aws:iam::123456789012:role/kfp', nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes' },
  },
  secretsManager: {
    bucket: 'acme-kfp',
    secretsManager: { mysql: { secretId: 'kfp/mysql' }, accessKey: { secretId: 'kfp/aws' }, uiSigningKey: { secretId: 'kfp/ui' } },
    additionalInstalls: [{ namespace: 'team-b', secretsManager: { accessKey: { secretId: 'b/aws' } } }],
  },
};

/** The scripts an additional install of the default release has in its own folder. */
const INSTALL_NAMES = INSTALL_SCRIPTS.map((role) => path.basename(SCRIPTS[role])).filter((name) => NAMES.includes(name));

test.each(allReleases())('scripts/ of KFP %s has every script of the release, executable, strict and marked as generated', (kfpVersion, release) => {
  const repo = synthToDisk({ kfpVersion, bucket: 'acme-kfp' });
  const names = scriptsOf(release);
  expect(fs.readdirSync(path.join(repo, 'scripts')).sort()).toEqual([...names].sort());
  expect(names.length).toBeGreaterThanOrEqual(4);
  for (const name of names) {
    const file = path.join(repo, 'scripts', name);
    expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
    const [shebang, marker, , strict] = fs.readFileSync(file, 'utf-8').split('\n');
    expect(shebang).toBe('#!/usr/bin/env bash');
    expect(marker).toMatch(/^# ~~ Generated by projen/);
    expect(strict).toBe('set -euo pipefail');
  }
});

test('KFP 2.17.0 has the UI Secret\'s script, 0.2.3 not', () => {
  expect(fs.readdirSync(path.join(synthToDisk({ kfpVersion: '2.17.0' }), 'scripts'))).toContain(UI_SECRET_SCRIPT);
  expect(fs.readdirSync(path.join(synthToDisk({ kfpVersion: '0.2.3' }), 'scripts'))).not.toContain(UI_SECRET_SCRIPT);
});

describe('scripts/ (default release)', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp' });

  test.each(NAMES)('%s prints its usage with -h, from any folder, without calling kubectl', (name) => {
    const run = runScript(repo, name, ['-h'], { cluster: {} });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: scripts/${name.replace('.', '\\.')}`));
    expect(run.calls).toEqual([]);
  });

  test.each(WITHOUT_ARGUMENTS)('%s rejects an argument with its usage', (name) => {
    const run = runScript(repo, name, ['extra']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unexpected argument: extra');
    expect(run.stderr).toContain(`Usage: scripts/${name}`);
  });

  test.each(NAMES)('%s says that kubectl is missing', (name) => {
    const run = runScript(repo, name, [], { noKubectl: true, env: { KFP_AWS_ACCESS_KEY_ID: 'AKIAX', KFP_AWS_SECRET_ACCESS_KEY: 'x' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`scripts/${name}: error: kubectl is not on PATH`);
  });
});

describe('installs/<namespace>/scripts/', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', additionalInstalls: [{ namespace: 'team-b' }] });

  test('has the scripts that operate one install, executable and marked as generated; render and validate stay in scripts/', () => {
    expect(fs.readdirSync(path.join(repo, 'installs/team-b/scripts')).sort()).toEqual([...INSTALL_NAMES].sort());
    for (const name of INSTALL_NAMES) {
      const file = path.join(repo, 'installs/team-b/scripts', name);
      expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
      expect(fs.readFileSync(file, 'utf-8').split('\n')[1]).toMatch(/^# ~~ Generated by projen/);
    }
  });

  test.each(INSTALL_NAMES)('%s prints a usage that names it and the install\'s namespace', (name) => {
    const run = runScript(repo, `installs/team-b/scripts/${name}`, ['-h'], { cluster: {} });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: installs/team-b/scripts/${name.replace('.', '\\.')}`));
    expect(run.stdout).toContain('team-b');
    expect(run.calls).toEqual([]);
  });
});

describe('shellcheck', () => {
  if (!HAS_SHELLCHECK) {
    // CI installs shellcheck (.ci/run); a machine without it says so instead of passing quietly.
    test.skip('shellcheck is not on PATH: the scripts were not checked', () => undefined);
    return;
  }
  test.each(Object.keys(CONFIGS))('finds nothing in the scripts of the %s options', (config) => {
    const repo = synthToDisk(CONFIGS[config]);
    const scripts = [
      ...fs.readdirSync(path.join(repo, 'scripts')).map((n) => `scripts/${n}`),
      ...(CONFIGS[config].additionalInstalls ?? []).flatMap((i) => fs.readdirSync(path.join(repo, 'installs', i.namespace!, 'scripts'))
        .map((n) => `installs/${i.namespace}/scripts/${n}`)),
    ];
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    const result = spawnSync('shellcheck', ['--severity=style', '--external-sources', ...scripts], { cwd: repo, encoding: 'utf-8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
