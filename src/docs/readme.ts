import { Component, FileBase, IResolver, Project, Task } from 'projen';
import { filesIn, OPTION_LANDINGS, placesIn } from './option-landings';
import { WorkloadLayout } from '../catalog';
import {
  INSTALLS_DIR, KfpConfig, PLACEHOLDER_BUCKET, PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER, PLACEHOLDER_ROLE_ARN,
  placeholderRoleConsumers, roleOption, S3_CONSUMERS, S3Consumer,
} from '../config';
import { IAM_DIR, IamRoleDocuments, IRSA_AUDIENCE, irsaSubject, RoleUse, S3_ACCESS } from '../iam';
import { BASE_DIR, CRDS_DIR, DeploymentManifests, inInstall, ObjectRef, OVERLAYS_DIR, overlayDir } from '../layout/deployment-manifests';
import { IRSA_ROLE_ANNOTATION, s3EndpointUrl } from '../manifests/aws';
import { installComponents } from '../manifests/install';
import { componentEntry } from '../manifests/registry';
import { WEBHOOK_SERVER_TLS } from '../manifests/run-time-secrets';
import { VARIANTS } from '../manifests/variant';
import { namespaceLoss, ROLLOUT_TIMEOUT, SHARED_OBJECTS_WARNING } from '../ops/cluster-scripts';
import { crdRefs, kubectlRef, portForwardCommand, restartCommand, VARIANT_USAGE } from '../ops/commands';
import { defaultVariant } from '../ops/default-variant';
import type { DeploymentTasks, InstallTasks } from '../ops/deployment-tasks';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, DIST_DIR, envFileOf, INCLUDE_CRDS_FLAG, INSTALL_SCRIPTS, MYSQL_CREDENTIALS, SCRIPTS } from '../ops/paths';
import { runTimeClusterObjects } from '../ops/run-time-objects';
import { IamMechanism } from '../options';

/** A generated Markdown file under an HTML-comment marker. */
class GeneratedMarkdownFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly lines: readonly string[]) {
    super(project, filePath, { readonly: true, marker: true });
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const header = this.marker ? [`<!-- ${this.marker} -->`, ''] : [];
    return [...header, ...this.lines, ''].join('\n');
  }
}

/** What the README describes besides the options and the manifests. */
export interface DeploymentReadmeOptions {
  /** The tasks that operate the install. */
  readonly tasks: DeploymentTasks;
  /** Path of the CI workflow; undefined when `deploymentCi` is off. */
  readonly ciWorkflow?: string;
  /** The IAM roles of every install and their documents in `iam/`. */
  readonly iamRoles: readonly IamRoleDocuments[];
}

/** The deployment repo's README, computed from the resolved options and the rendered manifests. */
export class DeploymentReadme extends Component {
  constructor(project: Project, installs: readonly KfpConfig[], manifests: DeploymentManifests, options: DeploymentReadmeOptions) {
    super(project);
    const [config] = installs;
    new GeneratedMarkdownFile(project, 'README.md', [
      ...intro(config, installs),
      ...deployed(config),
      ...quickStart(config, options.tasks),
      ...beforeYouDeploy(config),
      ...database(config),
      ...iamRoles(config, options.iamRoles),
      ...secrets(config),
      ...deploy(config, manifests),
      ...installsSection(options.tasks, manifests),
      ...variants(config, manifests),
      ...folders(options.ciWorkflow, installs),
      ...optionTable(config, manifests.installObjects),
      ...changing(config),
      ...uninstall(config),
      ...ci(options.ciWorkflow),
      ...troubleshooting(config),
    ]);
  }
}

const code = (text: string) => `\`${text}\``;
const objectName = (ref: ObjectRef) => `${ref.kind} ${code(ref.name)}`;
/** A table cell: GitHub ends a cell at any unescaped `|`, even inside code. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** An S3 ARN in the partition of the bucket's region, for IAM policies. */
function s3Arn(config: KfpConfig, resource: string): string {
  return `arn:${config.s3.partition}:s3:::${resource}`;
}

/** The options that still leave a consumer with the placeholder role. */
function placeholderRoleOptions(config: KfpConfig): string[] {
  return [...new Set(placeholderRoleConsumers(config.iam).map((consumer) => roleOption(config.iam, consumer)))];
}

/** Why `npx projen deploy` picks the variant it picks. */
function defaultVariantReason(config: KfpConfig): string {
  return defaultVariant(config) === 'iam'
    ? `${code(overlayDir('iam'))} by default, since every IAM role is set`
    : `${code(overlayDir('accesskey'))} by default, while ${placeholderRoleOptions(config).map(code).join(', ')} is still the placeholder`;
}

/** The one role every consumer of the install uses, if they share one. */
function sharedRole(config: KfpConfig): string | undefined {
  const roles = new Set(S3_CONSUMERS.map((consumer) => config.iam.roles[consumer]));
  return roles.size === 1 ? [...roles][0] : undefined;
}

function intro(config: KfpConfig, installs: readonly KfpConfig[]): string[] {
  const { s3, namespace, release } = config;
  const others = installs.slice(1);
  const warnings: string[] = [];
  if (s3.bucket === PLACEHOLDER_BUCKET) {
    warnings.push(`> **Set your bucket.** This repo still uses the placeholder bucket ${code(PLACEHOLDER_BUCKET)}. Set \`bucket\` in \`.projenrc.ts\` to a bucket you own and run \`npx projen\` before you deploy.`);
  }
  const placeholders = placeholderRoleOptions(config);
  if (placeholders.length > 0) {
    warnings.push(`> **Set your IAM role before you deploy \`${overlayDir('iam')}\`.** It still uses the placeholder ${code(PLACEHOLDER_ROLE_ARN)}: set ${placeholders.map(code).join(', ')} in \`.projenrc.ts\` and run \`npx projen\`.`);
  }
  for (const issue of release.knownIssues) {
    warnings.push(`> **Known issue of KFP ${release.version}.** ${issue.summary}${issue.reference ? ` (${issue.reference})` : ''}`);
  }
  return [
    `# Kubeflow Pipelines ${release.version} on AWS`,
    '',
    `This repository deploys Kubeflow Pipelines ${release.version} into the namespace ${code(namespace)}, with artifacts, archived logs`,
    `and pipeline packages in the S3 bucket ${code(s3.bucket)} (${s3.region}${s3.customEndpoint ? `, on the S3-compatible store ${code(s3EndpointUrl(s3))}` : ''}). It was generated by`,
    '[kfp-aws-project](https://www.npmjs.com/package/kfp-aws-project): every file marked "Generated by projen" is',
    'rewritten by `npx projen` from the options in `.projenrc.ts`. **Edit `.projenrc.ts`, not the generated files**: a',
    'hand edit is overwritten by the next `npx projen`.',
    '',
    ...(others.length > 0 ? [
      `It also deploys ${others.length === 1 ? 'another install' : `${others.length} more installs`} of the same release, each in its own namespace:`,
      `${others.map((o) => code(o.namespace)).join(', ')}. The sections below describe the install in ${code(namespace)}; the others work the same`,
      'way with their own options, folders and tasks (see "Installs").',
      '',
    ] : []),
    ...warnings.flatMap((w) => [w, '']),
  ];
}

