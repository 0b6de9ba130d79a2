import { Component, FileBase, IResolver, Project, Task } from 'projen';
import { filesIn, OPTION_LANDINGS, placesIn } from './option-landings';
import {
  KfpConfig, PLACEHOLDER_BUCKET, PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER, PLACEHOLDER_ROLE_ARN, placeholderRoleConsumers,
  roleOption, S3_CONSUMERS, S3Consumer,
} from '../config';
import { IAM_DIR, IamRoleDocuments, irsaSubject, RoleUse, S3_ACCESS } from '../iam';
import { BASE_DIR, CRDS_DIR, DeploymentManifests, ObjectRef, overlayDir } from '../layout/deployment-manifests';
import { IRSA_ROLE_ANNOTATION } from '../manifests/aws';
import { componentEntry } from '../manifests/registry';
import { WEBHOOK_SERVER_TLS } from '../manifests/run-time-secrets';
import { VARIANTS } from '../manifests/variant';
import { ROLLOUT_TIMEOUT, SHARED_OBJECTS_WARNING } from '../ops/cluster-scripts';
import { crdRefs, kubectlRef, portForwardCommand, restartCommand, VARIANT_USAGE } from '../ops/commands';
import { defaultVariant } from '../ops/default-variant';
import type { DeploymentTasks } from '../ops/deployment-tasks';
import { AWS_CREDENTIALS, DEFAULT_MYSQL_USER, DIST_DIR, INCLUDE_CRDS_FLAG, MYSQL_CREDENTIALS, SCRIPTS } from '../ops/paths';
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
  constructor(project: Project, config: KfpConfig, manifests: DeploymentManifests, options: DeploymentReadmeOptions) {
    super(project);
    new GeneratedMarkdownFile(project, 'README.md', [
      ...intro(config),
      ...deployed(config),
      ...quickStart(config, options.tasks),
      ...beforeYouDeploy(config),
      ...iamRoles(config, options.iamRoles),
      ...secrets(config),
      ...deploy(config, manifests),
      ...variants(config, manifests),
      ...folders(options.ciWorkflow),
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

function intro(config: KfpConfig): string[] {
  const { s3, namespace, release } = config;
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
    `and pipeline packages in the S3 bucket ${code(s3.bucket)} (${s3.region}). It was generated by`,
    '[kfp-aws-project](https://www.npmjs.com/package/kfp-aws-project): every file marked "Generated by projen" is',
    'rewritten by `npx projen` from the options in `.projenrc.ts`. **Edit `.projenrc.ts`, not the generated files**: a',
    'hand edit is overwritten by the next `npx projen`.',
    '',
    ...warnings.flatMap((w) => [w, '']),
  ];
}

function deployed(config: KfpConfig): string[] {
  return [
    '## What is deployed',
    '',
    '| component (`base/` folder) | what it is |',
    '| --- | --- |',
    ...config.release.components.map((name) => `| ${code(name)} | ${componentEntry(name).summary} |`),
    '',
    'No object store is deployed (upstream bundles MinIO or SeaweedFS): every component talks to S3 directly.',
    '',
  ];
}

function quickStart(config: KfpConfig, tasks: DeploymentTasks): string[] {
  const variant = defaultVariant(config);
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
    'With `kubectl` pointing at the cluster (`kubectl config current-context`) and the bucket created (next section):',
    '',
    '```bash',
    'npm ci                                # once per clone: projen and its toolchain',
    ...(variant === 'accesskey'
      ? [`cp ${AWS_CREDENTIALS.example} ${AWS_CREDENTIALS.path}   # then fill in the access key`]
      : []),
    `npx projen create-secrets             # ${variant === 'accesskey' ? 'the MySQL and AWS Secrets' : 'the MySQL Secret'}; generates the MySQL passwords into ${MYSQL_CREDENTIALS.path}`,
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
    `   aws s3api create-bucket --bucket ${s3.bucket} --region ${s3.region}${s3.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${s3.region}`}`,
    '   ```',
    '',
    `2. Let the pods use it: in ${code(overlayDir('iam'))} through IAM roles, which you create from ${code(`${IAM_DIR}/`)} as under "IAM roles";`,
    `   in ${code(overlayDir('accesskey'))} through the access key of an IAM user, which needs \`s3:ListBucket\` on ${code(s3Arn(config, s3.bucket))}`,
    `   and \`s3:GetObject\`, \`s3:PutObject\` and \`s3:DeleteObject\` on ${code(s3Arn(config, `${s3.bucket}/*`))}.`,
    '',
    '3. Create the Secrets: `npx projen create-secrets` (see "Secrets").',
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

function secrets(config: KfpConfig): string[] {
  const { accessKey, mysql, namespace } = config;
  const lines = [
    '## Secrets',
    '',
    'No secret value is in this repository: the manifests name the Secrets only, and the scripts create them from the',
    'environment or from env files that Git ignores.',
    '',
    '| Secret | keys | read by | needed for | created by |',
    '| --- | --- | --- | --- | --- |',
    `| ${code(mysql.secret.name)} | ${code(mysql.secret.usernameKey)}, ${code(mysql.secret.passwordKey)}, ${code(mysql.secret.rootPasswordKey)} | MySQL (creates the user on its first start) and every component that connects to it | both variants | ${code(SCRIPTS.createMysqlSecret)} |`,
    `| ${code(accessKey.secretName)} | ${code(accessKey.accessKeyIdKey)}, ${code(accessKey.secretAccessKeyKey)} | every component that reaches S3 | ${code(overlayDir('accesskey'))} only | ${code(SCRIPTS.createAwsSecret)} |`,
    '',
    `- ${code(SCRIPTS.createMysqlSecret)} reads ${code(MYSQL_CREDENTIALS.user)} (default ${code(DEFAULT_MYSQL_USER)}, never root), ${code(MYSQL_CREDENTIALS.password)} and`,
    `  ${code(MYSQL_CREDENTIALS.rootPassword)} from the environment or from ${code(MYSQL_CREDENTIALS.path)}. It generates missing passwords (192 random`,
    `  bits each) and writes them to ${code(MYSQL_CREDENTIALS.path)} with mode 600, without printing them. Keep that file, or its`,
    '  values, somewhere safe: the cluster is the only other place that has them.',
    `- ${code(SCRIPTS.createAwsSecret)} reads ${code(AWS_CREDENTIALS.accessKeyId)} and ${code(AWS_CREDENTIALS.secretAccessKey)} from the environment or from`,
    `  ${code(AWS_CREDENTIALS.path)} (start from ${code(AWS_CREDENTIALS.example)}).`,
    '- Both create the namespace when it is missing and apply with `kubectl create secret generic ... --dry-run=client -o yaml |',
    '  kubectl apply -f -`, so running them again updates the Secret. The values reach kubectl through file descriptors,',
    '  never on a command line.',
    '',
    'By hand, the same (avoid single quotes and backslashes in the MySQL values):',
    '',
    '```bash',
    `kubectl create namespace ${namespace} --dry-run=client -o yaml | kubectl apply -f -`,
    `kubectl -n ${namespace} create secret generic ${mysql.secret.name} \\`,
    `  --from-literal=${mysql.secret.usernameKey}=${DEFAULT_MYSQL_USER} \\`,
    `  --from-literal=${mysql.secret.passwordKey}="$(openssl rand -hex 24)" \\`,
    `  --from-literal=${mysql.secret.rootPasswordKey}="$(openssl rand -hex 24)" \\`,
    '  --dry-run=client -o yaml | kubectl apply -f -',
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
    `- **MySQL passwords**: MySQL reads ${code(mysql.secret.name)} only when it starts on an empty volume, so a new value in the Secret`,
    '  alone locks KFP out. Change the password in MySQL first:',
    `  ${code(`kubectl -n ${namespace} exec -it deploy/mysql -- mysql -uroot -p`)}, then`,
    `  ${code("ALTER USER '<user>'@'%' IDENTIFIED BY '<new>';")} (MySQL 5.6: ${code("SET PASSWORD FOR '<user>'@'%' = PASSWORD('<new>');")}), where`,
    `  \`<user>\` is ${code(DEFAULT_MYSQL_USER)} unless you set ${code(MYSQL_CREDENTIALS.user)}, or \`root\` for the root password.`,
    `  Then put the new value in ${code(MYSQL_CREDENTIALS.path)}, run ${code(SCRIPTS.createMysqlSecret)} and restart the pods`,
    `  (${code(restartCommand(config.namespace))}).`,
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
    'installs another. It stops before any change when a Secret the variant reads is missing, applies the cluster-wide',
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
    `be applied to ${code(`${DIST_DIR}/`)}, and \`npx projen validate\` builds every folder and checks it against the Kubernetes schemas`,
    '(with kubeconform, when it is installed), without a cluster.',
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

function folders(ciWorkflow: string | undefined): string[] {
  return [
    '## Folder structure',
    '',
    '| path | what |',
    '| --- | --- |',
    '| `.projenrc.ts` | the options of this repo: the only file to edit |',
    `| \`${CRDS_DIR}/\` | cluster-scoped objects shared by every install in the cluster (CRDs, PriorityClass, ClusterRoles) |`,
    `| \`${BASE_DIR}/<component>/\` | every object of this install, one file per object, without credentials |`,
    `| \`${overlayDir('accesskey')}/\`, \`${overlayDir('iam')}/\` | the base plus the patches of one credential variant |`,
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
  const rows = OPTION_LANDINGS.map((landing) => {
    const where = [
      ...placesIn(landing, config, rendered).map((p) => `${objectName(p)}: ${p.field}`),
      ...filesIn(landing, config).map((f) => `${code(f.path)}: ${f.field}`),
    ].join('<br>');
    const scope = landing.variant ? ` (in ${code(overlayDir(landing.variant))})` : '';
    return `| ${code(landing.option)}${scope} | ${where} |`;
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
    'not migrated, and MySQL 8.4 cannot open a MySQL 5.6 data directory. Treat that change as a new install: back up',
    `or remove the old MySQL volume, uninstall the old version and deploy the new one (the bucket ${code(config.s3.bucket)} keeps`,
    'the old artifacts).',
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
    `the MySQL volume (every pipeline, run and metadata) and the Secrets included.${runTime.length > 0
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
    'synthesized), then builds every overlay and validates it with kubeconform (`npx projen validate`). Set',
    '`deploymentCi: false` in `.projenrc.ts` to drop the workflow.',
    '',
  ];
}

function troubleshooting(config: KfpConfig): string[] {
  const { s3, iam, namespace, mysql } = config;
  const identity = iam.mechanism === IamMechanism.IRSA
    ? [
      `**IRSA: pods of ${code(overlayDir('iam'))} get AccessDenied, or act as the node's role.** Check, in order:`,
      '',
      '1. The cluster has an IAM OIDC provider: the issuer of `aws eks describe-cluster --name <cluster> --query',
      '   cluster.identity.oidc.issuer` is among `aws iam list-open-id-connect-providers` (`eksctl utils',
      '   associate-iam-oidc-provider --cluster <cluster> --approve` adds it).',
      `2. That provider is the one \`iam.oidcProvider\` names (now ${code(iam.oidcProvider)}), and each role has the trust policy of`,
      `   ${code(`${IAM_DIR}/<role>.trust.json`)} (see "IAM roles"): ${code('aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument')}`,
      '   shows the one it has. It must allow `sts:AssumeRoleWithWebIdentity` with `<issuer>:aud` = `sts.amazonaws.com` and',
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
  return [
    '## Troubleshooting',
    '',
    '**S3 answers 301 / `PermanentRedirect` ("the bucket you are attempting to access must be addressed using the',
    `specified endpoint").** The bucket is not in ${code(s3.region)}, the region every component uses (endpoint ${code(s3.endpoint)}).`,
    `\`aws s3api get-bucket-location --bucket ${s3.bucket}\` gives its region (an empty \`LocationConstraint\` means us-east-1): set`,
    `\`region\` in \`.projenrc.ts\`, run \`npx projen\` and \`npx projen deploy\`, then ${code(restartCommand(config.namespace))}, since the`,
    'servers read the setting when they start.',
    '',
    ...identity,
    '',
    '**Logs of finished steps do not show in the UI.** Argo archives a step\'s logs to S3 only with `archiveLogs` (now',
    `${s3.archiveLogs}), and only for steps that run after that; the UI reads them from S3 once the pod is gone, under the key`,
    'Argo wrote them to. Both keys come from `artifactPrefix` (see "Where each option lands"): change that option, never',
    'one of the generated objects. The role of the pipeline steps (or the key) needs `s3:PutObject` and the UI\'s needs',
    `\`s3:GetObject\` on ${code(s3Arn(config, `${s3.bucket}/${s3.artifactPrefix}/*`))}: the policies in ${code(`${IAM_DIR}/`)} give them that.`,
    '',
    // Only MySQL versions that default to caching_sha2_password need the native-password flags and this advice.
    ...(config.release.mysql.args.some((arg) => arg.includes('mysql_native_password')) ? [
      '**MySQL 8: "Client does not support authentication protocol requested by server" or `caching_sha2_password`',
      'errors.** KFP\'s MySQL clients use `mysql_native_password`. The in-cluster MySQL makes it the default for the user it',
      'creates on its first start; a user created another way (an existing volume, an external server) needs',
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
