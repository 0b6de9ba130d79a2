import { changes, Cluster, KubectlCall, runScript, ScriptRun } from './kubectl-stub';
import { CacheWebhook } from '../../src';
import { defaultRelease, releasesWhere, synthToDisk } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const commands = (calls: readonly KubectlCall[]) => calls.map((c) => c.args.join(' '));
/** Whether any call names `crds`, the shared folder, or a CRD. */
const touchesCrds = (run: ScriptRun) => run.calls.some(({ args }) => args.some((a) => a === 'crds' || a.startsWith('customresourcedefinition')));

describe('install.sh (default release)', () => {
  const release = defaultRelease();
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE } });
  const ready: Cluster = { context: 'prod', namespaces: ['ml'], secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] };

  test('applies crds/, waits until its CRDs are established, then the overlay, then waits for the rollout', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: ready });

    expect(run.status).toBe(0);
    const [crdWait] = run.calls.filter((c) => c.args[0] === 'wait');
    expect(crdWait.args.slice(0, 3)).toEqual(['wait', '--for', 'condition=established']);
    expect(crdWait.args).toContain('customresourcedefinition/workflows.argoproj.io');
    expect(crdWait.args).toContain('customresourcedefinition/scheduledworkflows.kubeflow.org');
    expect(commands(run.calls).filter((c) => /^(apply|wait|-n ml wait)/.test(c))).toEqual([
      'apply -k crds',
      crdWait.args.join(' '),
      'apply -k overlay/iam',
      '-n ml wait --for condition=Available --timeout=10m deployment --all',
    ]);
    expect(run.stdout).toContain('cluster: prod, namespace: ml');
  });

  test('installs the variant it is given', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { ...ready, secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/accesskey']);
  });

  test('names every missing Secret and the script that creates it, and changes nothing', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { context: 'prod' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret mysql-secret is missing in namespace ml: create it with scripts/create-mysql-secret.sh');
    expect(run.stderr).toContain('Secret ml-pipeline-aws-secret is missing in namespace ml: create it with scripts/create-aws-secret.sh');
    // The UI's Secret, where the release's UI signs with a key.
    expect(run.stderr.includes('Secret ml-pipeline-ui-secret is missing in namespace ml: create it with scripts/create-ui-secret.sh')).toBe(release.uiSigningKey);
    expect(changes(run.calls)).toEqual([]);
  });

  test('with the cache webhook, refuses to change anything while cert-manager\'s CRDs are missing', () => {
    const withCache = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE }, cacheWebhook: CacheWebhook.CERT_MANAGER });
    const refused = runScript(withCache, 'install.sh', [], { cluster: { ...ready, customresourcedefinitions: ['issuers.cert-manager.io'] } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CRD certificates.cert-manager.io is missing: install cert-manager (https://cert-manager.io/docs/installation/)');
    expect(refused.stderr).not.toContain('CRD issuers.cert-manager.io is missing');
    expect(changes(refused.calls)).toEqual([]);
    const installed = runScript(withCache, 'install.sh', [], {
      cluster: { ...ready, customresourcedefinitions: ['issuers.cert-manager.io', 'certificates.cert-manager.io'] },
    });
    expect(installed.status).toBe(0);
    expect(commands(changes(installed.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam']);
    // Without the cache webhook nothing asks for cert-manager.
    expect(commands(runScript(repo, 'install.sh', [], { cluster: ready }).calls).filter((c) => c.includes('cert-manager'))).toEqual([]);
  });

  test('does not ask for the AWS Secret for the iam variant', () => {
    const run = runScript(repo, 'install.sh', ['iam'], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).not.toContain('-n ml get secret ml-pipeline-aws-secret --ignore-not-found -o name');
  });

  test.each([
    ['an unknown variant', ['irsa'], 2, "unknown variant 'irsa': choose one of accesskey iam"],
    ['an unknown option', ['--force'], 2, 'unknown option: --force'],
  ])('rejects %s with its usage', (_, args, status, message) => {
    const run = runScript(repo, 'install.sh', args, { cluster: ready });
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: scripts/install.sh [accesskey|iam]');
    expect(run.calls).toEqual([]);
  });

  test('stops with a clear message when kubectl has no context', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: {} });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl has no current context; choose the cluster with `kubectl config use-context NAME`');
    expect(commands(run.calls)).toEqual(['config current-context']);
  });

  test('refuses the placeholders, which no cluster can use', () => {
    const placeholders = synthToDisk();
    const bucket = runScript(placeholders, 'install.sh', ['accesskey'], { cluster: ready });
    expect(bucket.status).toBe(1);
    expect(bucket.stderr).toContain('bucket is still the placeholder change-me-kfp-artifacts');

    const role = runScript(synthToDisk({ bucket: 'acme-kfp' }), 'install.sh', ['iam'], { cluster: ready });
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('overlay/iam still uses the placeholder role');
    expect(role.calls).toEqual([]);
  });

  test('refuses the placeholder while any consumer still uses it, and installs once every consumer has a role', () => {
    // GIVEN roles for some consumers only: the others still use the placeholder iam.roleArn
    const partly = synthToDisk({ bucket: 'acme-kfp', iam: { roleArns: { apiServer: ROLE, ui: ROLE } } });
    const refused = runScript(partly, 'install.sh', ['iam'], { cluster: ready });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('overlay/iam still uses the placeholder role arn:aws:iam::111122223333:role/change-me-kfp-s3-access');
    expect(refused.calls).toEqual([]);
    expect(commands(runScript(partly, 'install.sh', [], {
      cluster: { context: 'c', secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] },
    }).calls)).toContain('apply -k overlay/accesskey');

    // GIVEN a role for every consumer and none shared
    const roleArns = Object.fromEntries(release.s3Consumers.map((c) => [c, `arn:aws:iam::123456789012:role/kfp-${c}`]));
    const run = runScript(synthToDisk({ bucket: 'acme-kfp', iam: { roleArns } }), 'install.sh', [], { cluster: { context: 'c', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('apply -k overlay/iam');
  });

  test('defaults to accesskey while the role is the placeholder', () => {
    const run = runScript(synthToDisk({ bucket: 'acme-kfp' }), 'install.sh', [], {
      cluster: { context: 'c', secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] },
    });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('apply -k overlay/accesskey');
  });
});

