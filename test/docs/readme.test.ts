import { CacheWebhook, IamMechanism } from '../../src';
import { findRelease, KfpDatabase, KfpRelease, S3_CONSUMERS, S3Consumer, WorkloadLayout } from '../../src/catalog';
import { allReleases, defaultRelease, mechanismsOf, parseYaml, releasesWhere, releasesWith, synthFiles, TestOptions, readmeSection } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';

/** How the README names each consumer of S3. */
const CONSUMER_LABELS: Record<S3Consumer, string> = {
  [S3Consumer.API_SERVER]: 'api server',
  [S3Consumer.UI]: 'UI',
  [S3Consumer.WORKFLOW_CONTROLLER]: 'Argo workflow controller',
  [S3Consumer.PIPELINE_RUNNER]: 'pipeline steps',
  [S3Consumer.VIEWER]: 'TensorBoard viewers',
  [S3Consumer.VISUALIZATION_SERVER]: 'visualization server',
};

/** The default name of each database a release may have. */
const DATABASE_NAMES: Record<KfpDatabase, string> = { pipeline: 'mlpipeline', metadata: 'metadb', cache: 'cachedb' };

/** Whether the release's in-cluster MySQL needs `mysql_native_password` switched on (MySQL 8). */
const nativePasswords = (release: KfpRelease) => release.mysql.args.some((arg) => arg.includes('mysql_native_password'));

/** The scripts of a repo of `release`, as the README's folder table lists them. */
const scriptsOf = (release: KfpRelease) =>
  ['create-aws-secret.sh', 'create-mysql-secret.sh', ...(release.uiSigningKey ? ['create-ui-secret.sh'] : []), 'install.sh', 'uninstall.sh'];

/** The options of the generated README's tests, for `kfpVersion` (the default release when undefined). */
const optionsOf = (kfpVersion?: string): TestOptions => ({ kfpVersion, bucket: 'acme-kfp', region: 'eu-west-1', namespace: 'ml', iam: { roleArn: ROLE } });

describe.each(allReleases())('generated README of KFP %s', (kfpVersion, release) => {
  const files = synthFiles(optionsOf(kfpVersion));
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

  test('waits for the CRDs of crds/ by name, since ClusterRoles and PriorityClasses never become established', () => {
    const crds = Object.entries(files).filter(([f]) => f.startsWith('crds/') && !f.endsWith('kustomization.yaml'))
      .flatMap(([, content]) => parseYaml(content)).filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.length).toBe(release.argo.crds.length + Object.keys(release.crds).length);
    const deploy = readmeSection(readme, 'Deploy');
    for (const crd of crds) expect(deploy).toContain(`customresourcedefinition/${crd.metadata.name}`);
    expect(deploy).not.toMatch(/wait[^\n]*-k crds/);
  });

  test('gives the MySQL 8 authentication advice only where MySQL runs with mysql_native_password', () => {
    expect(readmeSection(readme, 'Troubleshooting').includes('**MySQL 8:')).toBe(nativePasswords(release));
  });

  test('shows the known issues of the release, and no other release\'s', () => {
    for (const issue of release.knownIssues) expect(readme).toContain(issue.summary);
    expect(readme.split(`> **Known issue of KFP ${release.version}.**`)).toHaveLength(release.knownIssues.length + 1);
    expect(readme.match(/Known issue of KFP/g) ?? []).toHaveLength(release.knownIssues.length);
  });
});

/** The releases whose S3 clients can use `mechanism`. */
const releasesWithMechanism = (mechanism: IamMechanism) => releasesWhere((r) => mechanismsOf(r).includes(mechanism));

describe.each(releasesWithMechanism(IamMechanism.IRSA))('generated README of KFP %s with IRSA', (kfpVersion) => {
  test('names a ServiceAccount in the IRSA trust policy for every ServiceAccount overlay/iam annotates', () => {
    const irsa = synthFiles({ ...optionsOf(kfpVersion), iam: { mechanism: IamMechanism.IRSA, roleArn: ROLE } });
    const annotated = Object.entries(irsa).filter(([f]) => f.startsWith('overlay/iam/'))
      .flatMap(([, content]) => parseYaml(content)).filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name);
    expect(annotated.length).toBeGreaterThan(0);
    const roles = readmeSection(irsa['README.md'], 'IAM roles');
    for (const name of annotated) expect(roles).toContain(`\`system:serviceaccount:ml:${name}\``);
  });
});

