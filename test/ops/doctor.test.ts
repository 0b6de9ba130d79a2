import * as fs from 'fs';
import * as path from 'path';
import { AwsAccount, awsStub } from './aws-stub';
import { Cluster, KubeObject, KubectlCall, runScript, ScriptRun } from './kubectl-stub';
import { CacheWebhook, IamMechanism } from '../../src';
import { synthToDisk, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/kfp-s3`;
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
const DB_HOST = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
/** A password with the characters an option file must quote: a backslash, quotes, `#` and spaces. */
const PASSWORD = 'p a\\ss"w#o\'rd';
const FAKE_MYSQL = fs.readFileSync(path.join(__dirname, 'fake-mysql.sh'), 'utf-8');

/** The first install with the in-cluster MySQL and the cache webhook; team-b with an external MySQL. */
const OPTIONS: TestOptions = {
  bucket: 'acme-kfp',
  region: 'eu-west-1',
  namespace: 'ml',
  iam: { roleArn: ROLE, oidcProvider: OIDC },
  cacheWebhook: CacheWebhook.CERT_MANAGER,
  additionalInstalls: [{ namespace: 'team-b', externalDatabase: { host: DB_HOST } }],
};

const secret = (namespace: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'mysql-secret', namespace },
  data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
});
const node = (name: string, runtime: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { nodeInfo: { containerRuntimeVersion: runtime } },
});
const STORAGE: KubeObject[] = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ebs.csi.aws.com' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com' } },
];

/** The fake MySQL client of the probe pod, for a server as `server` says. */
function mysqlProgram(server: { user?: string; password?: string; plugin?: string; down?: boolean } = {}): string {
  const quote = (value: string) => `'${value.replace(/'/g, '\'\\\'\'')}'`;
  return [
    `SERVER_USER=${quote(server.user ?? 'kfp')}`,
    `SERVER_PASSWORD=${quote(server.password ?? PASSWORD)}`,
    `SERVER_PLUGIN=${quote(server.plugin ?? 'mysql_native_password')}`,
    ...(server.down ? ['SERVER_DOWN=1'] : []),
    FAKE_MYSQL,
  ].join('\n');
}

/** A cluster where every check passes. */
const HEALTHY_CLUSTER: Cluster = {
  context: 'prod',
  objects: [...STORAGE, secret('team-b', { username: 'kfp', password: PASSWORD })],
  customresourcedefinitions: ['certificates.cert-manager.io', 'issuers.cert-manager.io'],
  container: { programs: { mysql: mysqlProgram() } },
};

/** The roles of `repo`'s iam/, as AWS would return them after they were created from those files. */
function rolesOf(repo: string): AwsAccount['roles'] {
  if (!fs.existsSync(path.join(repo, 'iam'))) return {};
  return Object.fromEntries(fs.readdirSync(path.join(repo, 'iam')).filter((f) => f.endsWith('.trust.json')).map((file) => {
    const name = file.replace('.trust.json', '');
    return [name, { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, trust: JSON.parse(fs.readFileSync(path.join(repo, 'iam', file), 'utf-8')) }];
  }));
}

