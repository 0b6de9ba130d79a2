import { code, codeBlock, table } from '../markdown';
import { databaseAddress, ReadmeContext } from './common';
import { ComponentName, WorkloadLayout } from '../../catalog';
import { INSTALLS_DIR, KfpConfig } from '../../config';
import type { IamRoleDocuments } from '../../iam';
import { CUSTOM_DIR } from '../../layout/custom-component';
import { BASE_DIR, CRDS_DIR, inInstall, overlayDir, OVERLAYS_DIR } from '../../layout/deployment-manifests';
import { userCreatedObjects } from '../../manifests/external-objects';
import { installComponents } from '../../manifests/install';
import { portForwardCommand } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import type { InstallTasks } from '../../ops/deployment-tasks';
import { AWS_CREDENTIALS, DATABASE_SECTION, envFileOf, MYSQL_CREDENTIALS } from '../../ops/paths';
import { ENV_FILE_IGNORE } from '../../ops/secret-env-files';

/** Where an install keeps its databases, for the installs table. */
function installDatabase(config: KfpConfig): string {
  const { mysql } = config;
  if (!mysql.external) return 'in-cluster MySQL';
  return `${code(databaseAddress(config))}: ${mysql.databases.map(code).join(', ')}${mysql.tls ? ', TLS' : ''}`;
}

/** What the user creates for an install, from the objects its variants read: those of one variant only are marked so. */
function createdObjects(config: KfpConfig): string {
  const byVariant = config.variants.map((variant) => userCreatedObjects(config, variant).map((o) => `${o.kind === 'Secret' ? '' : `${o.kind} `}${code(o.name)}`));
  return [...new Set(byVariant.flat())].map((name) => {
    const only = config.variants.filter((_, i) => byVariant[i].includes(name));
    return only.length < config.variants.length ? `${name} (${only.map(code).join(', ')} only)` : name;
  }).join(', ');
}

/** The installs of `additionalInstalls` beside the first one: what each is, how to operate it, what they share. */
export function installsSection({ tasks, manifests, iamRoles }: ReadmeContext): string[] {
  if (tasks.installs.length < 2) return [];
  const [first, ...others] = tasks.installs;
  const { release, namespace } = first.config;
  const taskCommands = (t: InstallTasks) => [t.createSecrets, ...t.createAssociations ? [t.createAssociations] : [], t.deploy, t.diff, t.uninstall].map((task) => code(`npx projen ${task.name}`));
  const folder = (config: KfpConfig, dir: string) => code(`${inInstall(config.root, dir)}/`);
  const argo = release.workloads === WorkloadLayout.PLAIN
    ? 'The Argo workflow controller (the `namespace` of its configuration)'
    : 'The Argo workflow controller (`--namespaced`)';
  const components = installComponents(first.config);
  const watchers = (['persistence-agent', 'scheduled-workflow', 'viewer-crd-controller', 'metadata-writer', 'cache-server'] satisfies ComponentName[])
    .filter((name) => components.includes(name));
  return [
    '## Installs',
    '',
    `This repository deploys ${tasks.installs.length} installs of Kubeflow Pipelines ${release.version} (\`additionalInstalls\` in \`.projenrc.ts\` adds`,
    `the others). They share ${code(`${CRDS_DIR}/`)}; each has its own namespace, folders, database, Secrets, env files, scripts and tasks.`,
    '',
    ...table(['namespace', 'folders', 'bucket', 'artifact prefix, pipeline prefix', 'database', 'objects you create', 'default variant', 'tasks'],
      tasks.installs.map((t) => {
        const { config } = t;
        return [
          code(config.namespace),
          `${folder(config, BASE_DIR)}, ${folder(config, OVERLAYS_DIR)}, ${folder(config, CUSTOM_DIR)}, ${code(`${inInstall(config.root, 'scripts')}/`)}`,
          code(config.s3.bucket),
          `${code(config.s3.artifactPrefix)}, ${code(config.s3.pipelinePrefix)}`,
          installDatabase(config),
          createdObjects(config),
          code(overlayDir(defaultVariant(config), config.root)),
          taskCommands(t).join(', '),
        ];
      })),
    '',
    `The tasks of ${code(namespace)} are under "Quick start". Each other install has the same tasks, named after its namespace,`,
    'which run its own scripts and read its own env files (Git ignores them). Before the first deploy of an install, do',
    `what "Before you deploy" says for its bucket and role${others.some((o) => o.config.mysql.external)
      ? `, and prepare its database server as "${DATABASE_SECTION}" says, with the databases of the table above (and its CA ConfigMap, in its namespace, where the table names one)`
      : ''}. For ${others.map((o) => code(o.config.namespace)).join(', ')}:`,
    '',
    ...codeBlock(others.flatMap(({ config, createSecrets, deploy: deployTask, uninstall: uninstallTask }) => {
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
    })),
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
    `- The cluster-scoped objects of one install are named after its namespace: its ${manifests.installClusterObjects.map((o) => o.kind).join(', ')}.`,
    ...sharedRoles(iamRoles),
    ...(components.includes('cache-server') ? [
      '- The cache webhook of each install selects the pods of its own namespace only (upstream\'s selects every namespace),',
      '  so each install\'s cache serves its own pipelines.',
    ] : []),
    '',
    '### Removing an install',
    '',
    'Uninstall it first (its uninstall task, while its folder still exists), then remove it from `additionalInstalls` and run',
    `\`npx projen\`: its folder under ${code(`${INSTALLS_DIR}/`)} goes with every generated file in it. Its env files stay, with the folder`,
    `that holds them: they are yours. Git still ignores them (every ${code(ENV_FILE_IGNORE)} file); move or delete them.`,
    '',
  ];
}

/** Which IAM roles installs share, for the list of what they share: by default none, each install has roles of its own. */
function sharedRoles(roles: readonly IamRoleDocuments[]): string[] {
  if (roles.length === 0) return [];
  const shared = roles.filter((role) => new Set(role.uses.map((use) => use.config.namespace)).size > 1);
  const isolated = shared.filter((role) => role.uses.every((use) => use.config.iam.sessionTagIsolation));
  const open = shared.filter((role) => !isolated.includes(role));
  const names = (list: readonly IamRoleDocuments[]) => `${list.map((role) => code(role.name)).join(', ')} ${list.length === 1 ? 'is' : 'are'}`;
  return [
    `- IAM roles (see "IAM roles"): ${shared.length === 0 ? 'no install shares one with another; the roles of each grant its own prefixes only.' : ''}`
      + `${open.length > 0 ? `${names(open)} shared by installs that can each reach the others' prefixes through it. ` : ''}`
      + `${isolated.length > 0 ? `${names(isolated)} shared with \`iam.sessionTagIsolation\`, which keeps each pod to its own install's prefixes.` : ''}`.trimEnd(),
  ];
}
