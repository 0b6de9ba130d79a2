/** The generated scripts, by what they do; the tasks, the README and the env file examples name them from here. */
export const SCRIPTS = {
  createAwsSecret: 'scripts/create-aws-secret.sh',
  createMysqlSecret: 'scripts/create-mysql-secret.sh',
  install: 'scripts/install.sh',
  uninstall: 'scripts/uninstall.sh',
  diff: 'scripts/diff.sh',
  render: 'scripts/render.sh',
  validate: 'scripts/validate.sh',
} as const;

/** Where `render` writes; gitignored. */
export const DIST_DIR = 'dist';

/** The flag of `uninstall` that also deletes `crds/`. */
export const INCLUDE_CRDS_FLAG = '--include-crds';

/** A gitignored env file that holds secret values, and its tracked example. */
export interface SecretEnvFile {
  readonly path: string;
  readonly example: string;
}

const secretEnvFile = (path: string): SecretEnvFile => ({ path, example: `${path}.example` });

/** The AWS access key of `overlay/accesskey`. */
export const AWS_CREDENTIALS = {
  ...secretEnvFile('aws-credentials.env'),
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
} as const;

/** The MySQL credentials; the variable names are those of the official MySQL image. */
export const MYSQL_CREDENTIALS = {
  ...secretEnvFile('mysql-credentials.env'),
  user: 'MYSQL_USER',
  password: 'MYSQL_PASSWORD',
  rootPassword: 'MYSQL_ROOT_PASSWORD',
} as const;

/** The README section that says what to prepare on an external database server; scripts point to it by name. */
export const DATABASE_SECTION = 'The database';

/** The database user `create-mysql-secret.sh` uses when none is given, and the one the README has you create on an external server. */
export const DEFAULT_MYSQL_USER = 'kfp';