describe.each(releasesWhere((r) => r.mysql.tls))('install.sh of KFP %s with an external database', (kfpVersion) => {
  const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
  const withTls = synthToDisk({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE }, externalDatabase: { host: RDS, tlsCaConfigMap: 'rds-ca' } });

  test('with TLS, names the missing CA ConfigMap and where the README says how to create it, and changes nothing', () => {
    const run = runScript(withTls, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ConfigMap rds-ca is missing in namespace ml: create it from the CA bundle of the database server (README.md, "The database")');
    expect(run.stderr).not.toContain('Secret mysql-secret is missing');
    expect(changes(run.calls)).toEqual([]);
  });

  test('with TLS, installs once the CA ConfigMap and the Secret exist', () => {
    const run = runScript(withTls, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], configmaps: ['rds-ca'] } });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam']);
  });

  test('without TLS, asks for no ConfigMap', () => {
    const repo = synthToDisk({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE }, externalDatabase: { host: RDS } });
    const run = runScript(repo, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => c.includes('configmap'))).toEqual([]);
  });

  test('uninstall says the databases on the server stay, and the in-cluster install says its volume goes', () => {
    const external = runScript(withTls, 'uninstall.sh', ['--dry-run']);
    expect(external.stdout).toContain(`the Secrets and ConfigMap rds-ca included; the databases on ${RDS} (every pipeline, run and metadata) stay`);
    expect(external.stdout).not.toContain('MySQL volume');
    const inCluster = runScript(synthToDisk({ kfpVersion, bucket: 'acme-kfp', iam: { roleArn: ROLE } }), 'uninstall.sh', ['--dry-run']);
    expect(inCluster.stdout).toContain('the MySQL volume (every pipeline, run and metadata) and the Secrets included');
  });
});

