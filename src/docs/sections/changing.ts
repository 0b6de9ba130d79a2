import { code } from '../markdown';
import { backupLines } from './backup';
import type { ReadmeContext } from './common';
import { KFP_VERSION_CONFIGMAP } from '../../manifests/components/kubeflow-pipelines-public';
import { FORCE_FLAG } from '../../ops/cluster-scripts';
import { UPGRADE_SECTION } from '../../ops/paths';

export function changing({ config }: ReadmeContext): string[] {
  return [
    `## ${UPGRADE_SECTION}`,
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
    '### Back up before an upgrade',
    '',
    `\`npx projen deploy\` reads which release runs in ${code(config.namespace)} (ConfigMap ${code(KFP_VERSION_CONFIGMAP.name)}, or for releases without`,
    `it, such as 0.2.3, the tag of the api server's image) and changes nothing while it is not ${code(config.release.version)}, the`,
    `release of this repo: back up, then \`npx projen deploy ${FORCE_FLAG}\` installs over it.`,
    '',
    ...backupLines(config),
    '',
  ];
}
