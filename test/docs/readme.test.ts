import { IamMechanism } from '../../src';
import { parseYaml, synthFiles } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';

/** The section under `## title`, up to the next `## `. */
function section(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "${title}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('generated README', () => {
  const files = synthFiles({ bucket: 'acme-kfp', region: 'eu-west-1', namespace: 'ml', iam: { roleArn: ROLE } });
  const readme: string = files['README.md'];

  test('names only tasks and scripts that exist', () => {
    const tasks = Object.keys(files['.projen/tasks.json'].tasks);
    const named = [...readme.matchAll(/npx projen ([a-z][a-z-]*)/g)].map((m) => m[1]);
    expect(named).toEqual(expect.arrayContaining(['create-secrets', 'deploy', 'diff', 'render', 'validate', 'uninstall']));
    for (const task of named) expect(tasks).toContain(task);
    const scripts = [...readme.matchAll(/scripts\/[a-z-]+\.sh/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(files[script]).toBeDefined();
  });

  test('starts with the commands that deploy this repo', () => {
    const quickStart = section(readme, 'Quick start');
    expect(quickStart).toContain('npx projen create-secrets');
    expect(quickStart).toContain('npx projen deploy                     # crds/, then overlay/iam');
    expect(quickStart).toContain('kubectl -n ml port-forward svc/ml-pipeline-ui 8080:80');
    // GitHub ends a table cell at a bare |, even inside code
    expect(quickStart).toContain('`npx projen deploy [accesskey\\|iam]`');
  });

  test('waits for the CRDs of crds/ by name, since ClusterRoles and PriorityClasses never become established', () => {
    const crds = Object.entries(files).filter(([f]) => f.startsWith('crds/') && !f.endsWith('kustomization.yaml'))
      .flatMap(([, content]) => parseYaml(content)).filter((o) => o.kind === 'CustomResourceDefinition');
    const deploy = section(readme, 'Deploy');
    for (const crd of crds) expect(deploy).toContain(`customresourcedefinition/${crd.metadata.name}`);
    expect(deploy).not.toMatch(/wait[^\n]*-k crds/);
  });

  test('says how to create and rotate each Secret', () => {
    const secrets = section(readme, 'Secrets');
    expect(secrets).toContain('| `mysql-secret` | `username`, `password`, `root-password` |');
    expect(secrets).toContain('`scripts/create-mysql-secret.sh`');
    expect(secrets).toContain('`scripts/create-aws-secret.sh`');
    expect(secrets).toContain('`mysql-credentials.env` with mode 600');
    expect(secrets).toContain('### Rotating');
    expect(secrets).toContain('Change the password in MySQL first');
  });

  test('lists scripts/ and the env file examples in the folder structure', () => {
    const folders = section(readme, 'Folder structure');
    expect(folders).toContain('| `scripts/` | `create-aws-secret.sh`, `create-mysql-secret.sh`, `install.sh`, `uninstall.sh`');
    expect(folders).toContain('`aws-credentials.env.example`, `mysql-credentials.env.example`');
    expect(folders).toContain('`.github/workflows/build.yml`');
  });

  test('warns that crds/ is shared and deleted only with the flag', () => {
    const uninstall = section(readme, 'Uninstall');
    expect(uninstall).toContain('npx projen uninstall --dry-run');
    expect(uninstall).toContain('> **`crds/` stays unless you pass `--include-crds`.**');
    expect(uninstall).toContain('every Kubeflow Pipelines install in this cluster shares, in any namespace');
    expect(uninstall).toContain('kubectl delete -k crds    # only when no other install in the cluster uses them');
  });

  test('covers the known AWS pitfalls for these options', () => {
    const troubleshooting = section(readme, 'Troubleshooting');
    expect(troubleshooting).toContain('`PermanentRedirect`');
    expect(troubleshooting).toContain('`eu-west-1`, the region every component uses (endpoint `s3.eu-west-1.amazonaws.com`)');
    expect(troubleshooting).toContain('IAM OIDC provider');
    expect(troubleshooting).toContain(`The trust policy of \`${ROLE}\``);
    expect(troubleshooting).toContain('`system:serviceaccount:ml:ml-pipeline`');
    expect(troubleshooting).toContain('kubectl -n ml rollout restart deployment');
    expect(troubleshooting).toContain('`archiveLogs` (now\ntrue)');
    expect(troubleshooting).toContain('`arn:aws:s3:::acme-kfp/artifacts/*`');
    expect(troubleshooting).toContain('mysql_native_password');
    expect(troubleshooting).toContain('MySQL reads the Secret only when it initializes an\nempty volume');
  });

  test('names a ServiceAccount in the IRSA trust policy for every ServiceAccount overlay/iam annotates', () => {
    const annotated = Object.entries(files).filter(([f]) => f.startsWith('overlay/iam/'))
      .flatMap(([, content]) => parseYaml(content)).filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name);
    expect(annotated.length).toBeGreaterThan(0);
    for (const name of annotated) expect(readme).toContain(`\`system:serviceaccount:ml:${name}\``);
  });

  test('writes the bucket ARNs in the partition of the region', () => {
    const china = synthFiles({ bucket: 'acme-kfp', region: 'cn-north-1' })['README.md'];
    expect(section(china, 'Before you deploy')).toContain('`arn:aws-cn:s3:::acme-kfp/*`');
    expect(china).not.toContain('arn:aws:s3:::');
  });

  test('explains kube2iam instead of IRSA when the options choose it', () => {
    const kube2iam = synthFiles({ iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } })['README.md'];
    expect(section(kube2iam, 'Troubleshooting')).toContain('**kube2iam: pods of `overlay/iam` get AccessDenied.**');
    expect(kube2iam).not.toContain('IAM OIDC provider');
  });
});

