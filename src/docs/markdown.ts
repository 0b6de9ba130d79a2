/**
 * The few Markdown forms the generated README uses. Each returns lines, so sections are lists of lines joined once.
 */

/** Inline code. */
export const code = (text: string) => `\`${text}\``;

/** A table cell: GitHub ends a cell at any unescaped `|`, even inside code. */
export const cell = (text: string) => text.replace(/\|/g, '\\|');

/** A table with a header row; every cell is escaped with {@link cell}. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [row(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(row)];
}

/** A fenced code block. */
export function codeBlock(lines: readonly string[], language = 'bash'): string[] {
  return [`\`\`\`${language}`, ...lines, '```'];
}

/** A quoted note that starts with a bold sentence. */
export function note(title: string, text: string): string {
  return `> **${title}** ${text}`;
}

/** Items as prose: `a`, `a and b`, `a, b and c`. */
export function words(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