describe.each(releasesWithMechanism(IamMechanism.KUBE2IAM))('generated README of KFP %s with kube2iam', (kfpVersion, release) => {
  test('explains kube2iam instead of IRSA when the options choose it, naming the release\'s consumers of S3', () => {
    const kube2iam = synthFiles({ kfpVersion, iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } })['README.md'];
    expect(readmeSection(kube2iam, 'Troubleshooting')).toContain('**kube2iam: pods of `overlay/iam` get AccessDenied.**');
    // the OIDC provider is for the EBS CSI driver's role only, not for the pods
    expect(readmeSection(kube2iam, 'Troubleshooting')).not.toContain('IAM OIDC provider');
    expect(readmeSection(kube2iam, 'Before you deploy')).toContain('The driver\'s role needs the cluster\'s IAM OIDC provider');
    const roles = readmeSection(kube2iam, 'IAM roles');
    const consumers = S3_CONSUMERS.filter((c) => release.s3Consumers.includes(c)).map((c) => CONSUMER_LABELS[c]).join(', ');
    expect(roles).toContain(`| \`kfp-role\` | ${consumers} in \`kubeflow\` |`);
    expect(roles).toContain('> **Set your nodes\' role before you create the roles.**');
    expect(roles).not.toContain('OIDC provider');
  });
});

test('KFP 2.17.0\'s kube2iam role serves its api server, UI, Argo workflow controller, pipeline steps and TensorBoard viewers', () => {
  const roles = readmeSection(synthFiles({ kfpVersion: '2.17.0', iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } })['README.md'], 'IAM roles');
  expect(roles).toContain('| `kfp-role` | api server, UI, Argo workflow controller, pipeline steps, TensorBoard viewers in `kubeflow` |');
});

