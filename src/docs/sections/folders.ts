import { code, table } from '../markdown';
import type { ReadmeContext } from './common';
import { INSTALLS_DIR } from '../../config';
import { IAM_DIR } from '../../iam';
import { BASE_DIR, CRDS_DIR, overlayDir, OVERLAYS_DIR } from '../../layout/deployment-manifests';
import { AWS_CREDENTIALS, DIST_DIR, INSTALL_SCRIPTS, MYSQL_CREDENTIALS, SCRIPTS } from '../../ops/paths';

/** The last element of a path. */
const fileOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function folders({ ciWorkflow, installs, manifests }: ReadmeContext): string[] {
  const sharedKinds = [...new Set(manifests.sharedObjects.map((o) => o.kind))].join(', ');
  return [
    '## Folder structure',
    '',
    ...table(['path', 'what'], [
      [code('.projenrc.ts'), 'the options of this repo: the only file to edit'],
      [code(`${CRDS_DIR}/`), `cluster-scoped objects shared by every install in the cluster (${sharedKinds})`],
      [code(`${BASE_DIR}/<component>/`), 'every object of this install, one file per object, without credentials'],
      [`${code(`${overlayDir('accesskey')}/`)}, ${code(`${overlayDir('iam')}/`)}`, 'the base plus the patches of one credential variant'],
      ...(installs.length > 1 ? [[
        code(`${INSTALLS_DIR}/<namespace>/`),
        `each additional install (see "Installs"): its own ${code(`${BASE_DIR}/`)}, ${code(`${OVERLAYS_DIR}/`)}, ${code('scripts/')} (${INSTALL_SCRIPTS.map((role) => code(fileOf(SCRIPTS[role]))).join(', ')}) and env file examples`,
      ]] : []),
      [code(`${IAM_DIR}/`), `the permissions and the trust policy of each IAM role of ${code(overlayDir('iam'))} (see "IAM roles")`],
      [code('scripts/'), `${Object.values(SCRIPTS).map((path) => code(fileOf(path))).join(', ')}: what the tasks run`],
      [`${code(AWS_CREDENTIALS.example)}, ${code(MYSQL_CREDENTIALS.example)}`, `what the secret scripts read; copy to the file without ${code('.example')}, which Git ignores. Written once, then yours`],
      ...(ciWorkflow ? [[code(ciWorkflow), 'CI: re-synthesizes and fails on any difference, then builds and validates every overlay']] : []),
      [code(`${DIST_DIR}/`), `what ${code('npx projen render')} writes; ignored by Git`],
    ]),
    '',
  ];
}
