import type { KfpConfig, ManagedSecretOption } from '../config';
import { ENV_PREFIX } from './bash-functions';
import { inInstall } from '../layout/deployment-manifests';
import { IamMechanism } from '../options';

/** The generated scripts, by what they do; the tasks, the README and the env file examples name them from here. */
export const SCRIPTS = {
  createAwsSecret: 'scripts/create-aws-secret.sh',
  createMysqlSecret: 'scripts/create-mysql-secret.sh',
  createUiSecret: 'scripts/create-ui-secret.sh',
  createOidcSecret: 'scripts/create-oidc-secret.sh',
  createAssociations: 'scripts/create-pod-identity-associations.sh',
  install: 'scripts/install.sh',
  uninstall: 'scripts/uninstall.sh',
  diff: 'scripts/diff.sh',
  render: 'scripts/render.sh',
  validate: 'scripts/validate.sh',
  doctor: 'scripts/doctor.sh',
} as const;

/** A script of {@link SCRIPTS}, by what it does. */
export type ScriptRole = keyof typeof SCRIPTS;

/**
 * The scripts that operate one install. Each install has its own, with its namespace, folders and Secrets: the first
 * install's in `scripts/`, each additional install's in `installs/<namespace>/scripts/`. The others (render,
 * validate, doctor) cover the whole repo.
 */
export const INSTALL_SCRIPTS = [
  'createAwsSecret', 'createMysqlSecret', 'createUiSecret', 'createOidcSecret', 'createAssociations', 'install', 'uninstall', 'diff',
] as const satisfies readonly ScriptRole[];

/** A script of {@link INSTALL_SCRIPTS}. */
export type InstallScriptRole = (typeof INSTALL_SCRIPTS)[number];

/**
 * The scripts an install of `config` has: the UI Secret's only where the release's UI signs with a key; the OIDC
 * Secret's only where the UI's load balancer signs in with OIDC; the Pod Identity associations' only where its IAM
 * overlay takes them from the AWS CLI.
 */
export function installScriptRoles(config: KfpConfig): InstallScriptRole[] {
  const associations = config.variants.includes('iam') && config.iam.mechanism === IamMechanism.POD_IDENTITY && !config.iam.ackAssociations;
  const managed = new Set<InstallScriptRole>(config.secretsManager?.secrets.map((secret) => SECRET_SCRIPTS[secret.option]));
  return INSTALL_SCRIPTS.filter((role) => (role !== 'createUiSecret' || config.release.uiSigningKey)
    && (role !== 'createOidcSecret' || config.uiLoadBalancer?.oidc !== undefined)
    && (role !== 'createAssociations' || associations) && !managed.has(role));
}

/**
 * The script that creates each Secret `secretsManager` can take over: with the option, the External Secrets Operator
 * creates the Secret, and the script is not generated.
 */
export const SECRET_SCRIPTS = {
  mysql: 'createMysqlSecret',
  accessKey: 'createAwsSecret',
  uiSigningKey: 'createUiSecret',
} as const satisfies Record<ManagedSecretOption, InstallScriptRole>;

/** The path of script `role` of the install at `root` (`KfpConfig.root`). */
export const scriptOf = (root: string, role: ScriptRole) => inInstall(root, SCRIPTS[role]);

/** The name of task `name` of an install: as is for the first install, `<name>:<namespace>` for the others. */
export const taskOf = (config: Pick<KfpConfig, 'root' | 'namespace'>, name: string) => (config.root ? `${name}:${config.namespace}` : name);

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

/** `file` of the install at `root`: each install keeps its own credentials, in its own folder. */
export const envFileOf = <T extends SecretEnvFile>(root: string, file: T): T =>
  ({ ...file, ...secretEnvFile(inInstall(root, file.path)) });

export { ENV_PREFIX } from './bash-functions';

/** The AWS access key of `overlay/accesskey`: the AWS SDK's names, with {@link ENV_PREFIX}. */
export const AWS_CREDENTIALS = {
  ...secretEnvFile('aws-credentials.env'),
  accessKeyId: 'KFP_AWS_ACCESS_KEY_ID',
  secretAccessKey: 'KFP_AWS_SECRET_ACCESS_KEY',
} as const satisfies Record<'accessKeyId' | 'secretAccessKey', `${typeof ENV_PREFIX}${string}`>;

/** The MySQL credentials: the official MySQL image's names, with {@link ENV_PREFIX}. */
export const MYSQL_CREDENTIALS = {
  ...secretEnvFile('mysql-credentials.env'),
  user: 'KFP_MYSQL_USER',
  password: 'KFP_MYSQL_PASSWORD',
  rootPassword: 'KFP_MYSQL_ROOT_PASSWORD',
} as const satisfies Record<'user' | 'password' | 'rootPassword', `${typeof ENV_PREFIX}${string}`>;

/** The client of the UI load balancer's OIDC identity provider, with {@link ENV_PREFIX}. */
export const OIDC_CREDENTIALS = {
  ...secretEnvFile('ui-oidc.env'),
  clientId: 'KFP_OIDC_CLIENT_ID',
  clientSecret: 'KFP_OIDC_CLIENT_SECRET',
} as const satisfies Record<'clientId' | 'clientSecret', `${typeof ENV_PREFIX}${string}`>;

/** The README section that says how to back up and upgrade; `deploy` points to it by name. */
export const UPGRADE_SECTION = 'Changing settings and upgrading';

/** The README section that says what to prepare on an external database server; scripts point to it by name. */
export const DATABASE_SECTION = 'The database';

/** The database user `create-mysql-secret.sh` uses when none is given, and the one the README has you create on an external server. */
export const DEFAULT_MYSQL_USER = 'kfp';