function deployed(config: KfpConfig): string[] {
  const { s3 } = config;
  return [
    '## What is deployed',
    '',
    '| component (`base/` folder) | what it is |',
    '| --- | --- |',
    ...installComponents(config).map((name) => `| ${code(name)} | ${componentEntry(name).summary} |`),
    '',
    `No object store is deployed (upstream bundles MinIO or SeaweedFS): every component talks to ${s3.customEndpoint ? `the store at ${code(s3EndpointUrl(s3))}` : 'S3'} directly.`,
    ...(config.mysql.external
      ? [`No MySQL is deployed either: every component uses the databases on ${code(databaseAddress(config))} (see "${DATABASE_SECTION}").`]
      : []),
    '',
  ];
}

/** `host:port` of the database server. */
function databaseAddress(config: KfpConfig): string {
  return `${config.mysql.host}:${config.mysql.port}`;
}

function quickStart(config: KfpConfig, tasks: DeploymentTasks): string[] {
  const variant = defaultVariant(config);
  const external = config.mysql.external;
  const rows: Array<[Task, string]> = [
    [tasks.createSecrets, ''],
    [tasks.deploy, ` ${VARIANT_USAGE}`],
    [tasks.diff, ` ${VARIANT_USAGE}`],
    [tasks.render, ''],
    [tasks.validate, ''],
    [tasks.uninstall, ` ${VARIANT_USAGE} [${INCLUDE_CRDS_FLAG}] [--dry-run] [--yes]`],
  ];
  return [
    '## Quick start',
    '',
    `With \`kubectl\` pointing at the cluster (\`kubectl config current-context\`) and ${external
      ? 'the bucket and the database prepared (next sections)'
      : 'the bucket created (next section)'}:`,
    '',
    '```bash',
    'npm ci                                # once per clone: projen, its toolchain and the validator',
    ...(variant === 'accesskey'
      ? [`cp ${AWS_CREDENTIALS.example} ${AWS_CREDENTIALS.path}   # then fill in the access key`]
      : []),
    ...(external
      ? [`cp ${MYSQL_CREDENTIALS.example} ${MYSQL_CREDENTIALS.path}   # then fill in KFP's database user and password`]
      : []),
    `npx projen create-secrets             # ${variant === 'accesskey' ? 'the MySQL and AWS Secrets' : 'the MySQL Secret'}${external
      ? ''
      : `; generates the MySQL passwords into ${MYSQL_CREDENTIALS.path}`}`,
    `npx projen deploy                     # ${CRDS_DIR}/, then ${overlayDir(variant)}, then waits for the rollout`,
    `${portForwardCommand(config.namespace)}   # the UI, on http://localhost:8080`,
    '```',
    '',
    'Each task runs a script of `scripts/` that you can also run directly; `-h` prints its usage.',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...rows.map(([task, args]) => `| ${cell(code(`npx projen ${task.name}${args}`))} | ${cell(task.description ?? '')} |`),
    '',
  ];
}