describe('uninstall.sh', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE } });
  const deletes = (run: ScriptRun) => commands(run.calls.filter((c) => c.args[0] === 'delete'));

  test('without --yes and without a terminal, refuses and deletes nothing', () => {
    const run = runScript(repo, 'uninstall.sh', [], { input: 'ml\n' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nobody can confirm (standard input is not a terminal), so nothing was deleted');
    expect(deletes(run)).toEqual([]);
  });

  test('the same with --include-crds', () => {
    const run = runScript(repo, 'uninstall.sh', ['--include-crds']);
    expect(run.status).toBe(1);
    expect(deletes(run)).toEqual([]);
  });

  test.each([
    ['no answer', ''],
    ['another answer', 'yes\n'],
  ])('on a terminal, deletes nothing on %s', (_, input) => {
    const run = runScript(repo, 'uninstall.sh', [], { terminal: true, input });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('Type the namespace (ml) to delete:');
    expect(deletes(run)).toEqual([]);
  });

  test('on a terminal, deletes the install once the namespace is typed, and keeps crds/', () => {
    const run = runScript(repo, 'uninstall.sh', [], { terminal: true, input: 'ml\n' });
    expect(run.status).toBe(0);
    expect(deletes(run)).toEqual(['delete --ignore-not-found -k overlay/iam']);
    expect(touchesCrds(run)).toBe(false);
  });

  test('with --yes, deletes the install, never crds/', () => {
    const run = runScript(repo, 'uninstall.sh', ['accesskey', '--yes']);
    expect(run.status).toBe(0);
    expect(deletes(run)).toEqual(['delete --ignore-not-found -k overlay/accesskey']);
    expect(touchesCrds(run)).toBe(false);
    expect(run.stdout).toContain('crds/ stays (shared by every install in the cluster; --include-crds deletes it)');
    expect(run.stderr).not.toContain('WARNING');
  });

  test('with --include-crds, warns that other installs share crds/, then deletes it last', () => {
    const run = runScript(repo, 'uninstall.sh', ['--include-crds', '--yes']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^WARNING: crds\/ holds objects that every Kubeflow Pipelines install in this cluster shares, in any namespace/m);
    expect(deletes(run).at(-1)).toBe('delete --ignore-not-found -k crds');
  });

  test('--dry-run only lists, needs no confirmation and deletes nothing', () => {
    const run = runScript(repo, 'uninstall.sh', ['--dry-run', '--include-crds']);
    expect(run.status).toBe(0);
    const all = run.calls.filter((c) => c.args[0] === 'delete');
    expect(all).toHaveLength(2);
    for (const call of all) expect(call.args).toContain('--dry-run=client');
    expect(changes(run.calls)).toEqual([]);
    expect(run.stdout).toContain('dry run: nothing was deleted');
  });

  test('stops before any deletion when kubectl has no context', () => {
    const run = runScript(repo, 'uninstall.sh', ['--yes'], { cluster: {} });
    expect(run.status).toBe(1);
    expect(deletes(run)).toEqual([]);
  });
});