/** An account where every check passes. */
const healthyAccount = (repo: string): AwsAccount => ({
  callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/me`,
  buckets: { 'acme-kfp': 'eu-west-1' },
  publicAccess: { 'acme-kfp': [true, true, true, true] },
  roles: rolesOf(repo),
  oidcProviders: { [OIDC]: ['sts.amazonaws.com'] },
});

interface DoctorRun extends ScriptRun {
  readonly aws: string[];
  /** The verdict of each check, by title. */
  readonly verdicts: Record<string, string>;
}

function doctor(repo: string, cluster: Cluster, account: AwsAccount, args: string[] = []): DoctorRun {
  const aws = awsStub(account);
  const run = runScript(repo, 'doctor.sh', args, { cluster, path: [aws.bin], hide: ['aws'], env: aws.env });
  const verdicts = Object.fromEntries([...run.stdout.matchAll(/^(PASS|FAIL|WARN|SKIP) {2}(.*)$/gm)].map((m) => [m[2], m[1]]));
  return { ...run, aws: aws.calls(), verdicts };
}

/** The lines a check printed under its verdict. */
function detail(run: ScriptRun, title: string): string {
  const lines = run.stdout.split('\n');
  const start = lines.findIndex((line) => line.slice(6) === title);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith('      '));
  return rest.slice(0, end < 0 ? undefined : end).map((line) => line.slice(6)).join('\n');
}

/** What doctor did to the cluster: every kubectl call that is not a read. */
const writes = (calls: readonly KubectlCall[]) => calls.filter(({ args }) => {
  const verb = args[0] === '-n' ? args[2] : args[0];
  return !['get', 'config'].includes(verb);
});

describe('doctor.sh', () => {
  const repo = synthToDisk(OPTIONS);
  const account = healthyAccount(repo);
  const titles = {
    credentials: 'AWS credentials',
    role: 'IAM role kfp-s3',
    // team-b's own role, which additional installs get
    roleB: 'IAM role kfp-s3-team-b',
    oidc: `IAM OIDC provider ${OIDC}`,
    certManager: 'cert-manager, for the cache webhook (namespace ml, namespace team-b)',
    location: 'bucket acme-kfp: exists, in eu-west-1',
    publicAccess: 'bucket acme-kfp: Block Public Access',
    storage: 'storage for MySQL\'s volume (namespace ml)',
    mysql: `external MySQL ${DB_HOST}:3306 from namespace team-b`,
  };

  test('passes every check of a healthy setup, and creates nothing but the probe pod, which it deletes', () => {
    const run = doctor(repo, HEALTHY_CLUSTER, account);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.verdicts).toEqual(Object.fromEntries(Object.values(titles).map((title) => [title, 'PASS'])));
    expect(run.stdout).toContain('9 passed, 0 failed, 0 with a warning, 0 skipped');
    expect(detail(run, titles.mysql)).toContain('the user authenticates with mysql_native_password, which ML Metadata 1.14.0');

    // One pod, in the namespace of the install with the external MySQL, deleted after it ran.
    const [run1, ...others] = writes(run.calls);
    expect(others).toHaveLength(2);
    expect(run1.args.slice(0, 4)).toEqual(['-n', 'team-b', 'run', expect.stringMatching(/^kfp-doctor-mysql-\d+$/)]);
    expect(run1.args).toEqual(expect.arrayContaining(['--restart=Never', '--rm', '--attach']));
    const pod = run1.args[3];
    for (const del of others) expect(del.args).toEqual(['-n', 'team-b', 'delete', 'pod', pod, '--ignore-not-found', '--wait=false']);
    // The credentials come from the Secret, never from a command line.
    expect(run.calls.flatMap((c) => c.args).join(' ')).not.toContain('w#o');
    const container = run1.overrides.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'KFP_DOCTOR_USER', valueFrom: { secretKeyRef: { name: 'mysql-secret', key: 'username' } } },
      { name: 'KFP_DOCTOR_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-secret', key: 'password' } } },
    ]);
    expect(container.image).toBe('mysql:8.4');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // It only reads AWS.
    expect(run.aws.filter((call) => !/^(sts get-caller-identity|s3api get-|iam get-)/.test(call))).toEqual([]);
    expect(run.stdout).not.toContain('SECRET-HASH');
  });

  test('-h prints the usage and checks nothing', () => {
    const run = doctor(repo, HEALTHY_CLUSTER, account, ['-h']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: scripts\/doctor\.sh/);
    expect(run.calls).toEqual([]);
    expect(run.aws).toEqual([]);
  });

  test('stops before any check without a kubectl context', () => {
    const noContext = doctor(repo, { ...HEALTHY_CLUSTER, context: undefined }, account);
    expect(noContext.status).toBe(1);
    expect(noContext.stderr).toContain('kubectl has no current context');
    expect(noContext.aws).toEqual([]);
  });

  /** Each check broken once: the check FAILs with its fix, and the script exits 1. */
  const broken: Array<[string, keyof typeof titles, Partial<Cluster>, Partial<AwsAccount>, string]> = [
    ['no credentials', 'credentials', {}, { callerArn: undefined }, 'fix: give the AWS CLI credentials: aws configure'],
    ['credentials of another account', 'credentials', {}, { callerArn: 'arn:aws:iam::999999999999:user/me' },
      `fix: use credentials of account ${ACCOUNT}`],
    ['no bucket', 'location', {}, { buckets: {} }, 'fix: create it: aws s3api create-bucket --bucket acme-kfp --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1'],
    ['the bucket in another region', 'location', {}, { buckets: { 'acme-kfp': 'us-west-2' } }, 'fix: set region to us-west-2 in .projenrc.ts'],
    ['a bucket that allows public policies', 'publicAccess', {}, { publicAccess: { 'acme-kfp': [true, true, false, true] } },
      'fix: aws s3api put-public-access-block --bucket acme-kfp --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true'],
    ['no role', 'role', {}, { roles: { 'kfp-s3-team-b': rolesOf(repo)!['kfp-s3-team-b'] } }, 'fix: create it with the trust policy iam/kfp-s3.trust.json'],
    ['a role that trusts another namespace only', 'role', {}, {
      roles: { ...rolesOf(repo), 'kfp-s3': { arn: ROLE, trust: JSON.parse(JSON.stringify(rolesOf(repo)!['kfp-s3'].trust).replace(/system:serviceaccount:ml:/g, 'system:serviceaccount:other:')) } },
    }, 'fix: aws iam update-assume-role-policy --role-name kfp-s3 --policy-document file://iam/kfp-s3.trust.json'],
    ['a role with another path', 'role', {}, { roles: { ...rolesOf(repo), 'kfp-s3': { ...rolesOf(repo)!['kfp-s3'], arn: `arn:aws:iam::${ACCOUNT}:role/team/kfp-s3` } } },
      'fix: correct the role ARN in .projenrc.ts'],
    ['no OIDC provider', 'oidc', {}, { oidcProviders: {} }, 'fix: add the cluster\'s IAM OIDC provider: eksctl utils associate-iam-oidc-provider'],
    ['an OIDC provider without the STS audience', 'oidc', {}, { oidcProviders: { [OIDC]: ['example.com'] } },
      `fix: aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC} --client-id sts.amazonaws.com`],
    ['no cert-manager', 'certManager', { customresourcedefinitions: ['issuers.cert-manager.io'] }, {},
      'CRD certificates.cert-manager.io is missing: install cert-manager (https://cert-manager.io/docs/installation/)'],
    ['no default StorageClass', 'storage', { objects: [STORAGE[1], secret('team-b', { username: 'kfp', password: PASSWORD })] }, {},
      'No StorageClass is the default, which the volume claim mysql-pv-claim of MySQL needs'],
    ['no EBS CSI driver', 'storage', { objects: [STORAGE[0], secret('team-b', { username: 'kfp', password: PASSWORD })] }, {},
      'add the aws-ebs-csi-driver add-on'],
    ['no MySQL Secret', 'mysql', { objects: STORAGE }, {}, 'fix: create it with installs/team-b/scripts/create-mysql-secret.sh'],
    ['an unreachable MySQL', 'mysql', { container: { programs: { mysql: mysqlProgram({ down: true }) } } }, {},
      'fix: the server must accept connections from the pods of namespace team-b on port 3306'],
    ['a wrong password', 'mysql', { container: { programs: { mysql: mysqlProgram({ password: 'other' }) } } }, {},
      'Secret mysql-secret must hold KFP\'s user and password (installs/team-b/scripts/create-mysql-secret.sh replaces it'],
    ['a user of caching_sha2_password', 'mysql', { container: { programs: { mysql: mysqlProgram({ plugin: 'caching_sha2_password' }) } } }, {},
      'fix: as an administrator: ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<password>\';'],
  ];

  test.each(broken)('with %s, that check fails with its fix and the script exits 1', (_what, key, cluster, changes, fix) => {
    const run = doctor(repo, { ...HEALTHY_CLUSTER, ...cluster }, { ...account, ...changes });
    expect(run.status).toBe(1);
    expect(run.verdicts[titles[key]]).toBe('FAIL');
    expect(detail(run, titles[key])).toContain(fix);
    expect(Object.entries(run.verdicts).filter(([, verdict]) => verdict === 'FAIL').map(([title]) => title)).toEqual([titles[key]]);
    expect(run.stderr).toContain('scripts/doctor.sh: fix what failed above');
    // However it ended, the probe pod is gone: every run is followed by its delete.
    const created = writes(run.calls).filter((c) => c.args[2] === 'run').map((c) => c.args[3]);
    for (const pod of created) expect(writes(run.calls).some((c) => c.args[2] === 'delete' && c.args[4] === pod)).toBe(true);
    expect(writes(run.calls).every((c) => ['run', 'delete'].includes(c.args[2]))).toBe(true);
  });

  test('reads us-east-1 from the null location, and the account\'s Block Public Access for a bucket without its own', () => {
    const east = synthToDisk({ ...OPTIONS, region: 'us-east-1' });
    const run = doctor(east, HEALTHY_CLUSTER, { ...healthyAccount(east), buckets: { 'acme-kfp': 'None' }, publicAccess: {}, accountPublicAccess: [true, true, true, true] });
    expect(run.status).toBe(0);
    expect(run.verdicts['bucket acme-kfp: exists, in us-east-1']).toBe('PASS');
    expect(detail(run, titles.publicAccess)).toBe(`on for account ${ACCOUNT}`);
  });
});

describe('doctor.sh of other setups', () => {
  test('KFP 0.2.3 with kube2iam: the nodes\' container runtime for the PNS executor, and kube2iam\'s default role', () => {
    const repo = synthToDisk({
      kfpVersion: '0.2.3',
      bucket: 'acme-kfp',
      region: 'eu-west-1',
      namespace: 'ml',
      iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: ROLE, nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/nodes` },
    });
    const kube2iam = 'docker.io/jtblin/kube2iam:0.11.2 ["--default-role=kfp-s3"] ["--auto-discover-base-arn"]\n';
    const cluster: Cluster = { ...HEALTHY_CLUSTER, objects: [...STORAGE, node('a', 'containerd://1.7.27'), node('b', 'docker://20.10.25')], daemonsets: kube2iam };
    const runtimes = 'container runtime of the nodes, for the Argo executor of KFP 0.2.3';
    const healthy = doctor(repo, cluster, { ...healthyAccount(repo), oidcProviders: {} });
    expect(healthy.status).toBe(0);
    expect(healthy.verdicts[runtimes]).toBe('PASS');
    expect(healthy.verdicts['IAM: kube2iam (namespace ml)']).toBe('PASS');

    const other = doctor(repo, { ...cluster, objects: [...STORAGE, node('a', 'containerd://1.7.27'), node('c', 'remote://1.0')] }, healthyAccount(repo));
    expect(other.status).toBe(1);
    expect(other.verdicts[runtimes]).toBe('FAIL');
    expect(detail(other, runtimes)).toContain('c: remote://1.0');
    expect(detail(other, runtimes)).toContain('fix: run pipeline steps on nodes with docker containerd cri-o');

    const noDefault = doctor(repo, { ...cluster, daemonsets: 'docker.io/jtblin/kube2iam:0.11.2 ["--auto-discover-base-arn"]\n' }, healthyAccount(repo));
    expect(noDefault.verdicts['IAM: kube2iam (namespace ml)']).toBe('FAIL');
    expect(detail(noDefault, 'IAM: kube2iam (namespace ml)')).toContain('run it with --default-role=');
  });

  test('Pod Identity: the agent and each association, as install.sh checks them', () => {
    const repo = synthToDisk({ bucket: 'acme-kfp', region: 'eu-west-1', namespace: 'ml', iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE, clusterName: 'ml-prod' } });
    const agent: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'eks-pod-identity-agent', namespace: 'kube-system' } };
    const associations = Object.fromEntries(['ml-pipeline', 'ml-pipeline-ui', 'argo', 'pipeline-runner'].map((sa) => [`ml/${sa}`, `a-${sa} ${ROLE}`]));
    const title = 'IAM: EKS Pod Identity (namespace ml)';
    const healthy = doctor(repo, { ...HEALTHY_CLUSTER, objects: [...STORAGE, agent] }, { ...healthyAccount(repo), associations });
    expect(healthy.verdicts[title]).toBe('PASS');
    expect(healthy.status).toBe(0);
    const noAgent = doctor(repo, { ...HEALTHY_CLUSTER, objects: STORAGE }, { ...healthyAccount(repo), associations });
    expect(noAgent.verdicts[title]).toBe('FAIL');
    expect(detail(noAgent, title)).toContain('aws eks create-addon --cluster-name ml-prod --addon-name eks-pod-identity-agent');
    const { 'ml/argo': _argo, ...withoutArgo } = associations;
    const noAssociation = doctor(repo, { ...HEALTHY_CLUSTER, objects: [...STORAGE, agent] }, { ...healthyAccount(repo), associations: withoutArgo });
    expect(noAssociation.verdicts[title]).toBe('FAIL');
    expect(detail(noAssociation, title)).toContain('ServiceAccount argo has no Pod Identity association in cluster ml-prod: create them with scripts/create-pod-identity-associations.sh');
  });

  test('the default scaffold skips the IAM side while its roles are placeholders', () => {
    const repo = synthToDisk({ bucket: 'acme-kfp', region: 'eu-west-1', namespace: 'ml' });
    const run = doctor(repo, { ...HEALTHY_CLUSTER, objects: STORAGE }, { ...healthyAccount(repo), roles: {} });
    expect(run.status).toBe(0);
    const skipped = Object.entries(run.verdicts).filter(([, v]) => v === 'SKIP').map(([t]) => t);
    expect(skipped).toEqual(['IAM: IRSA (namespace ml)']);
    expect(detail(run, 'IAM: IRSA (namespace ml)')).toContain('deploy installs the accesskey variant while iam.roleArn is still the placeholder');
    expect(run.aws.some((call) => call.startsWith('iam '))).toBe(false);
  });

  test('skips the S3 checks of an install on another S3-compatible store', () => {
    const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', s3Endpoint: { host: 'minio.example.com' } });
    const run = doctor(repo, { ...HEALTHY_CLUSTER, objects: STORAGE }, healthyAccount(repo));
    expect(run.status).toBe(0);
    expect(run.verdicts['bucket acme-kfp (namespace ml)']).toBe('SKIP');
    expect(run.aws.some((call) => call.startsWith('s3api'))).toBe(false);
  });
});

test('installs with and without ACK associations each call their own Pod Identity preflight, each defined once', () => {
  const dir = synthToDisk({
    bucket: 'acme-kfp',
    iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: 'arn:aws:iam::123456789012:role/kfp', clusterName: 'ml-prod', ackAssociations: true },
    additionalInstalls: [{
      namespace: 'team-b',
      iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: 'arn:aws:iam::123456789012:role/kfp-b', clusterName: 'ml-prod', ackAssociations: false },
    }],
  });
  const script = fs.readFileSync(path.join(dir, 'scripts', 'doctor.sh'), 'utf-8');
  for (const name of ['pod_identity_ack_preflight', 'pod_identity_preflight']) {
    expect(script.split('\n').filter((line) => line === `${name}() {`)).toHaveLength(1);
  }
  // Each install's check calls the preflight of its kind: the top-level one (ACK) first, then team-b's (the AWS CLI).
  const calls = [...script.matchAll(/^iam_preflight_\w+\(\) \{\n {2}(\w+)\n\}$/gm)].map((match) => match[1]);
  expect(calls).toEqual(['pod_identity_ack_preflight', 'pod_identity_preflight']);
});