function beforeYouDeploy(config: KfpConfig): string[] {
  const { s3 } = config;
  return [
    '## Before you deploy',
    '',
    '1. Create the S3 bucket if it does not exist:',
    '',
    '   ```bash',
    `   aws s3api create-bucket --bucket ${s3.bucket} --region ${s3.region}${s3.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${s3.region}`}${s3.customEndpoint ? ` --endpoint-url ${s3EndpointUrl(s3)}` : ''}`,
    '   ```',
    '',
    `2. Let the pods use it: in ${code(overlayDir('iam'))} through IAM roles, which you create from ${code(`${IAM_DIR}/`)} as under "IAM roles";`,
    `   in ${code(overlayDir('accesskey'))} through the access key of an IAM user, which needs \`s3:ListBucket\` on ${code(s3Arn(config, s3.bucket))}`,
    `   and \`s3:GetObject\`, \`s3:PutObject\` and \`s3:DeleteObject\` on ${code(s3Arn(config, `${s3.bucket}/*`))}.`,
    '',
    ...(config.mysql.external
      ? [`3. Prepare the database server ${code(databaseAddress(config))}: KFP's user and its grants${config.mysql.tls ? ', and the CA ConfigMap' : ''} (see "${DATABASE_SECTION}").`, '']
      : []),
    `${config.mysql.external ? 4 : 3}. Create the Secrets: \`npx projen create-secrets\` (see "Secrets").`,
    '',
  ];
}

/** What to prepare on an external database server; nothing for the in-cluster MySQL. */
function database(config: KfpConfig): string[] {
  const { mysql, namespace } = config;
  if (!mysql.external) return [];
  const user = `'${DEFAULT_MYSQL_USER}'@'%'`;
  const databases = mysql.databases.map((db) => code(db)).join(', ');
  const lines = [
    `## ${DATABASE_SECTION}`,
    '',
    `KFP keeps its pipelines, runs and metadata on the MySQL server ${code(databaseAddress(config))} (\`externalDatabase\`), in the`,
    `databases ${databases}; no MySQL runs in the cluster. Before the first deploy, create KFP's user there as an`,
    `administrator (on RDS, the master user), with a password of your choice (and any name; ${code(DEFAULT_MYSQL_USER)} here):`,
    '',
    '```sql',
    `CREATE USER ${user} IDENTIFIED WITH mysql_native_password BY '<password>'${mysql.tls ? ' REQUIRE SSL' : ''};`,
    ...mysql.databases.map((db) => `GRANT ALL PRIVILEGES ON \`${db}\`.* TO ${user};`),
    '```',
    '',
    '- The databases need not exist: each component creates its own on its first start (`CREATE DATABASE` when it is',
    '  missing), which these grants allow. Creating them beforehand works as well.',
    '- `mysql_native_password`: KFP\'s MySQL clients use it, ML Metadata\'s in particular. MySQL 8.4 disables it by default,',
    '  so the server must run with `mysql_native_password=ON` (on RDS, set it in the DB parameter group of the instance)',
    '  before you create the user.',
    `- The server must accept connections from the cluster's pods on port ${mysql.port} (on RDS, through the instance's`,
    '  security group).',
    `- Then put the user and the password into ${code(MYSQL_CREDENTIALS.path)} and run ${code(SCRIPTS.createMysqlSecret)} (see "Secrets").`,
    '',
  ];
  if (!mysql.tls) {
    return [
      ...lines,
      `No component asks the server for TLS or verifies its certificate.${config.release.mysql.tls
        ? ' Set `externalDatabase.tlsCaConfigMap` to encrypt the connections and verify the server.'
        : ''}`,
      '',
    ];
  }
  const configMap = mysql.tls.caConfigMap;
  return [
    ...lines,
    '### TLS',
    '',
    'Every component connects with TLS and verifies the server\'s certificate, for the host name',
    `${code(mysql.host)}, against the CA bundle in a ConfigMap that you create in the namespace ${code(namespace)}:`,
    '',
    '| ConfigMap | key | read by | created by |',
    '| --- | --- | --- | --- |',
    `| ${code(configMap)} | ${code(mysql.tls.caKey)} | the api server, the cache server and ML Metadata | you, from the server's CA bundle |`,
    '',
    'For RDS and Aurora the bundle is `global-bundle.pem`, which AWS publishes for every region (see "Using SSL/TLS to',
    'encrypt a connection to a DB instance" in the RDS documentation). With the bundle downloaded:',
    '',
    '```bash',
    `kubectl create namespace ${namespace} --dry-run=client -o yaml | kubectl apply -f -`,
    `kubectl -n ${namespace} create configmap ${configMap} --from-file=${mysql.tls.caKey}=global-bundle.pem \\`,
    '  --dry-run=client -o yaml | kubectl apply -f -',
    '```',
    '',
    '`npx projen deploy` stops before any change while the ConfigMap is missing. After replacing the bundle, restart the pods',
    `(${code(restartCommand(namespace))}).`,
    '',
  ];
}

/** The policy name `put-role-policy` gives each role's permissions. */
const ROLE_POLICY_NAME = 'kubeflow-pipelines-s3';

/** What the S3 access of a consumer comes to, in words, with the prefixes of `config`. */
function accessSummary(config: KfpConfig, consumer: S3Consumer): string {
  const verbs: Record<string, string> = { 's3:GetObject': 'read', 's3:PutObject': 'write', 's3:DeleteObject': 'delete' };
  const grants = S3_ACCESS[consumer].grants.map((grant) => {
    const actions = grant.objectActions.flatMap((action) => verbs[action] ?? []);
    return `${[...actions, ...(grant.list ? ['list'] : [])].join(', ')} ${code(`${config.s3[grant.area]}/*`)}`;
  });
  if (consumer === S3Consumer.API_SERVER && config.release.apiServerChecksBucket) {
    grants.push('check that the bucket exists (at startup, or it exits)');
  }
  return grants.length > 0 ? grants.join('; ') : 'none: the step pods move the artifacts';
}

/** Who assumes a role: the ServiceAccounts its trust policy names (IRSA), or the pods kube2iam gives it to, by namespace. */
function assumedBy(uses: readonly RoleUse[]): string {
  const subjects = new Set<string>();
  const pods = new Map<string, string[]>();
  for (const use of uses) {
    if (use.config.iam.mechanism === IamMechanism.IRSA) {
      subjects.add(code(irsaSubject(use)));
    } else {
      pods.set(use.config.namespace, [...pods.get(use.config.namespace) ?? [], S3_ACCESS[use.consumer].who]);
    }
  }
  const groups = [...pods].map(([namespace, who]) => `${who.join(', ')} in ${code(namespace)}`);
  return [...(subjects.size > 0 ? [[...subjects].join(', ')] : []), ...groups].join('; ');
}

function iamRoles(config: KfpConfig, roles: readonly IamRoleDocuments[]): string[] {
  const { iam } = config;
  if (config.s3.customEndpoint) {
    return [
      '## IAM roles',
      '',
      `None for this install: its bucket is on the S3-compatible store ${code(s3EndpointUrl(config.s3))} (\`s3Endpoint\`), whose`,
      `access AWS IAM does not govern, so ${code(`${IAM_DIR}/`)} holds no documents for it. Deploy ${code(overlayDir('accesskey'))} with an access key of`,
      `the store, or ${code(overlayDir('iam'))} only where the store accepts the credentials that the pods' roles give them.`,
      '',
    ];
  }
  const uses = roles.flatMap((role) => role.uses);
  const warnings: string[] = [];
  if (uses.some((use) => use.config.iam.mechanism === IamMechanism.IRSA && use.config.iam.oidcProvider === PLACEHOLDER_OIDC_PROVIDER)) {
    warnings.push(`> **Set your cluster's OIDC provider before you create the roles.** The trust policies name the placeholder ${code(PLACEHOLDER_OIDC_PROVIDER)}: set \`iam.oidcProvider\` in \`.projenrc.ts\` to the cluster's issuer without \`https://\` (\`aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text\`) and run \`npx projen\`.`);
  }
  if (uses.some((use) => use.config.iam.mechanism === IamMechanism.KUBE2IAM && use.config.iam.nodeRoleArn === PLACEHOLDER_NODE_ROLE_ARN)) {
    warnings.push(`> **Set your nodes' role before you create the roles.** The trust policies name the placeholder ${code(PLACEHOLDER_NODE_ROLE_ARN)}: set \`iam.nodeRoleArn\` in \`.projenrc.ts\` to the IAM role of the nodes where kube2iam runs and run \`npx projen\`.`);
  }
  const how = iam.mechanism === IamMechanism.IRSA
    ? [
      `${code(overlayDir('iam'))} reaches S3 through IAM roles. With IRSA, the ServiceAccount of each pod that reaches S3 carries`,
      `its role (${code(IRSA_ROLE_ANNOTATION)}), and EKS lets the pod assume it through the cluster's OIDC provider (\`iam.oidcProvider\`).`,
    ]
    : [
      `${code(overlayDir('iam'))} reaches S3 through IAM roles. With kube2iam, each pod that reaches S3 carries its role`,
      `(${code(iam.kube2iamAnnotationKey)}), and kube2iam assumes it with the nodes' role (\`iam.nodeRoleArn\`).`,
    ];
  return [
    '## IAM roles',
    '',
    ...how,
    `For each role, ${code(`${IAM_DIR}/`)} holds what it may do (\`<role>.policy.json\`: only the S3 actions its pods need, only`,
    'under the prefixes of this repo) and who may assume it (`<role>.trust.json`). They are generated like the rest, but',
    'without the "Generated by projen" line, which IAM would reject: change `iam` in `.projenrc.ts`, not these files.',
    '',
    ...warnings.flatMap((w) => [w, '']),
    '| role | assumed by | files |',
    '| --- | --- | --- |',
    ...roles.map((role) => `| ${code(role.role)} | ${assumedBy(role.uses)} | ${code(role.policyFile)}, ${code(role.trustFile)} |`),
    '',
    'Create each role with its trust policy, then give it its permissions (for a role that exists, `aws iam',
    'update-assume-role-policy --role-name <role> --policy-document file://iam/<role>.trust.json` replaces its trust policy):',
    '',
    '```bash',
    ...roles.flatMap((role) => [
      `aws iam create-role --role-name ${role.name}${role.path === '/' ? '' : ` --path ${role.path}`} --assume-role-policy-document file://${role.trustFile}`,
      `aws iam put-role-policy --role-name ${role.name} --policy-name ${ROLE_POLICY_NAME} --policy-document file://${role.policyFile}`,
    ]),
    '```',
    '',
    'Each pod can have a role of its own, so that it gets only the access it needs: set `iam.roleArns`. Without a role of',
    'its own, a pod uses `iam.roleArn`, and a role shared by several pods may do what each of them may.',
    '',
    '| pods | `iam.roleArns` key | S3 access | role |',
    '| --- | --- | --- | --- |',
    ...S3_CONSUMERS.map((consumer) => `| ${S3_ACCESS[consumer].who} | ${code(consumer)} | ${accessSummary(config, consumer)} | ${code(iam.roles[consumer])} |`),
    '',
  ];
}

/** The README's parts about the MySQL Secret: who reads it, what the script does, the same by hand, rotation. */
interface MysqlSecretDocs {
  readonly row: string;
  readonly script: string[];
  readonly byHandNote: string;
  readonly byHand: string[];
  readonly rotating: string[];
}

function mysqlSecretDocs(config: KfpConfig): MysqlSecretDocs {
  const { mysql, namespace } = config;
  const { name, usernameKey, passwordKey, rootPasswordKey } = mysql.secret;
  const restart = `(${code(restartCommand(namespace))})`;
  if (mysql.external) {
    return {
      row: `| ${code(name)} | ${code(usernameKey)}, ${code(passwordKey)} | every component that connects to the database | both variants | ${code(SCRIPTS.createMysqlSecret)} |`,
      script: [
        `- ${code(SCRIPTS.createMysqlSecret)} reads ${code(MYSQL_CREDENTIALS.user)} and ${code(MYSQL_CREDENTIALS.password)}, KFP's user on ${code(mysql.host)} and its`,
        `  password (see "${DATABASE_SECTION}"), from the environment or from ${code(MYSQL_CREDENTIALS.path)} (start from`,
        `  ${code(MYSQL_CREDENTIALS.example)}). It generates nothing: the user exists on the server before the Secret.`,
      ],
      byHandNote: 'By hand, the same:',
      byHand: [
        `kubectl -n ${namespace} create secret generic ${name} \\`,
        `  --from-literal=${usernameKey}="$${MYSQL_CREDENTIALS.user}" \\`,
        `  --from-literal=${passwordKey}="$${MYSQL_CREDENTIALS.password}" \\`,
        '  --dry-run=client -o yaml | kubectl apply -f -',
      ],
      rotating: [
        `- **MySQL password**: change it on the server (${code('ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<new>\';')}),`,
        `  put the new value in ${code(MYSQL_CREDENTIALS.path)}, run ${code(SCRIPTS.createMysqlSecret)} and restart the pods ${restart}.`,
        '  Between the change on the server and the restart, the pods cannot open new connections.',
      ],
    };
  }
  return {
    row: `| ${code(name)} | ${code(usernameKey)}, ${code(passwordKey)}, ${code(rootPasswordKey)} | MySQL (creates the user on its first start) and every component that connects to it | both variants | ${code(SCRIPTS.createMysqlSecret)} |`,
    script: [
      `- ${code(SCRIPTS.createMysqlSecret)} reads ${code(MYSQL_CREDENTIALS.user)} (default ${code(DEFAULT_MYSQL_USER)}, never root), ${code(MYSQL_CREDENTIALS.password)} and`,
      `  ${code(MYSQL_CREDENTIALS.rootPassword)} from the environment or from ${code(MYSQL_CREDENTIALS.path)}. It generates missing passwords (192 random`,
      `  bits each) and writes them to ${code(MYSQL_CREDENTIALS.path)} with mode 600, without printing them. Keep that file, or its`,
      '  values, somewhere safe: the cluster is the only other place that has them.',
    ],
    byHandNote: 'By hand, the same (avoid single quotes and backslashes in the MySQL values):',
    byHand: [
      `kubectl -n ${namespace} create secret generic ${name} \\`,
      `  --from-literal=${usernameKey}=${DEFAULT_MYSQL_USER} \\`,
      `  --from-literal=${passwordKey}="$(openssl rand -hex 24)" \\`,
      `  --from-literal=${rootPasswordKey}="$(openssl rand -hex 24)" \\`,
      '  --dry-run=client -o yaml | kubectl apply -f -',
    ],
    rotating: [
      `- **MySQL passwords**: MySQL reads ${code(name)} only when it starts on an empty volume, so a new value in the Secret`,
      '  alone locks KFP out. Change the password in MySQL first:',
      `  ${code(`kubectl -n ${namespace} exec -it deploy/mysql -- mysql -uroot -p`)}, then`,
      `  ${code("ALTER USER '<user>'@'%' IDENTIFIED BY '<new>';")} (MySQL 5.6: ${code("SET PASSWORD FOR '<user>'@'%' = PASSWORD('<new>');")}), where`,
      `  \`<user>\` is ${code(DEFAULT_MYSQL_USER)} unless you set ${code(MYSQL_CREDENTIALS.user)}, or \`root\` for the root password.`,
      `  Then put the new value in ${code(MYSQL_CREDENTIALS.path)}, run ${code(SCRIPTS.createMysqlSecret)} and restart the pods`,
      `  ${restart}.`,
    ],
  };
}

function secrets(config: KfpConfig): string[] {
  const { accessKey, namespace } = config;
  const mysql = mysqlSecretDocs(config);
  const lines = [
    '## Secrets',
    '',
    'No secret value is in this repository: the manifests name the Secrets only, and the scripts create them from the',
    'environment or from env files that Git ignores.',
    '',
    '| Secret | keys | read by | needed for | created by |',
    '| --- | --- | --- | --- | --- |',
    mysql.row,
    `| ${code(accessKey.secretName)} | ${code(accessKey.accessKeyIdKey)}, ${code(accessKey.secretAccessKeyKey)} | every component that reaches S3 | ${code(overlayDir('accesskey'))} only | ${code(SCRIPTS.createAwsSecret)} |`,
    '',
    ...mysql.script,
    `- ${code(SCRIPTS.createAwsSecret)} reads ${code(AWS_CREDENTIALS.accessKeyId)} and ${code(AWS_CREDENTIALS.secretAccessKey)} from the environment or from`,
    `  ${code(AWS_CREDENTIALS.path)} (start from ${code(AWS_CREDENTIALS.example)}).`,
    '- Both create the namespace when it is missing and apply with `kubectl create secret generic ... --dry-run=client -o yaml |',
    '  kubectl apply -f -`, so running them again updates the Secret. The values reach kubectl through file descriptors,',
    '  never on a command line.',
    '',
    mysql.byHandNote,
    '',
    '```bash',
    `kubectl create namespace ${namespace} --dry-run=client -o yaml | kubectl apply -f -`,
    ...mysql.byHand,
    `kubectl -n ${namespace} create secret generic ${accessKey.secretName} \\`,
    `  --from-literal=${accessKey.accessKeyIdKey}="$${AWS_CREDENTIALS.accessKeyId}" \\`,
    `  --from-literal=${accessKey.secretAccessKeyKey}="$${AWS_CREDENTIALS.secretAccessKey}" \\`,
    '  --dry-run=client -o yaml | kubectl apply -f -',
    '```',
    '',
    '### Rotating',
    '',
    `- **AWS access key**: create a second key for the IAM user, put it in ${code(AWS_CREDENTIALS.path)} (or the environment), run`,
    `  ${code(SCRIPTS.createAwsSecret)}, restart the pods (${code(restartCommand(config.namespace))}), check that a run reads and writes`,
    '  the bucket, then deactivate and delete the old key.',
    ...mysql.rotating,
    '',
  ];
  const runTime = runTimeClusterObjects(config);
  if (runTime.length > 0) {
    lines.push(
      `Created at run time, not by these manifests: the cache deployer creates ${runTime.map(objectName).join(' and ')}, and`,
      `stores the certificate the cluster signs as Secret ${code(WEBHOOK_SERVER_TLS)}.`,
      '',
    );
  }
  return lines;
}

function deploy(config: KfpConfig, manifests: DeploymentManifests): string[] {
  const variant = defaultVariant(config);
  return [
    '## Deploy',
    '',
    `\`npx projen deploy\` (${code(SCRIPTS.install)}) installs ${defaultVariantReason(config)}; \`npx projen deploy <variant>\``,
    `installs another. It stops before any change when a Secret the variant reads${config.mysql.tls ? ' or the CA ConfigMap' : ''} is missing, applies the cluster-wide`,
    `${code(`${CRDS_DIR}/`)}, waits until its CRDs are established, applies the overlay and waits until every Deployment is available.`,
    'The same by hand:',
    '',
    '```bash',
    `kubectl apply -k ${CRDS_DIR}`,
    'kubectl wait --for condition=established --timeout=120s \\',
    ...crdRefs(manifests).map((ref, i, all) => `  ${ref}${i < all.length - 1 ? ' \\' : ''}`),
    `kubectl apply -k ${overlayDir(variant)}`,
    `kubectl -n ${config.namespace} wait --for condition=Available --timeout=${ROLLOUT_TIMEOUT} deployment --all`,
    '```',
    '',
    'Before you apply: `npx projen diff` shows what would change in the cluster, `npx projen render` writes what would',
    `be applied to ${code(`${DIST_DIR}/`)}, and \`npx projen validate\` builds every folder and checks it without a cluster or network:`,
    'each object against the Kubernetes schema of its kind, and every reference between the objects (ServiceAccounts,',
    'ConfigMaps and Secrets with the keys the pods read, PVCs, PriorityClasses, selectors, Service ports, roles and binding',
    `subjects), with ${code(`${CRDS_DIR}/`)} built together with each overlay. The only objects the manifests may lack are the ones`,
    'you create (see "Secrets") and the ones pods create at run time. When kubeconform is installed, it also checks the',
    'objects strictly (unknown fields too); it downloads the schemas.',
    '',
  ];
}

/** The installs of `additionalInstalls` beside the first one: what each is, how to operate it, what they share. */
/** Where an install keeps its databases, for the installs table. */
function installDatabase(config: KfpConfig): string {
  const { mysql } = config;
  if (!mysql.external) return 'in-cluster MySQL';
  return `${code(databaseAddress(config))}: ${mysql.databases.map(code).join(', ')}${mysql.tls ? ', TLS' : ''}`;
}

function installsSection(tasks: DeploymentTasks, manifests: DeploymentManifests): string[] {
  if (tasks.installs.length < 2) return [];
  const [first, ...others] = tasks.installs;
  const { release, namespace } = first.config;
  const runTime = runTimeClusterObjects(first.config);
  const taskCommands = (t: InstallTasks) => [t.createSecrets, t.deploy, t.diff, t.uninstall].map((task) => code(`npx projen ${task.name}`));
  const folder = (config: KfpConfig, dir: string) => code(`${inInstall(config.root, dir)}/`);
  const argo = release.workloads === WorkloadLayout.PLAIN
    ? 'The Argo workflow controller (the `namespace` of its configuration)'
    : 'The Argo workflow controller (`--namespaced`)';
  const watchers = ['persistence-agent', 'scheduled-workflow', 'viewer-crd-controller', 'metadata-writer', 'cache-server']
    .filter((name) => release.components.includes(name));
  return [
    '## Installs',
    '',
    `This repository deploys ${tasks.installs.length} installs of Kubeflow Pipelines ${release.version} (\`additionalInstalls\` in \`.projenrc.ts\` adds`,
    `the others). They share ${code(`${CRDS_DIR}/`)}; each has its own namespace, folders, database, Secrets, env files, scripts and tasks.`,
    '',
    '| namespace | folders | bucket | artifact prefix, pipeline prefix | database | objects you create | default variant | tasks |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...tasks.installs.map((t) => {
      const { config } = t;
      return `| ${code(config.namespace)} | ${folder(config, BASE_DIR)}, ${folder(config, OVERLAYS_DIR)}, ${code(`${inInstall(config.root, 'scripts')}/`)} | `
        + `${code(config.s3.bucket)} | ${code(config.s3.artifactPrefix)}, ${code(config.s3.pipelinePrefix)} | ${installDatabase(config)} | `
        + `${code(config.mysql.secret.name)}, ${code(config.accessKey.secretName)} (${code('accesskey')} only)`
        + `${config.mysql.tls ? `, ConfigMap ${code(config.mysql.tls.caConfigMap)}` : ''} | `
        + `${code(overlayDir(defaultVariant(config), config.root))} | ${cell(taskCommands(t).join(', '))} |`;
    }),
    '',
    `The tasks of ${code(namespace)} are under "Quick start". Each other install has the same tasks, named after its namespace,`,
    'which run its own scripts and read its own env files (Git ignores them). Before the first deploy of an install, do',
    `what "Before you deploy" says for its bucket and role${others.some((o) => o.config.mysql.external)
      ? `, and prepare its database server as "${DATABASE_SECTION}" says, with the databases of the table above (and its CA ConfigMap, in its namespace, where the table names one)`
      : ''}. For ${others.map((o) => code(o.config.namespace)).join(', ')}:`,
    '',
    '```bash',
    ...others.flatMap(({ config, createSecrets, deploy: deployTask, uninstall: uninstallTask }) => {
      const aws = envFileOf(config.root, AWS_CREDENTIALS);
      return [
        ...(defaultVariant(config) === 'accesskey' ? [`cp ${aws.example} ${aws.path}   # then fill in the access key`] : []),
        `npx projen ${createSecrets.name}   # ${config.mysql.external
          ? `the MySQL Secret from ${envFileOf(config.root, MYSQL_CREDENTIALS).path} (its user on ${config.mysql.host})`
          : `generates the MySQL passwords into ${envFileOf(config.root, MYSQL_CREDENTIALS).path}`}`,
        `npx projen ${deployTask.name}          # ${CRDS_DIR}/ (unchanged once applied), then ${overlayDir(defaultVariant(config), config.root)}`,
        `${portForwardCommand(config.namespace)}   # its UI`,
        `npx projen ${uninstallTask.name} --dry-run   # what uninstalling it would delete`,
      ];
    }),
    '```',
    '',
    `\`npx projen render\` and \`npx projen validate\` build ${code(`${CRDS_DIR}/`)} and every overlay of every install.`,
    '',
    '### What the installs share, and what they do not',
    '',
    `- ${code(`${CRDS_DIR}/`)}: a cluster has one version of each CRD, so every install runs KFP ${release.version}. After a change of`,
    '  `kfpVersion`, deploy every install. `--include-crds` on the uninstall of any install deletes the workflows, recurring',
    '  runs and viewers of all of them.',
    `- Controllers: each install's act in its namespace only. ${argo} and the controllers of`,
    `  ${watchers.map(code).join(', ')} watch the namespace of their pod, and their Roles grant nothing outside it:`,
    '  one install never runs, records or schedules the workflows of another.',
    `- The cluster-scoped objects of one install are named after its namespace: its ${manifests.installClusterObjects.map((o) => o.kind).join(', ')}${runTime.length > 0 ? `, and the ${runTime.map((o) => o.kind).join(' and ')} its cache deployer creates` : ''}.`,
    ...(runTime.length > 0 ? [
      '- Cluster-wide by nature: the cache webhook. Each cache deployer creates its MutatingWebhookConfiguration as upstream',
      '  does, without a namespace selector, so the API server sends the creation of every pod labelled',
      '  `pipelines.kubeflow.org/cache_enabled: "true"`, in any namespace, to the cache server of every install (which',
      '  leaves KFP v2 pods as they are: v2 caches in its driver). Upstream sets no failure policy, so the API\'s default,',
      '  `Fail`, applies: while the cache server of one install is unavailable, creating such pods fails in every namespace',
      '  after the webhook\'s 5-second timeout.',
    ] : []),
    '',
    '### Removing an install',
    '',
    'Uninstall it first (its uninstall task, while its folder still exists), then remove it from `additionalInstalls` and run',
    `\`npx projen\`: its folder under ${code(`${INSTALLS_DIR}/`)} goes with every generated file in it. Its env files stay, with the folder`,
    'that holds them: they are yours, and Git no longer ignores them, so move or delete them.',
    '',
  ];
}

function variants(config: KfpConfig, manifests: DeploymentManifests): string[] {
  const { accessKey, iam } = config;
  const role = sharedRole(config);
  const annotation = (key: string) => code(role ? `${key}: ${role}` : key);
  const their = role ? '' : ' with their role (see "IAM roles")';
  const how = {
    accesskey: `an AWS access key from Secret ${code(accessKey.secretName)}`,
    iam: iam.mechanism === IamMechanism.IRSA
      ? `IRSA: the ServiceAccounts of the pods that reach S3 carry ${annotation(IRSA_ROLE_ANNOTATION)}${their}; no keys anywhere`
      : `kube2iam: the pods that reach S3 carry ${annotation(iam.kube2iamAnnotationKey)}${their}; no keys anywhere`,
  };
  return [
    '## Credential variants',
    '',
    'Both overlays build on the same `base/`; each changes only what its credentials need. Prefer',
    `${code(overlayDir('iam'))} where the cluster supports it: no key exists that could leak or expire. The tasks use`,
    `${defaultVariantReason(config)}; \`deploy\`, \`diff\` and \`uninstall\` take the other variant as an argument.`,
    '',
    '| folder | how pods reach S3 | objects it changes |',
    '| --- | --- | --- |',
    ...VARIANTS.map((v) => `| ${code(overlayDir(v))} | ${how[v]} | ${(manifests.overlayObjects.get(v) ?? []).map(objectName).join(', ')} |`),
    '',
  ];
}

function folders(ciWorkflow: string | undefined, installs: readonly KfpConfig[]): string[] {
  return [
    '## Folder structure',
    '',
    '| path | what |',
    '| --- | --- |',
    '| `.projenrc.ts` | the options of this repo: the only file to edit |',
    `| \`${CRDS_DIR}/\` | cluster-scoped objects shared by every install in the cluster (CRDs, PriorityClass, ClusterRoles) |`,
    `| \`${BASE_DIR}/<component>/\` | every object of this install, one file per object, without credentials |`,
    `| \`${overlayDir('accesskey')}/\`, \`${overlayDir('iam')}/\` | the base plus the patches of one credential variant |`,
    ...(installs.length > 1 ? [
      `| \`${INSTALLS_DIR}/<namespace>/\` | each additional install (see "Installs"): its own \`${BASE_DIR}/\`, \`${OVERLAYS_DIR}/\`, \`scripts/\` (${INSTALL_SCRIPTS.map((role) => code(SCRIPTS[role].split('/').pop()!)).join(', ')}) and env file examples |`,
    ] : []),
    `| \`${IAM_DIR}/\` | the permissions and the trust policy of each IAM role of \`${overlayDir('iam')}\` (see "IAM roles") |`,
    `| \`scripts/\` | ${Object.values(SCRIPTS).map((path) => code(path.split('/').pop()!)).join(', ')}: what the tasks run |`,
    `| ${code(AWS_CREDENTIALS.example)}, ${code(MYSQL_CREDENTIALS.example)} | what the secret scripts read; copy to the file without \`.example\`, which Git ignores. Written once, then yours |`,
    ...(ciWorkflow ? [`| ${code(ciWorkflow)} | CI: re-synthesizes and fails on any difference, then builds and validates every overlay |`] : []),
    `| \`${DIST_DIR}/\` | what \`npx projen render\` writes; ignored by Git |`,
    '',
  ];
}

function optionTable(config: KfpConfig, installObjects: readonly ObjectRef[]): string[] {
  const rendered = new Set(installObjects.map((o) => `${o.kind}/${o.name}`));
  const rows = OPTION_LANDINGS
    .filter((landing) => landing.externalDatabase === undefined || landing.externalDatabase === config.mysql.external)
    .map((landing) => ({
      landing,
      where: [
        ...placesIn(landing, config, rendered).map((p) => `${objectName(p)}: ${p.field}`),
        ...filesIn(landing, config).map((f) => `${code(f.path)}: ${f.field}`),
      ],
    }))
    // Options the release has no use for (TLS to the database in 0.2.3) land nowhere.
    .filter(({ landing, where }) => landing.folders !== undefined || where.length > 0).map(({ landing, where }) => {
      const scope = landing.variant ? ` (in ${code(overlayDir(landing.variant))})` : '';
      return `| ${code(landing.option)}${scope} | ${landing.folders ?? where.join('<br>')} |`;
    });
  return [
    '## Where each option lands',
    '',
    `\`kfpVersion\` (${config.release.version}) selects the components and every image; \`namespace\` (${config.namespace}) is the`,
    'namespace of every object in `base/` and of every ServiceAccount a binding names. The others:',
    '',
    '| option | object: field |',
    '| --- | --- |',
    ...rows,
    `| ${code('iam')} (in ${code(overlayDir('iam'))}) | the objects listed for ${code(overlayDir('iam'))} under "Credential variants" |`,
    '',
  ];
}

function changing(config: KfpConfig): string[] {
  return [
    '## Changing settings and upgrading',
    '',
    'Edit `.projenrc.ts` and run `npx projen`. Every generated file is rewritten, files that are no longer generated are',
    'deleted, and files you created yourself are left alone. Commit the result and apply it as under "Deploy". After',
    '`npm ci`, a fresh clone re-synthesizes to the same files. `npx projen typecheck` type-checks `.projenrc.ts`.',
    '',
    'Upgrading a live install is a Kubeflow Pipelines matter, not only a file change. Within 2.x, upstream upgrades by',
    'applying the newer release\'s manifests over the old ones: the api server and the metadata server migrate their',
    'database schemas when they start. There is no upstream path from 0.2.x to 2.x: the database of a 0.2.3 install is',
    ...(config.mysql.external ? [
      'not migrated. Treat that change as a new install: uninstall the old version, drop its databases on',
      `${code(config.mysql.host)} (or give the new install other names with \`externalDatabase\`) and deploy the new one (the bucket`,
      `${code(config.s3.bucket)} keeps the old artifacts).`,
    ] : [
      'not migrated, and MySQL 8.4 cannot open a MySQL 5.6 data directory. Treat that change as a new install: back up',
      `or remove the old MySQL volume, uninstall the old version and deploy the new one (the bucket ${code(config.s3.bucket)} keeps`,
      'the old artifacts).',
    ]),
    '',
  ];
}

function uninstall(config: KfpConfig): string[] {
  const runTime = runTimeClusterObjects(config);
  const variant = defaultVariant(config);
  return [
    '## Uninstall',
    '',
    '```bash',
    'npx projen uninstall --dry-run    # what would be deleted; nothing is',
    'npx projen uninstall              # asks you to type the namespace; --yes skips that, and is needed without a terminal',
    '```',
    '',
    `It deletes what ${overlayDir(variant)} applied (or the overlay you name): the namespace ${code(config.namespace)} with everything in it,`,
    `${namespaceLoss(config, code)}.${runTime.length > 0
      ? ` It also deletes what the cache deployer created at run time, which \`kubectl delete -k\` alone leaves behind: ${runTime.map(objectName).join(', ')}.`
      : ''}`,
    '',
    `> **${code(`${CRDS_DIR}/`)} stays unless you pass ${code(INCLUDE_CRDS_FLAG)}.** ${SHARED_OBJECTS_WARNING.join(' ')}`,
    `> \`npx projen uninstall ${INCLUDE_CRDS_FLAG}\` prints this warning, then deletes them as well.`,
    '',
    'By hand:',
    '',
    '```bash',
    ...(runTime.length > 0 ? [`kubectl delete --ignore-not-found ${runTime.map(kubectlRef).join(' ')}`] : []),
    `kubectl delete -k ${overlayDir(variant)}`,
    `kubectl delete -k ${CRDS_DIR}    # only when no other install in the cluster uses them`,
    '```',
    '',
  ];
}

function ci(ciWorkflow: string | undefined): string[] {
  if (!ciWorkflow) return [];
  return [
    '## Continuous integration',
    '',
    `${code(ciWorkflow)} runs on pull requests and on pushes to \`main\`: \`npm ci\`, \`npx projen\`, then it fails when any`,
    'file differs from what `.projenrc.ts` generates (a hand edit of a generated file, or an option change that was not',
    'synthesized), then builds every overlay and checks its schemas and references, also strictly with kubeconform',
    '(`npx projen validate`). Set `deploymentCi: false` in `.projenrc.ts` to drop the workflow.',
    '',
  ];
}

function troubleshooting(config: KfpConfig): string[] {
  const { s3, iam, namespace, mysql, release } = config;
  const identity = iam.mechanism === IamMechanism.IRSA
    ? [
      `**IRSA: pods of ${code(overlayDir('iam'))} get AccessDenied, or act as the node's role.** Check, in order:`,
      '',
      '1. The cluster has an IAM OIDC provider: the issuer of `aws eks describe-cluster --name <cluster> --query',
      '   cluster.identity.oidc.issuer` is among `aws iam list-open-id-connect-providers` (`eksctl utils',
      '   associate-iam-oidc-provider --cluster <cluster> --approve` adds it).',
      `2. That provider is the one \`iam.oidcProvider\` names (now ${code(iam.oidcProvider)}), and each role has the trust policy of`,
      `   ${code(`${IAM_DIR}/<role>.trust.json`)} (see "IAM roles"): ${code('aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument')}`,
      `   shows the one it has. It must allow \`sts:AssumeRoleWithWebIdentity\` with \`<issuer>:aud\` = ${code(IRSA_AUDIENCE)} and`,
      '   `<issuer>:sub` the ServiceAccount of the pod.',
      `3. That ServiceAccount carries the annotation: ${code(`kubectl -n ${namespace} get serviceaccount <name> -o yaml`)} shows`,
      `   ${code(IRSA_ROLE_ANNOTATION)} with the pod's role.`,
      `4. Pods started before the annotation have no token: ${code(restartCommand(config.namespace))}. Pipeline steps started`,
      '   afterwards get it.',
    ]
    : [
      `**kube2iam: pods of ${code(overlayDir('iam'))} get AccessDenied.** kube2iam (or kiam) must run on every node, and each role`,
      `must trust the nodes' role: its ${code(`${IAM_DIR}/<role>.trust.json`)} names \`iam.nodeRoleArn\`, now`,
      `${code(iam.nodeRoleArn)}. The pods carry ${code(iam.kube2iamAnnotationKey)} with their role`,
      `(${code(`kubectl -n ${namespace} get pods -o yaml`)}); pods started before the annotation need ${code(restartCommand(config.namespace))}.`,
    ];
  const endpoint = s3.customEndpoint
    ? [
      `**Components cannot reach the store, or it refuses their requests.** Every component uses ${code(s3EndpointUrl(s3))}`,
      `(\`s3Endpoint\`) and signs for the region ${code(s3.region)}: check that the pods resolve and reach that address, that a`,
      'store with `tls` has a certificate from a public CA (no custom CA is configured) and that it accepts the region.',
      `Argo, the api server and the UI use path-style requests for any store other than AWS S3; \`pathStyle\` ${release.components.includes('kfp-launcher')
        ? 'reaches only the v2 launcher (`forcePathStyle`).'
        : `changes nothing in KFP ${release.version}.`}${release.workloads === WorkloadLayout.PLAIN
        ? ` The ${release.version} UI reads the store with its MinIO client, which has keys only in ${code(overlayDir('accesskey'))}: in ${code(overlayDir('iam'))} it cannot read archived logs or artifacts.`
        : ''}`,
    ]
    : [
      '**S3 answers 301 / `PermanentRedirect` ("the bucket you are attempting to access must be addressed using the',
      `specified endpoint").** The bucket is not in ${code(s3.region)}, the region every component uses (endpoint ${code(s3.endpoint)}).`,
      `\`aws s3api get-bucket-location --bucket ${s3.bucket}\` gives its region (an empty \`LocationConstraint\` means us-east-1): set`,
      `\`region\` in \`.projenrc.ts\`, run \`npx projen\` and \`npx projen deploy\`, then ${code(restartCommand(config.namespace))}, since the`,
      'servers read the setting when they start.',
    ];
  return [
    '## Troubleshooting',
    '',
    ...endpoint,
    '',
    ...identity,
    '',
    '**Logs of finished steps do not show in the UI.** Argo archives a step\'s logs to S3 only with `archiveLogs` (now',
    `${s3.archiveLogs}), and only for steps that run after that; the UI reads them from S3 once the pod is gone, under the key`,
    'Argo wrote them to. Both keys come from `artifactPrefix` (see "Where each option lands"): change that option, never',
    'one of the generated objects. The role of the pipeline steps (or the key) needs `s3:PutObject` and the UI\'s needs',
    `\`s3:GetObject\` on ${code(s3Arn(config, `${s3.bucket}/${s3.artifactPrefix}/*`))}: the policies in ${code(`${IAM_DIR}/`)} give them that.`,
    '',
    ...(mysql.external ? externalDatabaseTroubles(config) : inClusterMysqlTroubles(config)),
  ];
}

function inClusterMysqlTroubles(config: KfpConfig): string[] {
  const { mysql } = config;
  return [
    // Only MySQL versions that default to caching_sha2_password need the native-password flags and this advice.
    ...(config.release.mysql.args.some((arg) => arg.includes('mysql_native_password')) ? [
      '**MySQL 8: "Client does not support authentication protocol requested by server" or `caching_sha2_password`',
      'errors.** KFP\'s MySQL clients use `mysql_native_password`. The in-cluster MySQL makes it the default for the user it',
      'creates on its first start; a user created another way (an existing volume) needs',
      '`ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<password>\';`.',
      '',
    ] : []),
    `**"Access denied for user" after changing ${code(mysql.secret.name)}.** MySQL reads the Secret only when it initializes an`,
    'empty volume; later changes to the Secret do not change the passwords in MySQL. Put back the values it first started',
    `with (in ${code(MYSQL_CREDENTIALS.path)}, then ${code(SCRIPTS.createMysqlSecret)} and ${code(restartCommand(config.namespace))}), or change the`,
    'password in MySQL as under "Secrets". An install without data worth keeping can start over: `npx projen uninstall`',
    'deletes the volume with the namespace, then create the Secrets and deploy again.',
  ];
}

function externalDatabaseTroubles(config: KfpConfig): string[] {
  const { mysql, namespace, release } = config;
  const restart = code(restartCommand(namespace));
  return [
    `**The pods cannot reach ${code(databaseAddress(config))}** (connection timeouts in their logs${release.workloads === WorkloadLayout.RESTRICTED
      ? ', or pods that stay in `Init` while their `wait-for-database` container waits'
      : ''}). The server must accept TCP`,
    `connections on port ${mysql.port} from the cluster's pods: on RDS, the instance's security group must allow them from the nodes,`,
    'and the instance must be reachable from the cluster\'s VPC.',
    '',
    '**"Client does not support authentication protocol requested by server", `caching_sha2_password`, or "Plugin',
    `'mysql_native_password' is not loaded".** KFP's user on ${code(mysql.host)} must use \`mysql_native_password\`:`,
    '`ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<password>\';`, which MySQL 8.4 accepts only while',
    `the server runs with \`mysql_native_password=ON\` (see "${DATABASE_SECTION}").`,
    '',
    `**"Access denied for user" in the logs of the api server, ML Metadata or the cache server.** ${code(mysql.secret.name)} must`,
    `hold a user and password that ${code(mysql.host)} accepts from the pods' addresses, with the grants under "${DATABASE_SECTION}".`,
    `After fixing the values, run ${code(SCRIPTS.createMysqlSecret)} and ${restart}.`,
    ...(mysql.tls ? [
      '',
      '**TLS errors: "x509: certificate signed by unknown authority" (api server, cache server) or SSL errors of ML',
      `Metadata.** ConfigMap ${code(mysql.tls.caConfigMap)} must hold, under ${code(mysql.tls.caKey)}, the bundle that signed the server's certificate,`,
      `and ${code(mysql.host)} must be a name in that certificate (the RDS endpoint, not an IP address or an alias of your own).`,
      `After replacing the ConfigMap, ${restart}.`,
    ] : []),
  ];
}
