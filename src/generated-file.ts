import * as fs from 'fs';
import * as path from 'path';
import { Construct, IConstruct } from 'constructs';
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
 * produces it. The files of a project share one scope, {@link GeneratedFiles}.
 */
export class GeneratedFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly options: GeneratedFileOptions) {
    super(GeneratedFiles.of(project), filePath, { readonly: true, marker: true, executable: options.executable });
    GeneratedFiles.of(project).add(this);
  }

  public get marker(): string | undefined {
    return GeneratedFiles.of(this.project).marker(() => super.marker);
  }

  /**
   * Leaves the file alone when it already holds this content with these permissions. projen tells whether the file on
   * disk is read-only by `access(W_OK)`, which root passes for any file: run as root (as in most CI containers), it
   * rewrote every generated file on every synthesis, seconds for a repo with many installs.
   */
  public synthesize(): void {
    const file = path.join(this.project.outdir, this.path);
    if (holds(file, this.content(), fileMode(this.readonly, this.executable))) return;
    super.synthesize();
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    return this.content();
  }

  private content(): string {
    const { preamble = [], comment, text } = this.options;
    const head = [...preamble, ...(this.marker ? comment.lines(this.marker) : [])];
    return head.map((line) => `${line}\n`).join('') + text;
  }
}

/** The permissions projen gives a file. */
function fileMode(readonly: boolean, executable: boolean): number {
  if (readonly) return executable ? 0o544 : 0o444;
  return executable ? 0o755 : 0o644;
}

/** Whether `file` is a regular file with exactly `content` and `mode`. */
function holds(file: string, content: string, mode: number): boolean {
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() && stat.mode % 0o1000 === mode && fs.readFileSync(file, 'utf-8') === content;
  } catch {
    return false;
  }
}

/**
 * The scope of a project's generated files, which holds what projen would otherwise search the whole project for,
 * once per file: quadratic in the number of files, seconds for a repo with many installs.
 */
class GeneratedFiles extends Construct {
  public static of(project: Project): GeneratedFiles {
    const existing = project.node.tryFindChild(GENERATED_FILES_ID);
    return existing instanceof GeneratedFiles ? existing : new GeneratedFiles(project, GENERATED_FILES_ID);
  }

  private readonly byPath = new Map<string, GeneratedFile>();
  private cachedMarker?: { readonly value: string | undefined };

  public add(file: GeneratedFile): void {
    this.byPath.set(file.absolutePath, file);
  }

  /** The file at `absolutePath`, unless it was removed from the tree since. */
  public find(absolutePath: string): GeneratedFile | undefined {
    const file = this.byPath.get(absolutePath);
    return file && this.node.tryFindChild(file.node.id) === file ? file : undefined;
  }

  /**
   * FileBase computes the marker by searching every component for the `.projenrc` file, each time a file is written
   * (twice per file). It is the same for every file of the project, and read only during synthesis, once every
   * component exists.
   */
  public marker(compute: () => string | undefined): string | undefined {
    this.cachedMarker ??= { value: compute() };
    return this.cachedMarker.value;
  }
}

const GENERATED_FILES_ID = 'GeneratedFiles';

/**
 * The file of `project` (or of its subprojects) at `absolutePath`, as `Project.tryFindFile` finds it, but with the
 * generated files looked up by path: projen walks every construct of the tree, and FileBase calls it for every file
 * created, to check that the path is free.
 */
export function findFile(project: Project, absolutePath: string): FileBase | undefined {
  const generated = project.node.tryFindChild(GENERATED_FILES_ID);
  if (generated instanceof GeneratedFiles) {
    const file = generated.find(absolutePath);
    if (file) return file;
  }
  const pending: IConstruct[] = [project];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next === generated) continue;
    if (next instanceof FileBase && next.absolutePath === absolutePath) return next;
    pending.push(...next.node.children);
  }
  return undefined;
}

/** `lines` as the text of a file: one line each, the last one ended too. */
export function linesText(lines: readonly string[]): string {
  return [...lines, ''].join('\n');
}