describe('generated README per release', () => {
  test('gives the MySQL 8 authentication advice only where MySQL runs with mysql_native_password', () => {
    expect(synthFiles({ kfpVersion: '2.17.0' })['README.md']).toContain('**MySQL 8:');
    expect(synthFiles({ kfpVersion: '0.2.3' })['README.md']).not.toContain('**MySQL 8:');
  });

  test('shows the known issues of the release', () => {
    const readme: string = synthFiles({ kfpVersion: '0.2.3' })['README.md'];
    expect(readme).toContain('> **Known issue of KFP 0.2.3.**');
    expect(synthFiles({ kfpVersion: '2.17.0' })['README.md']).not.toContain('Known issue of KFP');
  });
});

describe('generated README of a repo with additional installs', () => {
  const files = synthFiles({
    bucket: 'acme-kfp',
    namespace: 'ml',
    iam: { roleArn: ROLE },
    additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c', bucket: 'team-c-kfp', mysql: { secretName: 'team-c-db' } }],
  });
  const readme: string = files['README.md'];
  const installs = section(readme, 'Installs');
  const row = (namespace: string) => installs.split('\n').find((line) => line.startsWith(`| \`${namespace}\` |`)) ?? '';

  test('lists every install with its folders, bucket, prefixes, Secrets and tasks', () => {
    expect(row('ml')).toContain('| `base/`, `overlay/`, `scripts/` | `acme-kfp` | `artifacts`, `pipelines` |');
    expect(row('team-b')).toContain('| `installs/team-b/base/`, `installs/team-b/overlay/`, `installs/team-b/scripts/` | `acme-kfp` | `team-b/artifacts`, `team-b/pipelines` |');
    expect(row('team-c')).toContain('| `team-c-kfp` | `team-c/artifacts`, `team-c/pipelines` | `team-c-db`, `ml-pipeline-aws-secret`');
    expect(row('team-b')).toContain('`npx projen deploy:team-b`, `npx projen diff:team-b`, `npx projen uninstall:team-b`');
    expect(readme).toContain('It also deploys 2 more installs of the same release, each in its own namespace:\n`team-b`, `team-c`.');
  });

  test('names only tasks, scripts and files that exist', () => {
    const tasks = Object.keys(files['.projen/tasks.json'].tasks);
    const named = [...readme.matchAll(/npx projen ([a-z][a-z:-]*[a-z])/g)].map((m) => m[1]);
    expect(named).toEqual(expect.arrayContaining(['deploy:team-b', 'uninstall:team-c', 'create-secrets:team-b']));
    for (const task of named) expect(tasks).toContain(task);
    const paths = [...installs.matchAll(/installs\/[a-z0-9-]+\/[a-z./-]+[a-z]/g)].map((m) => m[0]);
    expect(paths).toEqual(expect.arrayContaining(['installs/team-b/scripts', 'installs/team-b/mysql-credentials.env']));
    for (const file of paths.filter((p) => p.endsWith('.sh') || p.endsWith('.example'))) expect(files[file]).toBeDefined();
  });

  test('says what the installs share and what stays cluster-wide', () => {
    expect(installs).toContain('The Argo workflow controller (`--namespaced`)');
    expect(installs).toContain('Cluster-wide by nature: the cache webhook.');
    expect(installs).toContain('`--include-crds` on the uninstall of any install deletes the workflows');
    expect(installs).toContain('MutatingWebhookConfiguration and CertificateSigningRequest its cache deployer creates');
    const plain = section(synthFiles({ kfpVersion: '0.2.3', additionalInstalls: [{ namespace: 'team-b' }] })['README.md'], 'Installs');
    expect(plain).toContain('The Argo workflow controller (the `namespace` of its configuration)');
    expect(plain).not.toContain('cache webhook');
  });

  test('shows installs/ in the folder structure, and neither appears without additional installs', () => {
    expect(section(readme, 'Folder structure')).toContain('| `installs/<namespace>/` | each additional install');
    const single: string = synthFiles({ bucket: 'acme-kfp' })['README.md'];
    expect(single).not.toContain('## Installs');
    expect(section(single, 'Folder structure')).not.toContain('installs/');
  });
});
