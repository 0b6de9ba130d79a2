import { FileBase, IResolver, Project } from 'projen';

/** How a file type writes the projen marker: as one of its comments. */
export interface MarkerComment {
  /** The lines of the comment, given the marker text. */
  readonly lines: (marker: string) => readonly string[];
}

/** `# <marker>`: YAML, env files, bash. */
export const HASH_COMMENT: MarkerComment = { lines: (marker) => [`# ${marker}`] };

/** `<!-- <marker> -->` and an empty line: Markdown, where a `#` line would be a heading. */
export const HTML_COMMENT: MarkerComment = { lines: (marker) => [`<!-- ${marker} -->`, ''] };

/** What a {@link GeneratedFile} holds. */
export interface GeneratedFileOptions {
  /** The text under the marker; ends with a newline. */
  readonly text: string;
  /** How the file type writes the marker. */
  readonly comment: MarkerComment;
  /** Lines above the marker, such as a shebang. */
  readonly preamble?: readonly string[];
  /** Whether the file is executable. */
  readonly executable?: boolean;
}

/**
 * Every file the deployment repo's generator writes as text (manifests, kustomizations, scripts, env file examples,
 * README): read-only, the projen marker as a comment near the top, removed by projen when a later synthesis no longer
 * produces it.
 */
export class GeneratedFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly options: GeneratedFileOptions) {
    super(project, filePath, { readonly: true, marker: true, executable: options.executable });
  }

  /**
   * FileBase finds the marker's `.projenrc` file by searching every component of the project, each time a file is
   * written (twice per file): quadratic in the number of files, seconds for a repo with many installs. The marker is
   * the same for every file of a project, and read only during synthesis, once every component exists.
   */
  public get marker(): string | undefined {
    if (!markers.has(this.project)) markers.set(this.project, super.marker);
    return markers.get(this.project);
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const { preamble = [], comment, text } = this.options;
    const head = [...preamble, ...(this.marker ? comment.lines(this.marker) : [])];
    return head.map((line) => `${line}\n`).join('') + text;
  }
}

const markers = new WeakMap<Project, string | undefined>();

/** `lines` as the text of a file: one line each, the last one ended too. */
export function linesText(lines: readonly string[]): string {
  return [...lines, ''].join('\n');
}
