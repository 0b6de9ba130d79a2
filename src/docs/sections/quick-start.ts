import type { Task } from 'projen';
import { code, codeBlock, table, words } from '../markdown';
import type { ReadmeContext } from './common';
import { CRDS_DIR, overlayDir } from '../../layout/deployment-manifests';
import { portForwardCommand, variantUsage } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import { AWS_CREDENTIALS, INCLUDE_CRDS_FLAG, installScriptRoles, MYSQL_CREDENTIALS } from '../../ops/paths';

export function quickStart({ config, tasks }: ReadmeContext): string[] {
  const variant = defaultVariant(config);
  const external = config.mysql.external;
  const associations = tasks.installs[0].createAssociations;
  const roles = installScriptRoles(config);
  const secrets = [
    ...(roles.includes('createMysqlSecret') ? ['MySQL'] : []),
    ...(variant === 'accesskey' && roles.includes('createAwsSecret') ? ['AWS'] : []),
    ...(roles.includes('createUiSecret') ? ['UI'] : []),
  ];
  const rows: Array<[Task, string]> = [
    [tasks.createSecrets, ''],
    ...(associations ? [[associations, ' [--update]'] as [Task, string]] : []),
    [tasks.deploy, ` ${variantUsage(config)}`],
    [tasks.diff, ` ${variantUsage(config)}`],
    [tasks.render, ''],
    [tasks.validate, ''],
    [tasks.uninstall, ` ${variantUsage(config)} [${INCLUDE_CRDS_FLAG}] [--dry-run] [--yes]`],
  ];
  return [
    '## Quick start',
    '',
    `With \`kubectl\` pointing at the cluster (\`kubectl config current-context\`) and ${external
      ? 'the bucket and the database prepared (next sections)'
      : 'the bucket created (next section)'}:`,
    '',
    ...codeBlock([
      'npm ci                                # once per clone: projen, its toolchain and the validator',
      ...(secrets.includes('AWS')
        ? [`cp ${AWS_CREDENTIALS.example} ${AWS_CREDENTIALS.path}   # then fill in the access key`]
        : []),
      ...(external && secrets.includes('MySQL')
        ? [`cp ${MYSQL_CREDENTIALS.example} ${MYSQL_CREDENTIALS.path}   # then fill in KFP's database user and password`]
        : []),
      ...(secrets.length > 0 ? [`npx projen create-secrets             # the ${words(secrets)} Secret${secrets.length > 1 ? 's' : ''}${external || !secrets.includes('MySQL')
        ? ''
        : `; generates the MySQL passwords into ${MYSQL_CREDENTIALS.path}`}${config.secretsManager ? '; ESO creates the others' : ''}`] : []),
      ...(associations && variant === 'iam' ? ['npx projen create-associations        # the EKS Pod Identity associations of the roles in iam/ (create the roles first)'] : []),
      `npx projen deploy                     # ${CRDS_DIR}/, then ${overlayDir(variant)}, then waits for the rollout`,
      `${portForwardCommand(config.namespace)}   # the UI, on http://localhost:8080`,
    ]),
    '',
    'Each task runs a script of `scripts/` that you can also run directly; `-h` prints its usage.',
    '',
    ...table(['command', 'what it does'], rows.map(([task, args]) => [code(`npx projen ${task.name}${args}`), task.description ?? ''])),
    '',
  ];
}
