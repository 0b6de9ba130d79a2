import * as fs from 'fs';
import * as path from 'path';
import { changes, Cluster, KubeObject, runScript, ScriptRun } from './kubectl-stub';
import { IamMechanism } from '../../src';
import { synthToDisk, tempDir, TestOptions } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const UI_ROLE = 'arn:aws:iam::123456789012:role/kfp-ui';
const OPTIONS: TestOptions = {
  bucket: 'acme-kfp',
  namespace: 'ml',
  iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE, roleArns: { ui: UI_ROLE }, clusterName: 'ml-prod' },
};
/** The ServiceAccounts that get an association in KFP 2.17.0, with their roles; the viewer's gets none. */
const EXPECTED = { 'ml-pipeline': ROLE, 'ml-pipeline-ui': UI_ROLE, 'argo': ROLE, 'pipeline-runner': ROLE };

/**
 * A stand-in for the AWS CLI's `eks` Pod Identity commands: it records each call, and keeps the associations of the
 * cluster as files `<state>/<namespace>/<ServiceAccount>` holding `<id> <role>`.
 */
const AWS_STUB = `#!/usr/bin/env bash
set -euo pipefail
state=$AWS_STUB_STATE
printf '%s\\n' "$*" >>"$state/calls"
declare -A opt=()
command=$2
shift 2
while [[ $# -gt 0 ]]; do opt[$1]=$2; shift 2; done
[[ "\${opt[--cluster-name]}" == ml-prod ]] || { echo "ResourceNotFoundException: No cluster found for name: \${opt[--cluster-name]}" >&2; exit 254; }
case "$command" in
  list-pod-identity-associations)
    file=$state/\${opt[--namespace]}/\${opt[--service-account]}
    if [[ -f "$file" ]]; then cut -d' ' -f1 "$file"; else echo None; fi ;;
  describe-pod-identity-association)
    grep -rh "^\${opt[--association-id]} " "$state" --include='*' | cut -d' ' -f2 ;;
  create-pod-identity-association)
    mkdir -p "$state/\${opt[--namespace]}"
    file=$state/\${opt[--namespace]}/\${opt[--service-account]}
    [[ ! -f "$file" ]] || { echo "ResourceInUseException: Association already exists" >&2; exit 254; }
    echo "a-\${opt[--service-account]} \${opt[--role-arn]}" >"$file"
    echo "a-\${opt[--service-account]}" ;;
  update-pod-identity-association)
    file=$(grep -rl "^\${opt[--association-id]} " "$state" --include='*' | head -n 1)
    echo "\${opt[--association-id]} \${opt[--role-arn]}" >"$file"
    echo "\${opt[--association-id]}" ;;
  *) echo "aws stand-in: unexpected command $command" >&2; exit 2 ;;
esac
`;

/** A default StorageClass and the EBS CSI driver, which MySQL's volume needs before install.sh applies anything. */
const STORAGE: KubeObject[] = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ebs.csi.aws.com' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com' } },
];

/** The cluster's associations before the run, by ServiceAccount, as `<id> <role>`. */
type Associations = Record<string, string>;

interface AwsRun extends ScriptRun {
  /** The AWS CLI calls, one line each. */
  readonly aws: string[];
  /** The associations after the run, by ServiceAccount: their role. */
  readonly associations: Record<string, string>;
}

