import type { Project } from 'projen';
import { GeneratedFile, HASH_COMMENT } from '../generated-file';
import { toYamlStream } from '../yaml';

/** A generated YAML file of one or more documents. */
export function yamlFile(project: Project, filePath: string, documents: readonly unknown[]): GeneratedFile {
  return new GeneratedFile(project, filePath, { comment: HASH_COMMENT, text: toYamlStream(documents) });
}
