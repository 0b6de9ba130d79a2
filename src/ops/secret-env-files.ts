import { Component, Project } from 'projen';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, ENV_PREFIX, envFileOf, installScriptRoles, MYSQL_CREDENTIALS, OIDC_CREDENTIALS, scriptOf, SecretEnvFile } from './paths';
import type { KfpConfig } from '../config';
import { GeneratedFile, HASH_COMMENT, linesText } from '../generated-file';
import { overlayDir } from '../layout/deployment-manifests';

/**
 * What Git ignores: every env file in the repo, at any depth. One rule rather than one per install, so that the env
 * files of an install removed from the options, which stay with its folder, are still ignored. The generated files of
 * the repo have other extensions (the examples end with `.example`).
 */
export const ENV_FILE_IGNORE = '*.env';

/**
 * The env files the secret scripts read, one pair per install: the real files are gitignored; their examples are
 * generated from the options (the names the scripts read, and no value but the default user) and kept in sync.
 */
export class SecretEnvFiles extends Component {
  constructor(project: Project, installs: readonly KfpConfig[]) {
    super(project);
    project.gitignore.exclude(ENV_FILE_IGNORE);
    for (const config of installs) {
      const { root, namespace, accessKey, mysql: { secret } } = config;
      const roles = installScriptRoles(config);
      const aws = envFileOf(root, AWS_CREDENTIALS);
      if (roles.includes('createAwsSecret')) {
        example(project, aws, scriptOf(root, 'createAwsSecret'), [
          `# The AWS access key of ${overlayDir('accesskey', root)}, for Secret ${accessKey.secretName} in namespace ${namespace}: the long-lived key`,
          '# of an IAM user that may use the bucket (AKIA...), not a temporary one (ASIA...).',
          `${aws.accessKeyId}=`,
          `${aws.secretAccessKey}=`,
        ]);
      }
      const mysql = envFileOf(root, MYSQL_CREDENTIALS);
      if (roles.includes('createMysqlSecret')) {
        example(project, mysql, scriptOf(root, 'createMysqlSecret'), config.mysql.external ? [
          `# KFP's user on the database server ${config.mysql.host} and its password, for Secret ${secret.name} in namespace ${namespace}:`,
          `# the user must exist there (README.md, "${DATABASE_SECTION}"). Nothing is generated.`,
          `${mysql.user}=${DEFAULT_MYSQL_USER}`,
          `${mysql.password}=`,
        ] : [
          `# The MySQL credentials, for Secret ${secret.name} in namespace ${namespace}. The user must not be root. Empty passwords`,
          '# are generated, and this file written, as long as the Secret does not exist yet.',
          `${mysql.user}=${DEFAULT_MYSQL_USER}`,
          `${mysql.password}=`,
          `${mysql.rootPassword}=`,
        ]);
      }
      const oidc = config.uiLoadBalancer?.oidc;
      if (oidc) {
        const file = envFileOf(root, OIDC_CREDENTIALS);
        example(project, file, scriptOf(root, 'createOidcSecret'), [
          `# The client of your OIDC identity provider ${oidc.issuer} that the UI's load balancer signs users in with, for Secret`,
          `# ${oidc.secret.name} in namespace ${namespace}. The client's redirect URL: https://<the UI's host>/oauth2/idpresponse.`,
          `${file.clientId}=`,
          `${file.clientSecret}=`,
        ]);
      }
    }
  }
}

/**
 * The generated example of `file`, whose real file {@link ENV_FILE_IGNORE} keeps out of Git. Its `#` marker comment is
 * safe: the scripts skip comments.
 */
function example(project: Project, file: SecretEnvFile, script: string, lines: readonly string[]) {
  new GeneratedFile(project, file.example, {
    comment: HASH_COMMENT,
    text: linesText([
      `# Copy to ${file.path} (Git ignores it) and fill in; ${script} reads it and says where each value came from.`,
      `# NAME=value lines as in any dotenv file: # comments, optional quotes and \`export\`, nothing expanded. A ${ENV_PREFIX} variable`,
      '# exported in the environment wins over this file.',
      ...lines,
    ]),
  });
}
