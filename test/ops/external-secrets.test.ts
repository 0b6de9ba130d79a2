import * as fs from 'fs';
import * as path from 'path';
import { changes, Cluster, KubeObject, runScript } from './kubectl-stub';
import { readTree, synthFiles, synthToDisk } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const SECRETS_ROLE = 'arn:aws:iam::123456789012:role/kfp-secrets';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
const ESO_CRDS = ['externalsecrets.external-secrets.io', 'secretstores.external-secrets.io'];
const storage: KubeObject[] = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ebs.csi.aws.com' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com' }, spec: {} },
];
const commands = (run: { calls: Array<{ args: string[] }> }) => run.calls.map((c) => c.args.join(' '));

describe('scripts with secretsManager', () => {
  const options = {
    bucket: 'acme-kfp',
    namespace: 'ml',
    iam: { roleArn: ROLE, oidcProvider: OIDC },
    secretsManager: { roleArn: SECRETS_ROLE, mysql: { secretId: 'kfp/mysql' }, accessKey: { secretId: 'kfp/aws' } },
  };
  const repo = synthToDisk(options);
  // Only the UI's Secret is the user's: ESO creates the others.
  const ready: Cluster = { context: 'prod', objects: storage, namespaces: ['ml'], secrets: ['ml-pipeline-ui-secret'], customresourcedefinitions: ESO_CRDS };

  test('no script, env example or create-secrets step for a Secret ESO creates', () => {
    const files = Object.keys(readTree(repo));
    expect(files.filter((f) => /^scripts\/create-|\.env\.example$/.test(f))).toEqual(['scripts/create-ui-secret.sh']);
    const tasks = synthFiles(options)['.projen/tasks.json'].tasks;
    expect(tasks['create-secrets'].steps).toEqual([{ exec: 'scripts/create-ui-secret.sh' }]);
    expect(tasks['create-secrets'].description).toContain('the External Secrets Operator creates the others');
  });

  test('deploy does not ask for the Secrets ESO creates, applies, then waits until ESO has created them', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: ready });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const applied = commands(run).filter((c) => /^(apply -k|-n ml wait)/.test(c));
    expect(applied).toEqual([
      'apply -k crds',
      'apply -k overlay/accesskey',
      '-n ml wait --for=condition=Ready --timeout=2m externalsecret/mysql-secret',
      '-n ml wait --for=condition=Ready --timeout=2m externalsecret/ml-pipeline-aws-secret',
      '-n ml wait --for condition=Available --timeout=10m deployment --all',
    ]);
    // The IAM overlay's pods read no access key: its ExternalSecret is not awaited there.
    expect(commands(runScript(repo, 'install.sh', ['iam'], { cluster: ready })).filter((c) => c.includes('externalsecret/'))).toEqual([
      '-n ml wait --for=condition=Ready --timeout=2m externalsecret/mysql-secret',
    ]);
  });

  test('changes nothing while ESO is not installed, and names the Secret it still needs', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { ...ready, customresourcedefinitions: [], secrets: [] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CRD externalsecrets.external-secrets.io is missing: install the External Secrets Operator (v0.16.0 or later)');
    expect(run.stderr).toContain('Secret ml-pipeline-ui-secret is missing in namespace ml: create it with scripts/create-ui-secret.sh');
    expect(run.stderr).not.toContain('Secret mysql-secret is missing');
    expect(run.stderr).not.toContain('Secret ml-pipeline-aws-secret is missing');
    expect(changes(run.calls)).toEqual([]);
  });

  test('stops with ESO\'s message when an ExternalSecret does not become Ready', () => {
    const status: KubeObject = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'mysql-secret', namespace: 'ml' },
      status: { conditions: [{ type: 'Ready', status: 'False', message: 'could not get secret data from provider' }] },
    };
    const run = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, objects: [...storage, status], externalSecretsNotReady: true } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ExternalSecret mysql-secret is not Ready: could not get secret data from provider');
    expect(run.stderr).toContain(`the External Secrets Operator did not create Secret mysql-secret: check that its secret exists in Secrets Manager with the properties secretsManager names, and that role ${SECRETS_ROLE} exists`);
    expect(commands(run).some((c) => c.includes('condition=Available'))).toBe(false);
  });

  test('refuses while secretsManager.roleArn is the placeholder', () => {
    const placeholder = synthToDisk({ ...options, secretsManager: { mysql: { secretId: 'kfp/mysql' } } });
    const run = runScript(placeholder, 'install.sh', ['iam'], { cluster: { ...ready, secrets: ['ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('secretsManager.roleArn is still the placeholder arn:aws:iam::111122223333:role/change-me-kfp-secrets');
    expect(changes(run.calls)).toEqual([]);
    expect(fs.existsSync(path.join(placeholder, 'iam/change-me-kfp-secrets.policy.json'))).toBe(true);
  });
});
