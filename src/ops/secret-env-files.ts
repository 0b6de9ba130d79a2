import { Component, Project, SampleFile } from 'projen';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, MYSQL_CREDENTIALS, SCRIPTS, SecretEnvFile } from './paths';
import type { KfpConfig } from '../config';
import { overlayDir } from '../layout/deployment-manifests';

/**
 * The env files the secret scripts read: each real file is gitignored, its `.example` (the names it takes, no value)
 * is written once and then belongs to the user, tracked like any file of theirs.
 */
export class SecretEnvFiles extends Component {
  constructor(project: Project, config: KfpConfig) {
    super(project);
    const { accessKeyId, secretAccessKey } = AWS_CREDENTIALS;
    example(project, AWS_CREDENTIALS, SCRIPTS.createAwsSecret, [
      `# The AWS access key of ${overlayDir('accesskey')}: the long-lived key of an IAM user that may use the bucket (AKIA...),`,
      '# not a temporary one (ASIA...).',
      `${accessKeyId}=`,
      `${secretAccessKey}=`,
    ]);
    const { user, password, rootPassword } = MYSQL_CREDENTIALS;
    example(project, MYSQL_CREDENTIALS, SCRIPTS.createMysqlSecret, config.mysql.external ? [
      `# KFP's user on the database server ${config.mysql.host} and its password: the user must exist there (README.md,`,
      `# "${DATABASE_SECTION}"). Nothing is generated.`,
      `${user}=${DEFAULT_MYSQL_USER}`,
      `${password}=`,
    ] : [
      '# The MySQL credentials. The user must not be root. Empty passwords are generated, and this file written, as long as',
      '# the Secret does not exist yet.',
      `${user}=${DEFAULT_MYSQL_USER}`,
      `${password}=`,
      `${rootPassword}=`,
    ]);
  }
}

function example(project: Project, file: SecretEnvFile, script: string, lines: readonly string[]) {
  project.gitignore.exclude(`/${file.path}`);
  new SampleFile(project, file.example, {
    contents: [
      `# Copy to ${file.path} (Git ignores it) and fill in; ${script} reads it.`,
      '# NAME=value lines, no quotes needed; a variable set in the environment wins over this file.',
      ...lines,
      '',
    ].join('\n'),
  });
}