describe('generated README (default release)', () => {
  const release = defaultRelease();
  const files = synthFiles(optionsOf());
  const readme: string = files['README.md'];

  test('starts with the commands that deploy this repo', () => {
    const quickStart = readmeSection(readme, 'Quick start');
    expect(quickStart).toContain('npx projen create-secrets');
    expect(quickStart).toContain('npx projen deploy                     # crds/, then overlay/iam');
    expect(quickStart).toContain('kubectl -n ml port-forward svc/ml-pipeline-ui 8080:80');
    // GitHub ends a table cell at a bare |, even inside code
    expect(quickStart).toContain('`npx projen deploy [accesskey\\|iam]`');
  });

  test('says what custom/ is, with the components entry every overlay has and the install\'s namespace', () => {
    const custom = readmeSection(readme, 'Your own changes');
    const components = /`components: \[([^\]]+)\]`/.exec(custom)![1];
    for (const variant of ['accesskey', 'iam']) {
      expect(custom).toContain(`\`overlay/${variant}\``);
      expect(parseYaml(files[`overlay/${variant}/kustomization.yaml`])[0].components).toEqual([components]);
    }
    expect(custom).toContain('`metadata.namespace: ml`');
    expect(custom).not.toContain('additional install');
    expect(readmeSection(readme, 'Folder structure')).toContain('| `custom/` | yours: a kustomize Component every overlay includes');
  });

  test('says how to create and rotate each Secret', () => {
    const secrets = readmeSection(readme, 'Secrets');
    expect(secrets).toContain('| `mysql-secret` | `username`, `password`, `root-password` |');
    expect(secrets).toContain('`scripts/create-mysql-secret.sh`');
    expect(secrets).toContain('`scripts/create-aws-secret.sh`');
    expect(secrets).toContain('`mysql-credentials.env` with mode 600');
    expect(secrets).toContain('### Rotating');
    expect(secrets).toContain('Change the password in MySQL first');
  });

  test('says which names the secret scripts read, which source wins, the file format and what Git ignores', () => {
    const envFiles = readmeSection(readme, 'Secrets').split('### Env files')[1].split('\nBy hand')[0];
    expect(envFiles).toContain('every variable starts with `KFP_` (`KFP_AWS_ACCESS_KEY_ID`, `KFP_MYSQL_PASSWORD`, ...)');
    expect(envFiles).toContain('a `KFP_` variable set in the environment wins over the env file');
    expect(envFiles).toContain('whether it came from the environment or the\n  file (or was generated), never the value itself');
    expect(envFiles).toContain('`export ` prefix');
    expect(envFiles).toContain('Git** ignores every `*.env` file of the repo, in any folder, with one rule');
    expect(files['.gitignore'].split('\n')).toContain('*.env');
    // the commands by hand use the same names as the scripts
    expect(readmeSection(readme, 'Secrets')).toContain('--from-literal=accesskey="$KFP_AWS_ACCESS_KEY_ID"');
  });

  test('lists scripts/ and the env file examples in the folder structure', () => {
    const folders = readmeSection(readme, 'Folder structure');
    expect(folders).toContain(`| \`scripts/\` | ${scriptsOf(release).map((script) => `\`${script}\``).join(', ')}`);
    expect(folders).toContain('| `crds/` | cluster-scoped objects shared by every install in the cluster (CustomResourceDefinition, PriorityClass) |');
    expect(folders).toContain('`aws-credentials.env.example`, `mysql-credentials.env.example`');
    expect(folders).toContain('`.github/workflows/build.yml`');
  });

  test('warns that crds/ is shared and deleted only with the flag', () => {
    const uninstall = readmeSection(readme, 'Uninstall');
    expect(uninstall).toContain('npx projen uninstall --dry-run');
    expect(uninstall).toContain('> **`crds/` stays unless you pass `--include-crds`.**');
    expect(uninstall).toContain('every Kubeflow Pipelines install in this cluster shares, in any namespace');
    expect(uninstall).toContain('kubectl delete -k crds    # only when no other install in the cluster uses them');
  });

  test('covers the known AWS pitfalls for these options', () => {
    const troubleshooting = readmeSection(readme, 'Troubleshooting');
    expect(troubleshooting).toContain('`PermanentRedirect`');
    expect(troubleshooting).toContain('`eu-west-1`, the region every component uses (endpoint `s3.eu-west-1.amazonaws.com`)');
    expect(troubleshooting).toContain('IAM OIDC provider');
    expect(troubleshooting).toContain('each role has the trust policy of\n   `iam/<role>.trust.json`');
    expect(troubleshooting).toContain('kubectl -n ml rollout restart deployment');
    expect(troubleshooting).toContain('`archiveLogs` (now\ntrue)');
    expect(troubleshooting).toContain('`arn:aws:s3:::acme-kfp/artifacts/*`');
    expect(troubleshooting.includes('mysql_native_password')).toBe(nativePasswords(release));
    expect(troubleshooting).toContain('MySQL reads the Secret only when it initializes an\nempty volume');
  });

  test('tells how to create each role from its two files in iam/', () => {
    const roles = readmeSection(readme, 'IAM roles');
    expect(roles).toContain('| `arn:aws:iam::123456789012:role/kfp-s3` | `system:serviceaccount:ml:ml-pipeline`, ');
    expect(roles).toContain('aws iam create-role --role-name kfp-s3 --assume-role-policy-document file://iam/kfp-s3.trust.json\n');
    expect(roles).toContain('aws iam put-role-policy --role-name kfp-s3 --policy-name kubeflow-pipelines-s3 --policy-document file://iam/kfp-s3.policy.json\n');
    expect(files['iam/kfp-s3.trust.json']).toBeDefined();
    expect(files['iam/kfp-s3.policy.json']).toBeDefined();
    // the OIDC provider is still the placeholder
    expect(roles).toContain('> **Set your cluster\'s OIDC provider before you create the roles.**');
    expect(readmeSection(readme, 'Folder structure')).toContain('| `iam/` |');
  });

  test('gives one pair of commands per role, with the path of the ARN, and the S3 access of each pod', () => {
    const split = synthFiles({
      iam: {
        roleArn: ROLE,
        roleArns: { ui: 'arn:aws:iam::123456789012:role/teams/kfp-ui' },
        oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E',
      },
    })['README.md'];
    const roles = readmeSection(split, 'IAM roles');
    expect(roles.match(/aws iam create-role /g)).toHaveLength(2);
    expect(roles).toContain('aws iam create-role --role-name kfp-ui --path /teams/ --assume-role-policy-document file://iam/kfp-ui.trust.json');
    expect(roles).toContain('| `arn:aws:iam::123456789012:role/teams/kfp-ui` | `system:serviceaccount:kubeflow:ml-pipeline-ui` |');
    expect(roles).toContain('| UI | `ui` | read, list `artifacts/*` | `arn:aws:iam::123456789012:role/teams/kfp-ui` |');
    expect(roles).toContain('| api server | `apiServer` | read, write, delete `pipelines/*`; read `artifacts/*` |');
    expect(roles).not.toContain('OIDC provider before');
    // several roles: the variant table points to them instead of naming one
    expect(readmeSection(split, 'Credential variants')).toContain('carry `eks.amazonaws.com/role-arn` with their role (see "IAM roles")');
  });

  test('warns about the placeholder role, naming the options that leave it', () => {
    const partly = synthFiles({ iam: { roleArns: { ui: ROLE } } })['README.md'];
    expect(partly).toContain('It still uses the placeholder `arn:aws:iam::111122223333:role/change-me-kfp-s3-access`: set `iam.roleArn` in');
    expect(readmeSection(partly, 'Deploy')).toContain('`overlay/accesskey` by default, while `iam.roleArn` is still the placeholder');
    expect(readme).not.toContain('still uses the placeholder `arn:aws:iam');
  });

  test('lists what a new EKS cluster needs: the EBS CSI driver and a default StorageClass for MySQL, the OIDC provider for IRSA', () => {
    const prepare = readmeSection(readme, 'Before you deploy');
    expect(prepare).toContain('Give MySQL\'s volume (claim `mysql-pv-claim`) a default StorageClass and the driver that provisions it, or set\n'
      + '   `mysql.storageClassName`');
    expect(prepare).toContain('since Kubernetes 1.30 EKS marks no StorageClass\n   as the default');
    expect(prepare).toContain('   aws eks create-addon --cluster-name <cluster> --addon-name aws-ebs-csi-driver \\\n');
    expect(prepare).toContain('--attach-policy-arn arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy');
    expect(prepare).toContain('--configuration-values \'{"defaultStorageClass":{"enabled":true}}\'');
    expect(prepare).toContain('For `overlay/iam` on EKS (IRSA): the cluster\'s IAM OIDC provider');
    expect(prepare).toContain('eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve');
    expect(readmeSection(readme, 'Troubleshooting')).toContain('**`npx projen deploy` times out.** When a Deployment is not available after 10m, it prints');

    // a class of the user's: no default needed; an external database: no volume; kube2iam: no OIDC provider for the pods
    const named = readmeSection(synthFiles({ mysql: { storageClassName: 'gp3-encrypted' } })['README.md'], 'Before you deploy');
    expect(named).toContain('its StorageClass `gp3-encrypted` (`mysql.storageClassName`)');
    expect(named).not.toContain('defaultStorageClass');
    expect(readmeSection(synthFiles({ externalDatabase: { host: 'kfp.example.com' } })['README.md'], 'Before you deploy')).not.toContain('ebs-csi');
    expect(readmeSection(synthFiles({ iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } })['README.md'], 'Before you deploy')).not.toContain('(IRSA)');
    // the policy ARN in the partition of the region
    expect(readmeSection(synthFiles({ region: 'cn-north-1' })['README.md'], 'Before you deploy')).toContain('arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy');
  });

  test('writes the bucket ARNs in the partition of the region', () => {
    const china = synthFiles({ bucket: 'acme-kfp', region: 'cn-north-1' })['README.md'];
    expect(readmeSection(china, 'Before you deploy')).toContain('`arn:aws-cn:s3:::acme-kfp/*`');
    expect(china).not.toContain('arn:aws:s3:::');
  });

});

const MINIO = { host: 'minio.storage.svc', port: 9000, tls: false };

describe('generated README per release', () => {
  test.each(allReleases().flatMap(([kfpVersion]): Array<[string, TestOptions]> => [
    [`KFP ${kfpVersion} on AWS S3`, { kfpVersion }],
    [`KFP ${kfpVersion} on MinIO`, { kfpVersion, s3Endpoint: MINIO }],
  ]))('lists in its folder structure exactly the scripts, overlays and IAM files of the repo: %s', (_, options) => {
    const repo = synthFiles(options);
    const folders = readmeSection(repo['README.md'], 'Folder structure');
    const row = (path: string) => folders.split('\n').find((line) => line.startsWith(`| ${path}`));
    const listed = (path: string) => [...row(path)!.split(' | ')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);

    const scripts = Object.keys(repo).filter((f) => f.startsWith('scripts/')).map((f) => f.slice('scripts/'.length));
    expect(listed('`scripts/`').sort()).toEqual(scripts.sort());
    const overlays = [...new Set(Object.keys(repo).filter((f) => f.startsWith('overlay/')).map((f) => f.split('/')[1]))];
    expect(row('`overlay/')!.split(' | ')[0].replace(/^\| /, '').split(', ')).toEqual(overlays.map((o) => `\`overlay/${o}/\``));
    expect(row('`iam/`') !== undefined).toBe(Object.keys(repo).some((f) => f.startsWith('iam/')));
    // base/: a kustomization listing the component folders, each with its own
    expect(listed('`base/<component>/`')).toEqual(['kustomization.yaml', 'base/kustomization.yaml']);
    const inBase = Object.keys(repo).filter((f) => f.startsWith('base/')).map((f) => f.slice('base/'.length));
    const componentFolders = [...new Set(inBase.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))];
    expect(inBase.filter((f) => !f.includes('/'))).toEqual(['kustomization.yaml']);
    for (const folder of componentFolders) expect(inBase).toContain(`${folder}/kustomization.yaml`);
  });

  test('KFP 2.17.0 gives the MySQL 8 advice and has no known issue; 0.2.3 has its known issues and no MySQL 8 advice', () => {
    const v2: string = synthFiles({ kfpVersion: '2.17.0' })['README.md'];
    const v0: string = synthFiles({ kfpVersion: '0.2.3' })['README.md'];
    expect(v2).toContain('**MySQL 8:');
    expect(v0).not.toContain('**MySQL 8:');
    expect(v0).toContain('> **Known issue of KFP 0.2.3.**');
    expect(v2).not.toContain('Known issue of KFP');
  });
});

describe('generated README for an S3-compatible store', () => {
  const s3Endpoint = MINIO;

  test('names the store where it says where the data is and how to create the bucket', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', s3Endpoint })['README.md'];
    expect(readme).toContain('on the S3-compatible store `http://minio.storage.svc:9000`');
    expect(readmeSection(readme, 'What is deployed')).toContain('every component talks to the store at `http://minio.storage.svc:9000` directly');
    expect(readmeSection(readme, 'Before you deploy')).toContain('aws s3api create-bucket --bucket acme-kfp --region us-east-1 --endpoint-url http://minio.storage.svc:9000');
  });

  test.each(allReleases())('replaces the AWS region advice with the store\'s, and says what pathStyle reaches in KFP %s', (kfpVersion, release) => {
    const troubleshooting = readmeSection(synthFiles({ kfpVersion, s3Endpoint })['README.md'], 'Troubleshooting');
    expect(troubleshooting).not.toContain('PermanentRedirect');
    expect(troubleshooting).toContain('**Components cannot reach the store, or it refuses their requests.** Every component uses `http://minio.storage.svc:9000`');
    // Only the v2 launcher has a path-style setting.
    expect(troubleshooting).toContain(release.components.includes('kfp-launcher')
      ? '`pathStyle` reaches only the v2 launcher (`forcePathStyle`)'
      : `\`pathStyle\` changes nothing in KFP ${kfpVersion}`);
  });

  test('KFP 2.17.0\'s pathStyle reaches its v2 launcher, 0.2.3\'s nothing', () => {
    expect(readmeSection(synthFiles({ kfpVersion: '2.17.0', s3Endpoint })['README.md'], 'Troubleshooting')).toContain('`pathStyle` reaches only the v2 launcher (`forcePathStyle`)');
    expect(readmeSection(synthFiles({ kfpVersion: '0.2.3', s3Endpoint })['README.md'], 'Troubleshooting')).toContain('`pathStyle` changes nothing in KFP 0.2.3');
  });

  test('offers no overlay/iam, whose requests to the store the UI would send unsigned', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', s3Endpoint, iam: { roleArn: ROLE } })['README.md'];
    expect(readmeSection(readme, 'Credential variants')).toContain('There is no `overlay/iam`: the store `minio.storage.svc` (`s3Endpoint`) is not AWS S3');
    expect(readmeSection(readme, 'Quick start')).toContain('`npx projen deploy [accesskey]`');
    expect(readmeSection(readme, 'Quick start')).toContain('# crds/, then overlay/accesskey');
  });

  test('keeps the AWS wording without s3Endpoint', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', region: 'eu-west-1' })['README.md'];
    expect(readme).not.toContain('S3-compatible store');
    expect(readmeSection(readme, 'What is deployed')).toContain('every component talks to S3 directly');
    expect(readmeSection(readme, 'Before you deploy')).not.toContain('--endpoint-url');
  });
});

const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';

describe.each(releasesWhere((r) => r.mysql.tls))('generated README of KFP %s with an external database', (kfpVersion, release) => {
  const external = { host: RDS, pipelineDb: 'kfp_pipelines', secretName: 'rds-creds' };
  const withTls: string = synthFiles({ kfpVersion, namespace: 'ml', externalDatabase: { ...external, tlsCaConfigMap: 'rds-ca' } })['README.md'];
  const withoutTls: string = synthFiles({ kfpVersion, namespace: 'ml', externalDatabase: external })['README.md'];
  const inCluster: string = synthFiles({ kfpVersion, namespace: 'ml' })['README.md'];

  test('lists no in-cluster MySQL among the components, and says where the databases are', () => {
    const deployed = readmeSection(withTls, 'What is deployed');
    expect(deployed).not.toContain('| `mysql` |');
    expect(deployed).toContain(`every component uses the databases on \`${RDS}:3306\``);
    expect(readmeSection(inCluster, 'What is deployed')).toContain('| `mysql` |');
  });

  test('says what to create on the server: the user with mysql_native_password, its grants on every database', () => {
    const database = readmeSection(withTls, 'The database');
    expect(database).toContain("CREATE USER 'kfp'@'%' IDENTIFIED WITH mysql_native_password BY '<password>' REQUIRE SSL;");
    const databases = release.mysql.databases.map((db) => (db === 'pipeline' ? 'kfp_pipelines' : DATABASE_NAMES[db]));
    expect(databases.length).toBeGreaterThan(0);
    for (const db of databases) expect(database).toContain(`GRANT ALL PRIVILEGES ON \`${db}\`.* TO 'kfp'@'%';`);
    expect(database.match(/GRANT ALL PRIVILEGES ON/g)).toHaveLength(databases.length);
    expect(database).toContain('`mysql_native_password=ON`');
    expect(database).toContain('DB parameter group');
    expect(readmeSection(withTls, 'Before you deploy')).toContain('3. Prepare the database server');
    expect(inCluster).not.toContain('## The database');
  });

  test('with TLS, documents the CA ConfigMap the user creates and the command that creates it', () => {
    const database = readmeSection(withTls, 'The database');
    expect(database).toContain('| `rds-ca` | `ca.pem` |');
    expect(database).toContain('kubectl -n ml create configmap rds-ca --from-file=ca.pem=global-bundle.pem');
    expect(withTls).toContain('ConfigMap `rds-ca` must hold, under `ca.pem`');
  });

  test('without TLS, has no CA ConfigMap and requires no SSL of the user', () => {
    const database = readmeSection(withoutTls, 'The database');
    expect(database).not.toContain('REQUIRE SSL');
    expect(database).not.toContain('configmap');
    expect(database).toContain('Set `externalDatabase.tlsCaConfigMap` to encrypt the connections');
  });

  test('drops the in-cluster MySQL\'s volume, root password and password generation', () => {
    const secrets = readmeSection(withTls, 'Secrets');
    expect(secrets).toContain('| `rds-creds` | `username`, `password` | every component that connects to the database |');
    for (const readme of [withTls, withoutTls]) {
      expect(readme).not.toContain('root-password');
      expect(readme).not.toContain('MYSQL_ROOT_PASSWORD');
      expect(readme).not.toContain('MySQL volume');
      expect(readme).not.toContain('deploy/mysql');
      expect(readme).not.toContain('mysql.storageSize');
      expect(readme).not.toContain('generates the MySQL passwords');
    }
    expect(readmeSection(withTls, 'Uninstall')).toContain(`the databases on \`${RDS}\` (every pipeline, run and metadata) stay`);
  });

  test('shows the externalDatabase options where they land, and the in-cluster README the mysql ones', () => {
    const options = readmeSection(withTls, 'Where each option lands');
    const documented = ['externalDatabase', 'externalDatabase.secretName', 'externalDatabase.tlsCaConfigMap', ...(release.mysql.connectionLifetime ? ['externalDatabase.connectionMaxLifetime'] : [])];
    for (const option of documented) expect(options).toContain(`| \`${option}\` |`);
    expect(options).not.toContain('| `mysql.');
    const inClusterOptions = readmeSection(inCluster, 'Where each option lands');
    expect(inClusterOptions).toContain('| `mysql.storageSize` |');
    expect(inClusterOptions).toContain('| `externalDatabase` |');
    expect(inClusterOptions).not.toContain('| `externalDatabase.tlsCaConfigMap` |');
  });
});

test('KFP 0.2.3 gets no TLS advice it cannot follow in its README', () => {
  const readme: string = synthFiles({ kfpVersion: '0.2.3', externalDatabase: { host: RDS } })['README.md'];
  expect(readme).toContain('## The database');
  expect(readme).not.toContain('tlsCaConfigMap');
  expect(readme).not.toContain('wait-for-database');
});

describe('generated README of a repo with additional installs', () => {
  const files = synthFiles({
    bucket: 'acme-kfp',
    namespace: 'ml',
    iam: { roleArn: ROLE },
    additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c', bucket: 'team-c-kfp', mysql: { secretName: 'team-c-db' } }],
  });
  const readme: string = files['README.md'];
  const installs = readmeSection(readme, 'Installs');
  const row = (namespace: string) => installs.split('\n').find((line) => line.startsWith(`| \`${namespace}\` |`)) ?? '';

  test('lists every install with its folders, bucket, prefixes, Secrets and tasks', () => {
    expect(row('ml')).toContain('| `base/`, `overlay/`, `custom/`, `scripts/` | `acme-kfp` | `artifacts`, `pipelines` |');
    expect(row('team-b')).toContain('| `installs/team-b/base/`, `installs/team-b/overlay/`, `installs/team-b/custom/`, `installs/team-b/scripts/` | `acme-kfp` | `team-b/artifacts`, `team-b/pipelines` |');
    expect(row('team-c')).toContain('| `team-c-kfp` | `team-c/artifacts`, `team-c/pipelines` | in-cluster MySQL | `team-c-db`, `ml-pipeline-aws-secret`');
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

  test('says that each install has its own custom component, and names the folder of each', () => {
    const custom = readmeSection(readme, 'Your own changes');
    expect(custom).toContain('Each additional install has its own: `installs/team-b/custom/`, `installs/team-c/custom/`.');
    for (const dir of ['custom', 'installs/team-b/custom', 'installs/team-c/custom']) expect(files[`${dir}/kustomization.yaml`]).toBeDefined();
  });

  test('shows installs/ in the folder structure, and neither appears without additional installs', () => {
    expect(readmeSection(readme, 'Folder structure')).toContain('| `installs/<namespace>/` | each additional install');
    const single: string = synthFiles({ bucket: 'acme-kfp' })['README.md'];
    expect(single).not.toContain('## Installs');
    expect(readmeSection(single, 'Folder structure')).not.toContain('installs/');
  });
});

describe.each(allReleases())('generated README of a repo with installs of KFP %s', (kfpVersion, release) => {
  test('says how each Argo controller stays in its install\'s namespace, what the installs share, and names no cache webhook without one', () => {
    const installs = readmeSection(synthFiles({ kfpVersion, additionalInstalls: [{ namespace: 'team-b' }] })['README.md'], 'Installs');
    // Argo 3 and later watch one namespace by flag, Argo 2 by the namespace of its configuration.
    expect(installs).toContain(release.workloads === WorkloadLayout.PLAIN
      ? 'The Argo workflow controller (the `namespace` of its configuration)'
      : 'The Argo workflow controller (`--namespaced`)');
    expect(installs).toContain('`--include-crds` on the uninstall of any install deletes the workflows');
    expect(installs).not.toContain('cache webhook');
  });
});

describe.each(releasesWith('cache-server'))('generated README of a repo with installs of KFP %s and the cache webhook', (kfpVersion) => {
  test('says that each install\'s cache webhook selects the pods of its namespace, and is named after it', () => {
    const cached = readmeSection(synthFiles({ kfpVersion, cacheWebhook: CacheWebhook.CERT_MANAGER, additionalInstalls: [{ namespace: 'team-b' }] })['README.md'], 'Installs');
    expect(cached).toContain('The cache webhook of each install selects the pods of its own namespace only');
    expect(cached).toContain('named after its namespace: its Namespace, MutatingWebhookConfiguration.');
  });
});

test('KFP 2.17.0\'s Argo controller watches one namespace by flag, 0.2.3\'s by its configuration', () => {
  const installs = (kfpVersion: string) => readmeSection(synthFiles({ kfpVersion, additionalInstalls: [{ namespace: 'team-b' }] })['README.md'], 'Installs');
  expect(installs('2.17.0')).toContain('The Argo workflow controller (`--namespaced`)');
  expect(installs('0.2.3')).toContain('The Argo workflow controller (the `namespace` of its configuration)');
});

describe.each(releasesWhere((r) => r.mysql.tls))('the installs table of KFP %s', (kfpVersion, release) => {
  /** The release's databases on each install's server, and the Secrets each install's user creates. */
  const databases = release.mysql.databases.map((db) => `\`${DATABASE_NAMES[db]}\``).join(', ');
  const created = ['`mysql-secret`', '`ml-pipeline-aws-secret` (`accesskey` only)', ...(release.uiSigningKey ? ['`ml-pipeline-ui-secret`'] : [])].join(', ');

  test('names the database server of each install, and what its user creates for it', () => {
    const readme: string = synthFiles({
      kfpVersion,
      namespace: 'ml',
      externalDatabase: { host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com', tlsCaConfigMap: 'rds-ca' },
      additionalInstalls: [{ namespace: 'team-b', externalDatabase: { host: 'kfp-b.abcdefghijkl.eu-west-1.rds.amazonaws.com' } }],
    })['README.md'];
    const installs = readmeSection(readme, 'Installs');
    const row = (ns: string) => installs.split('\n').find((line) => line.startsWith(`| \`${ns}\` |`))!;
    expect(row('ml')).toContain(`| \`kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com:3306\`: ${databases}, TLS | ${created}, ConfigMap \`rds-ca\` |`);
    expect(row('team-b')).toContain(`| \`kfp-b.abcdefghijkl.eu-west-1.rds.amazonaws.com:3306\`: ${databases} | ${created} |`);
    expect(installs).toContain('npx projen create-secrets:team-b   # the MySQL Secret from installs/team-b/mysql-credentials.env (its user on kfp-b.abcdefghijkl.eu-west-1.rds.amazonaws.com)');
    expect(installs).not.toContain('generates the MySQL passwords');
    expect(installs).toContain('prepare its database server as "The database" says');
  });
});

test('KFP 2.17.0\'s installs table names its three databases and the UI\'s Secret', () => {
  const release = findRelease('2.17.0')!;
  expect([release.mysql.databases, release.uiSigningKey]).toEqual([['pipeline', 'metadata', 'cache'], true]);
});

describe.each(allReleases())('the images section of KFP %s', (kfpVersion, release) => {
  const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
  const rows = (readme: string) => readmeSection(readme, 'Images').split('\n').filter((line) => line.startsWith('| `'));

  test('lists every image the install pulls, and with a mirror where each is pulled from', () => {
    const plain = rows(synthFiles({ kfpVersion })['README.md']);
    const mirrored = rows(synthFiles({ kfpVersion, images: { registry: ECR } })['README.md']);

    expect(plain).toContainEqual(`| \`${release.images.mysql}\` | MySQL |`);
    expect(plain.every((row) => row.split(' | ').length === 2)).toBe(true);
    expect(mirrored).toContainEqual(`| \`${release.images.mysql}\` | MySQL | \`${ECR}/docker.io/library/${release.images.mysql}\` |`);
    expect(mirrored.find((row) => row.includes('Argo executor'))).toContain(`\`${ECR}/${release.images.argoExecutor}\``);
    expect(mirrored).toHaveLength(plain.length);
  });

  test('leaves out the images of components the install does not run', () => {
    expect(rows(synthFiles({ kfpVersion, externalDatabase: { host: 'db.example.com' } })['README.md']).some((row) => row.includes('| MySQL |'))).toBe(false);
    const cache = release.components.includes('cache-server');
    expect(rows(synthFiles({ kfpVersion })['README.md']).some((row) => row.includes('cache'))).toBe(false);
    if (cache) expect(rows(synthFiles({ kfpVersion, cacheWebhook: CacheWebhook.CERT_MANAGER })['README.md']).filter((row) => /cache/.test(row))).toHaveLength(2);
  });

  test('says what the option cannot reach: the TensorBoard image where the UI hard-codes it, gcr.io through ECR', () => {
    const images = readmeSection(synthFiles({ kfpVersion })['README.md'], 'Images');
    expect(images.includes('run `tensorflow/tensorflow:<version>` from Docker Hub whatever the option says')).toBe(release.images.tensorboard === undefined);
    const fromGcr = Object.values(release.images).some((image) => image.startsWith('gcr.io/'));
    expect(images.includes('Amazon ECR pull-through caches do not cache `gcr.io`')).toBe(fromGcr);
  });
});

describe('generated README: Checking the setup', () => {
  test('says when to run doctor and lists the checks of the options, each as the script titles it', () => {
    const files = synthFiles({ ...optionsOf(), iam: { roleArn: ROLE, oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE' } });
    const text = readmeSection(files['README.md'], 'Checking the setup');
    expect(text).toContain('`npx projen doctor` (`scripts/doctor.sh`)');
    expect(files['.projen/tasks.json'].tasks.doctor.steps).toEqual([{ exec: 'scripts/doctor.sh' }]);
    const checks = [...text.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1].trim()).slice(2);
    expect(checks).toEqual(['AWS credentials', 'bucket: exists, in its region', 'bucket: Block Public Access', 'IAM role', 'IAM: the mechanism',
      'IAM OIDC provider', 'storage for MySQL\'s volume']);
    expect(text).toContain('reads only. The checks:');
  });

  test('with an external MySQL, the probe pod and the plugin ML Metadata needs; for KFP 0.2.3, the nodes\' runtime', () => {
    const external = readmeSection(synthFiles({ ...optionsOf(), externalDatabase: { host: 'db.example.com' } })['README.md'], 'Checking the setup');
    expect(external).toContain('except for one short-lived pod per external MySQL server, which it deletes when it ends');
    expect(external).toContain('| external MySQL |');
    expect(external).toContain('whether the user authenticates with `mysql_native_password`, which ML Metadata');
    expect(external).not.toContain('storage for MySQL');
    const old = readmeSection(synthFiles(optionsOf('0.2.3'))['README.md'], 'Checking the setup');
    expect(old).toContain('Argo\'s executor `quay.io/argoproj/argoexec:v2.12.13` in pns mode');
    expect(old).toContain('docker, containerd, cri-o');
  });
});
