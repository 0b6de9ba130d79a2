import { code } from '../markdown';
import type { ReadmeContext } from './common';

export function ci({ ciWorkflow }: ReadmeContext): string[] {
  if (!ciWorkflow) return [];
  return [
    '## Continuous integration',
    '',
    `${code(ciWorkflow)} runs on pull requests and on pushes to \`main\`: \`npm ci\`, \`npx projen typecheck\` (the options in`,
    '`.projenrc.ts` against their types), `npx projen`, then it fails when any file differs from what `.projenrc.ts`',
    'generates (a hand edit of a generated file, or an option change that was not synthesized), then builds every overlay',
    'and checks its schemas and references, also strictly with kubeconform (`npx projen validate`). Set',
    '`deploymentCi: false` in `.projenrc.ts` to drop the workflow.',
    '',
  ];
}
