import { FileBase, IResolver, Project } from 'projen';
import { toYamlStream } from '../yaml';

/**
 * A generated YAML file: one or more documents under the projen marker, read-only, removed by projen when a later
 * synthesis no longer produces it.
 */
export class GeneratedYamlFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly documents: readonly unknown[]) {
    super(project, filePath, { readonly: true, marker: true });
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const header = this.marker ? `# ${this.marker}\n` : '';
    return header + toYamlStream(this.documents);
  }
}
