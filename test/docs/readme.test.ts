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
    expect(troubleshooting).toContain('each role has the trust policy of\n   `iam/<role>.trust.json`');
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
    const roles = section(readme, 'IAM roles');
    for (const name of annotated) expect(roles).toContain(`\`system:serviceaccount:ml:${name}\``);
  });

  test('tells how to create each role from its two files in iam/', () => {
    const roles = section(readme, 'IAM roles');
    expect(roles).toContain('| `arn:aws:iam::123456789012:role/kfp-s3` | `system:serviceaccount:ml:ml-pipeline`, ');
    expect(roles).toContain('aws iam create-role --role-name kfp-s3 --assume-role-policy-document file://iam/kfp-s3.trust.json\n');
    expect(roles).toContain('aws iam put-role-policy --role-name kfp-s3 --policy-name kubeflow-pipelines-s3 --policy-document file://iam/kfp-s3.policy.json\n');
    expect(files['iam/kfp-s3.trust.json']).toBeDefined();
    expect(files['iam/kfp-s3.policy.json']).toBeDefined();
    // the OIDC provider is still the placeholder
    expect(roles).toContain('> **Set your cluster\'s OIDC provider before you create the roles.**');
    expect(section(readme, 'Folder structure')).toContain('| `iam/` |');
  });

  test('gives one pair of commands per role, with the path of the ARN, and the S3 access of each pod', () => {
    const split = synthFiles({
      iam: {
        roleArn: ROLE,
        roleArns: { ui: 'arn:aws:iam::123456789012:role/teams/kfp-ui' },
        oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E',
      },
    })['README.md'];
    const roles = section(split, 'IAM roles');
    expect(roles.match(/aws iam create-role /g)).toHaveLength(2);
    expect(roles).toContain('aws iam create-role --role-name kfp-ui --path /teams/ --assume-role-policy-document file://iam/kfp-ui.trust.json');
    expect(roles).toContain('| `arn:aws:iam::123456789012:role/teams/kfp-ui` | `system:serviceaccount:kubeflow:ml-pipeline-ui` |');
    expect(roles).toContain('| UI | `ui` | read, list `artifacts/*` | `arn:aws:iam::123456789012:role/teams/kfp-ui` |');
    expect(roles).toContain('| api server | `apiServer` | read, write, delete `pipelines/*`; read `artifacts/*` |');
    expect(roles).not.toContain('OIDC provider before');
    // several roles: the variant table points to them instead of naming one
    expect(section(split, 'Credential variants')).toContain('carry `eks.amazonaws.com/role-arn` with their role (see "IAM roles")');
  });

  test('warns about the placeholder role, naming the options that leave it', () => {
    const partly = synthFiles({ iam: { roleArns: { ui: ROLE } } })['README.md'];
    expect(partly).toContain('It still uses the placeholder `arn:aws:iam::111122223333:role/change-me-kfp-s3-access`: set `iam.roleArn` in');
    expect(section(partly, 'Deploy')).toContain('`overlay/accesskey` by default, while `iam.roleArn` is still the placeholder');
    expect(readme).not.toContain('still uses the placeholder `arn:aws:iam');
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
    const roles = section(kube2iam, 'IAM roles');
    expect(roles).toContain('| `kfp-role` | api server, UI, Argo workflow controller, pipeline steps, TensorBoard viewers, visualization server in `kubeflow` |');
    expect(roles).toContain('> **Set your nodes\' role before you create the roles.**');
    expect(roles).not.toContain('OIDC provider');
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