/** Runs `script` of `repo` with the kubectl and AWS CLI stand-ins; `aws: false` leaves the AWS CLI off PATH. */
function run(repo: string, script: string, args: string[], options: { associations?: Associations; cluster?: Cluster; aws?: boolean } = {}): AwsRun {
  const state = tempDir();
  const bin = tempDir();
  fs.mkdirSync(path.join(state, 'ml'));
  for (const [account, value] of Object.entries(options.associations ?? {})) fs.writeFileSync(path.join(state, 'ml', account), `${value}\n`);
  if (options.aws !== false) fs.writeFileSync(path.join(bin, 'aws'), AWS_STUB, { mode: 0o755 });
  const result = runScript(repo, script, args, { cluster: options.cluster, path: [bin], hide: ['aws'], env: { AWS_STUB_STATE: state } });
  const calls = path.join(state, 'calls');
  const associations = Object.fromEntries(fs.readdirSync(path.join(state, 'ml'))
    .map((account) => [account, fs.readFileSync(path.join(state, 'ml', account), 'utf-8').trim().split(' ')[1]]));
  return { ...result, aws: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf-8').trim().split('\n') : [], associations };
}

describe('create-pod-identity-associations.sh', () => {
  const repo = synthToDisk(OPTIONS);
  const SCRIPT = 'create-pod-identity-associations.sh';

  test('creates one association per ServiceAccount that reaches S3, with its role, and none for the viewer', () => {
    const result = run(repo, SCRIPT, []);
    expect(result.status).toBe(0);
    expect(result.associations).toEqual(EXPECTED);
    expect(result.aws.filter((call) => call.startsWith('eks create'))).toEqual(Object.entries(EXPECTED).map(([account, role]) =>
      `eks create-pod-identity-association --cluster-name ml-prod --namespace ml --service-account ${account} --role-arn ${role} --query association.associationId --output text`));
    // It never needs kubectl.
    expect(result.calls).toEqual([]);
  });

  test('leaves associations that give the right role, so a second run changes nothing', () => {
    const existing = Object.fromEntries(Object.entries(EXPECTED).map(([account, role]) => [account, `a-${account} ${role}`]));
    const result = run(repo, SCRIPT, [], { associations: existing });
    expect(result.status).toBe(0);
    expect(result.aws.filter((call) => /eks (create|update)/.test(call))).toEqual([]);
    expect(result.stdout).toContain('ServiceAccount ml-pipeline-ui: associated with arn:aws:iam::123456789012:role/kfp-ui already');
  });

  test('reports an association with another role and leaves it, unless --update', () => {
    const wrong = { 'ml-pipeline-ui': `a-old ${ROLE}` };
    const reported = run(repo, SCRIPT, [], { associations: wrong });
    expect(reported.status).toBe(1);
    expect(reported.stderr).toContain(`ServiceAccount ml-pipeline-ui: association a-old gives ${ROLE}, not ${UI_ROLE}`);
    expect(reported.stderr).toContain('run again with --update');
    // the others are created all the same; the wrong one stays
    expect(reported.associations).toEqual({ ...EXPECTED, 'ml-pipeline-ui': ROLE });

    const updated = run(repo, SCRIPT, ['--update'], { associations: wrong });
    expect(updated.status).toBe(0);
    expect(updated.aws).toContain(`eks update-pod-identity-association --cluster-name ml-prod --association-id a-old --role-arn ${UI_ROLE} --query association.associationId --output text`);
    expect(updated.associations).toEqual(EXPECTED);
  });

  test('refuses the placeholder cluster and a missing AWS CLI, before any call', () => {
    const placeholder = run(synthToDisk({ ...OPTIONS, iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE } }), SCRIPT, []);
    expect(placeholder.status).toBe(1);
    expect(placeholder.stderr).toContain('iam.clusterName is still the placeholder change-me-eks-cluster');
    expect(placeholder.aws).toEqual([]);

    const noCli = run(repo, SCRIPT, [], { aws: false });
    expect(noCli.status).toBe(1);
    expect(noCli.stderr).toContain('the AWS CLI is not on PATH');
  });

  test('is generated only where the AWS CLI creates the associations', () => {
    const has = (options: TestOptions) => fs.existsSync(path.join(synthToDisk(options), 'scripts', SCRIPT));
    expect(has(OPTIONS)).toBe(true);
    expect(has({ ...OPTIONS, iam: { ...OPTIONS.iam, ackAssociations: true } })).toBe(false);
    expect(has({ bucket: 'acme-kfp' })).toBe(false);
    const tasks = JSON.parse(fs.readFileSync(path.join(repo, '.projen/tasks.json'), 'utf-8')).tasks;
    expect(tasks['create-associations'].steps).toEqual([{ exec: `scripts/${SCRIPT}`, receiveArgs: true }]);
  });
});

