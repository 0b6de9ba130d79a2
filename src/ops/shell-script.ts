import type { Project } from 'projen';
import { BashFunction, withDependencies } from './bash-functions';
import { GeneratedFile, HASH_COMMENT, linesText } from '../generated-file';

/** What one generated script says and does. */
export interface ShellScriptSpec {
  /** One line under the shebang. */
  readonly summary: string;
  /** The text `-h` prints, first line `Usage: <path> ...`. */
  readonly usage: readonly string[];
  /**
   * Values from the options, written as `readonly NAME=value` lines at the top so that the body reads the options
   * in one place and a reader sees them at a glance.
   */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  /** The functions the body calls; the ones they call are added. */
  readonly functions: readonly BashFunction[];
  /** Runs from the repo root. */
  readonly body: readonly string[];
}

/**
 * A generated bash script: executable, read-only, under the projen marker, `set -euo pipefail`, a usage text for
 * `-h`, the option values it needs, then its functions and body. It stays within bash 3.2, the bash of macOS.
 */
export function shellScript(project: Project, filePath: string, spec: ShellScriptSpec): GeneratedFile {
  const { summary, usage, params, functions, body } = spec;
  return new GeneratedFile(project, filePath, {
    preamble: ['#!/usr/bin/env bash'],
    comment: HASH_COMMENT,
    executable: true,
    text: linesText([
      `# ${summary}`,
      'set -euo pipefail',
      '',
      '# From .projenrc.ts.',
      ...Object.entries({ SCRIPT: filePath, ...params }).map(([name, value]) => `readonly ${name}=${shellValue(value)}`),
      '',
      'usage() {',
      "  cat <<'EOF'",
      ...usage,
      'EOF',
      '}',
      '',
      ...withDependencies(functions).flatMap((f) => [...f.lines, '']),
      '# Every path below is relative to the repo root, wherever the script is run from.',
      `cd "$(dirname "\${BASH_SOURCE[0]}")${'/..'.repeat(filePath.split('/').length - 1)}"`,
      '',
      ...body,
    ]),
  });
}

/** A word or a list as bash reads it back unchanged: plain when safe, else single-quoted. */
export function shellValue(value: string | readonly string[]): string {
  return typeof value === 'string' ? shellWord(value) : `(${value.map(shellWord).join(' ')})`;
}

/** `value` as one bash word. A comma is quoted too: unquoted in an array item, shellcheck takes it for a separator (SC2054). */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:./-]+$/.test(value) ? value : `'${value.replace(/'/g, '\'\\\'\'')}'`;
}