describe('diff.sh', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', iam: { roleArn: ROLE } });

  test.each([
    ['no differences', 0, 'overlay/iam: no differences'],
    ['differences', 1, 'overlay/iam: differences above'],
  ])('compares crds/ and the overlay and succeeds with %s', (_, diffStatus, message) => {
    const run = runScript(repo, 'diff.sh', [], { cluster: { context: 'c', diffStatus } });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toEqual(['config current-context', 'diff -k crds', 'diff -k overlay/iam']);
    expect(run.stdout).toContain(message);
  });

  test('fails when kubectl cannot compare', () => {
    const run = runScript(repo, 'diff.sh', ['accesskey'], { cluster: { context: 'c', diffStatus: 2 } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl diff -k crds failed (exit 2)');
  });
});

describe('the scripts of an additional install', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE }, additionalInstalls: [{ namespace: 'team-b' }] });
  const script = (name: string) => `installs/team-b/scripts/${name}`;
  const ready: Cluster = { context: 'prod', namespaces: ['ml', 'team-b'], secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] };

  test('install.sh applies the shared crds/, then the install\'s own overlay, and waits in its namespace', () => {
    const run = runScript(repo, script('install.sh'), [], { cluster: ready });

    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('-n team-b get secret mysql-secret --ignore-not-found -o name');
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k installs/team-b/overlay/iam']);
    expect(commands(run.calls)).toContain('-n team-b wait --for condition=Available --timeout=10m deployment --all');
    expect(run.calls.some(({ args }) => args.includes('ml') || args.includes('overlay/iam'))).toBe(false);
    expect(run.stdout).toContain('cluster: prod, namespace: team-b');
    expect(run.stdout).toContain('kubectl -n team-b port-forward svc/ml-pipeline-ui 8080:80');
  });

  test('install.sh names the install\'s own scripts and task for a missing Secret', () => {
    const run = runScript(repo, script('install.sh'), ['accesskey'], { cluster: { context: 'prod' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret mysql-secret is missing in namespace team-b: create it with installs/team-b/scripts/create-mysql-secret.sh');
    expect(run.stderr).toContain('Secret ml-pipeline-aws-secret is missing in namespace team-b: create it with installs/team-b/scripts/create-aws-secret.sh');
    expect(run.stderr).toContain('npx projen create-secrets:team-b');
    expect(changes(run.calls)).toEqual([]);
  });

  test('uninstall.sh deletes only this install, never crds/', () => {
    const run = runScript(repo, script('uninstall.sh'), ['--yes']);
    expect(run.status).toBe(0);
    expect(commands(run.calls.filter((c) => c.args[0] === 'delete'))).toEqual(['delete --ignore-not-found -k installs/team-b/overlay/iam']);
    expect(touchesCrds(run)).toBe(false);
  });

  test('uninstall.sh asks for this install\'s namespace', () => {
    const run = runScript(repo, script('uninstall.sh'), [], { terminal: true, input: 'ml\n' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('Type the namespace (team-b) to delete:');
    expect(changes(run.calls)).toEqual([]);
  });

  test('diff.sh compares crds/ and the install\'s own overlay', () => {
    const run = runScript(repo, script('diff.sh'), ['accesskey'], { cluster: { context: 'c' } });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toEqual(['config current-context', 'diff -k crds', 'diff -k installs/team-b/overlay/accesskey']);
  });

  test('the top-level install\'s scripts still operate the top-level install', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam']);
  });
});

describe('install.sh of KFP 0.2.3 with kube2iam', () => {
  const repo = synthToDisk({ kfpVersion: '0.2.3', bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: 'kfp-s3', roleArns: { pipelineRunner: 'kfp-steps' } } });
  const ready: Cluster = { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-aws-secret'] };
  /** kube2iam's DaemonSet as `kubectl get daemonsets -o jsonpath` prints it: image, command, args. */
  const kube2iam = (args: string) => `docker.io/jtblin/kube2iam:0.11.2  ["--host-interface=eni+",${args}]\n`;

  test('refuses overlay/iam while kube2iam does not run, or runs without a default role for the pipeline steps', () => {
    const none = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: 'registry.k8s.io/kube-proxy:v1.32.0  []\n' } });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('kube2iam runs in no DaemonSet of this cluster');
    expect(changes(none.calls)).toEqual([]);

    const noDefault = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--iptables=true"') } });
    expect(noDefault.status).toBe(1);
    expect(noDefault.stderr).toContain('kube2iam runs without --default-role, so pipeline steps, which Argo 2.3 cannot annotate, get no AWS credentials: run it with --default-role=kfp-steps');
    expect(changes(noDefault.calls)).toEqual([]);
  });

  test('installs overlay/iam when kube2iam\'s default role is the steps\' role, and warns when it is another', () => {
    const same = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--default-role=arn:aws:iam::123456789012:role/kfp-steps"') } });
    expect(same.status).toBe(0);
    expect(same.stdout).not.toContain('warning');
    expect(commands(changes(same.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam']);

    const other = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--default-role","node-default"') } });
    expect(other.status).toBe(0);
    expect(other.stdout).toContain("warning: kube2iam's default role is node-default, not the pipeline steps' role kfp-steps");
  });

  test('does not look for kube2iam for overlay/accesskey', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => c.includes('daemonsets'))).toEqual([]);
  });
});

test('install.sh of KFP 2.17.0 names the missing UI Secret, and its consumers of S3 each need a role', () => {
  const repo = synthToDisk({ kfpVersion: '2.17.0', bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE } });
  const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { context: 'prod' } });
  expect(run.stderr).toContain('Secret ml-pipeline-ui-secret is missing in namespace ml: create it with scripts/create-ui-secret.sh');
  const consumers = ['apiServer', 'ui', 'workflowController', 'pipelineRunner', 'viewer'];
  const roleArns = Object.fromEntries(consumers.map((c) => [c, `arn:aws:iam::123456789012:role/kfp-${c}`]));
  const installed = runScript(synthToDisk({ kfpVersion: '2.17.0', bucket: 'acme-kfp', iam: { roleArns } }), 'install.sh', [], { cluster: { context: 'c', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
  expect(installed.status).toBe(0);
  expect(commands(installed.calls)).toContain('apply -k overlay/iam');
});