describe('install.sh with EKS Pod Identity', () => {
  const agent: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'eks-pod-identity-agent', namespace: 'kube-system' } };
  const ready: Cluster = { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], objects: [...STORAGE, agent] };
  const all = Object.fromEntries(Object.entries(EXPECTED).map(([account, role]) => [account, `a-${account} ${role}`]));
  const repo = synthToDisk(OPTIONS);
  const applied = (result: ScriptRun) => changes(result.calls).map((c) => c.args.join(' '));

  test('applies overlay/iam once the agent runs and every association gives its role', () => {
    const result = run(repo, 'install.sh', ['iam'], { cluster: ready, associations: all });
    expect(result.status).toBe(0);
    expect(applied(result)).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });

  test('refuses, before any change, without the agent, or with an association missing or giving another role', () => {
    const noAgent = run(repo, 'install.sh', ['iam'], { cluster: { ...ready, objects: STORAGE }, associations: all });
    expect(noAgent.status).toBe(1);
    expect(noAgent.stderr).toContain('the EKS Pod Identity Agent does not run in this cluster (no DaemonSet kube-system/eks-pod-identity-agent): aws eks create-addon --cluster-name ml-prod --addon-name eks-pod-identity-agent');
    expect(applied(noAgent)).toEqual([]);

    const { argo: _, ...withoutArgo } = all;
    const missing = run(repo, 'install.sh', ['iam'], { cluster: ready, associations: withoutArgo });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ServiceAccount argo has no Pod Identity association in cluster ml-prod: create them with scripts/create-pod-identity-associations.sh');
    expect(applied(missing)).toEqual([]);

    const wrong = run(repo, 'install.sh', ['iam'], { cluster: ready, associations: { ...all, 'ml-pipeline-ui': `a-ui ${ROLE}` } });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`the Pod Identity association of ServiceAccount ml-pipeline-ui gives ${ROLE}, not ${UI_ROLE}`);
    expect(applied(wrong)).toEqual([]);
  });

  test('without the AWS CLI, says the associations were not checked and goes on', () => {
    const result = run(repo, 'install.sh', ['iam'], { cluster: ready, aws: false });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: the AWS CLI is not on PATH, so the Pod Identity associations were not checked');
  });

  test('with ACK objects, asks for the ACK EKS controller\'s CRD instead of the AWS CLI', () => {
    const ack = synthToDisk({ ...OPTIONS, iam: { ...OPTIONS.iam, ackAssociations: true } });
    const withoutCrd = run(ack, 'install.sh', ['iam'], { cluster: ready });
    expect(withoutCrd.status).toBe(1);
    expect(withoutCrd.stderr).toContain('the ACK EKS controller is not installed (no CRD podidentityassociations.eks.services.k8s.aws)');
    const withCrd = run(ack, 'install.sh', ['iam'], { cluster: { ...ready, customresourcedefinitions: ['podidentityassociations.eks.services.k8s.aws'] } });
    expect(withCrd.status).toBe(0);
    expect(withCrd.aws).toEqual([]);
    expect(applied(withCrd)).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });

  test('does not check Pod Identity for overlay/accesskey', () => {
    const result = run(repo, 'install.sh', ['accesskey'], {
      cluster: { ...ready, objects: STORAGE, secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] },
    });
    expect(result.status).toBe(0);
    expect(result.aws).toEqual([]);
  });
});

describe('install.sh with IRSA', () => {
  test('refuses overlay/iam while the trust policies name the placeholder OIDC provider', () => {
    const repo = synthToDisk({ bucket: 'acme-kfp', iam: { roleArn: ROLE } });
    const result = run(repo, 'install.sh', ['iam'], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], objects: STORAGE } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the trust policies of iam/ name the placeholder OIDC provider: set iam.oidcProvider in .projenrc.ts');
    expect(changes(result.calls)).toEqual([]);
  });
});
