import { code } from '../markdown';
import type { ReadmeContext } from './common';
import { UPGRADED_PACKAGES } from '../../ops/deployment-upgrade';
import { PACKAGE_NAME } from '../../own-package';

/** How a new release of this package reaches the repo: projen's upgrade workflow, or by hand. */
export function upgrades({ upgradeWorkflow, packageSpec }: ReadmeContext): string[] {
  const range = packageSpec.slice(PACKAGE_NAME.length + 1);
  // A tarball, folder, URL or Git spec has a `:` or a `/` (`file:...`, `../kfp`, `github:...`, `user/repo`); a range has neither.
  const fromRegistry = !/[:/]/.test(range);
  const packages = UPGRADED_PACKAGES.map(code).join(' and ');
  return [
    `## New releases of ${PACKAGE_NAME}`,
    '',
    ...(fromRegistry ? [
      `\`package.json\` installs ${code(PACKAGE_NAME)} in the range ${code(range)}: every release within it can arrive as`,
      'below. A release outside it (with `^`, a new major version: a breaking change) waits for you: run',
      `\`npm install -D ${PACKAGE_NAME}@<version>\`, then \`npx projen\`, and review the diff.`,
    ] : [
      `\`package.json\` installs ${code(PACKAGE_NAME)} from ${code(range)}, as \`devDeps\` in \`.projenrc.ts\` says, and no`,
      `upgrade changes that. To take releases from the npm registry, write \`'${PACKAGE_NAME}'\` there instead and run`,
      '`npx projen`: `package.json` then gets the range `^<version>` of the release that runs.',
    ]),
    '',
    // "events triggered by the GITHUB_TOKEN, with the exception of workflow_dispatch and repository_dispatch, will not
    // create a new workflow run" (docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/trigger-a-workflow).
    ...(upgradeWorkflow ? [
      `${code(upgradeWorkflow)} runs every Monday, and from the Actions tab on demand: \`npx projen upgrade\` raises`,
      `${packages} to their newest releases within the ranges of \`package.json\` (\`npm update\`), re-synthesizes the`,
      'repo with them, and opens a pull request with the diff of every generated file, which CI then checks like any',
      'change of `.projenrc.ts`. Review what the new release changes in the manifests before you merge and deploy. The',
      'pull request is opened with the repository secret `PROJEN_GITHUB_TOKEN`: a token that may push branches and open',
      'pull requests in this repo (a fine-grained token with read and write access to Contents and Pull requests). With',
      'the workflow\'s own `GITHUB_TOKEN`, GitHub would start no workflow for the pull request, so CI would not check it.',
      '',
      '`npx projen upgrade` does the same locally, without the pull request. Set `depsUpgrade: false` in `.projenrc.ts` to',
      'drop the task and the workflow.',
    ] : [
      `Upgrade by hand: \`npm update ${UPGRADED_PACKAGES.join(' ')}\`, then \`npx projen\`, and review the diff.`,
    ]),
    '',
  ];
}
