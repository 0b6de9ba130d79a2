import { code, codeBlock, note } from '../markdown';
import { backupLines } from './backup';
import type { ReadmeContext } from './common';
import { CRDS_DIR, overlayDir } from '../../layout/deployment-manifests';
import { namespaceLoss, SHARED_OBJECTS_WARNING } from '../../ops/cluster-scripts';
import { defaultVariant } from '../../ops/default-variant';
import { INCLUDE_CRDS_FLAG } from '../../ops/paths';

export function uninstall({ config }: ReadmeContext): string[] {
  const variant = defaultVariant(config);
  return [
    '## Uninstall',
    '',
    ...codeBlock([
      'npx projen uninstall --dry-run    # what would be deleted; nothing is',
      'npx projen uninstall              # asks you to type the namespace; --yes skips that, and is needed without a terminal',
    ]),
    '',
    `It deletes what ${overlayDir(variant)} applied (or the overlay you name): the namespace ${code(config.namespace)} with everything in it,`,
    `${namespaceLoss(config, code)}. Back up first, as below.`,
    '',
    note(`${code(`${CRDS_DIR}/`)} stays unless you pass ${code(INCLUDE_CRDS_FLAG)}.`, SHARED_OBJECTS_WARNING.join(' ')),
    `> \`npx projen uninstall ${INCLUDE_CRDS_FLAG}\` prints this warning, then deletes them as well.`,
    '',
    'By hand:',
    '',
    ...codeBlock([
      `kubectl delete -k ${overlayDir(variant)}`,
      `kubectl delete -k ${CRDS_DIR}    # only when no other install in the cluster uses them`,
    ]),
    '',
    '### Back up before you uninstall',
    '',
    ...backupLines(config),
    '',
  ];
}
