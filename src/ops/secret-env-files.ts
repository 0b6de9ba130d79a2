import { Component, Project, SampleFile } from 'projen';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, envFileOf, MYSQL_CREDENTIALS, scriptOf, SecretEnvFile } from './paths';
import type { KfpConfig } from '../config';
import { GeneratedFile, HASH_COMMENT, linesText } from '../generated-file';
import { overlayDir } from '../layout/deployment-manifests';

/**
 * The env files the secret scripts read, one pair per install: each real file is gitignored. The first install's
 * `.example` (the names it takes, no value) is written once and then belongs to the user, tracked like any file of
 * theirs; an additional install's is generated in its folder, so that removing the install removes it.
 */
export class SecretEnvFiles extends Component {
  constructor(project: Project, installs: readonly KfpConfig[]) {
    super(project);
    for (const config of installs) {
      const { root } = config;
      const aws = envFileOf(root, AWS_CREDENTIALS);
      example(project, root, aws, scriptOf(root, 'createAwsSecret'), [
        `# The AWS access key of ${overlayDir('accesskey', root)}: the long-lived key of an IAM user that may use the bucket (AKIA...),`,
        '# not a temporary one (ASIA...).',
        `${aws.accessKeyId}=`,
        `${aws.secretAccessKey}=`,
      ]);
      const mysql = envFileOf(root, MYSQL_CREDENTIALS);
      example(project, root, mysql, scriptOf(root, 'createMysqlSecret'), config.mysql.external ? [
        `# KFP's user on the database server ${config.mysql.host} and its password: the user must exist there (README.md,`,
        `# "${DATABASE_SECTION}"). Nothing is generated.`,
        `${mysql.user}=${DEFAULT_MYSQL_USER}`,
        `${mysql.password}=`,
      ] : [
        '# The MySQL credentials. The user must not be root. Empty passwords are generated, and this file written, as long as',
        '# the Secret does not exist yet.',
        `${mysql.user}=${DEFAULT_MYSQL_USER}`,
        `${mysql.password}=`,
        `${mysql.rootPassword}=`,
      ]);
    }
  }
}

/** The example of `file` for the install at `root`, and the line that makes Git ignore `file`. */
function example(project: Project, root: string, file: SecretEnvFile, script: string, lines: readonly string[]) {
  project.gitignore.exclude(`/${file.path}`);
  const contents = [
    `# Copy to ${file.path} (Git ignores it) and fill in; ${script} reads it.`,
    '# NAME=value lines, no quotes needed; a variable set in the environment wins over this file.',
    ...lines,
  ];
  // A `#` marker comment is safe: the scripts skip comments.
  if (root) new GeneratedFile(project, file.example, { comment: HASH_COMMENT, text: linesText(contents) });
  else new SampleFile(project, file.example, { contents: linesText(contents) });
}
