import type { Task } from 'projen';
import { code, codeBlock, table } from '../markdown';
import type { ReadmeContext } from './common';
import { CRDS_DIR, overlayDir } from '../../layout/deployment-manifests';
import { portForwardCommand, variantUsage } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import { AWS_CREDENTIALS, INCLUDE_CRDS_FLAG, MYSQL_CREDENTIALS } from '../../ops/paths';

export function quickStart({ config, tasks }: ReadmeContext): string[] {
  const variant = defaultVariant(config);
  const external = config.mysql.external;
  const associations = tasks.installs[0].createAssociations;
  const secrets = ['MySQL', ...(variant === 'accesskey' ? ['AWS'] : []), ...(config.release.uiSigningKey ? ['UI'] : [])];
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
      ...(variant === 'accesskey'
        ? [`cp ${AWS_CREDENTIALS.example} ${AWS_CREDENTIALS.path}   # then fill in the access key`]
        : []),
      ...(external
        ? [`cp ${MYSQL_CREDENTIALS.example} ${MYSQL_CREDENTIALS.path}   # then fill in KFP's database user and password`]
        : []),
      `npx projen create-secrets             # the ${[secrets.slice(0, -1).join(', '), secrets[secrets.length - 1]].filter(Boolean).join(' and ')} Secret${secrets.length > 1 ? 's' : ''}${external
        ? ''
        : `; generates the MySQL passwords into ${MYSQL_CREDENTIALS.path}`}`,
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
