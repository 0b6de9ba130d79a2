import {
  DIE, ENSURE_NAMESPACE, ENV_LINE, HELP_ONLY, LOAD_ENV_FILE, LOG, OBJECT_EXISTS, RANDOM_PASSWORD, REQUIRE_CONTEXT,
  REQUIRE_KUBECTL, USAGE_ERROR,
} from './bash-functions';
import { restartCommand } from './commands';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, ENV_PREFIX, envFileOf, MYSQL_CREDENTIALS, OIDC_CREDENTIALS, scriptOf } from './paths';
import type { ShellScriptSpec } from './shell-script';
import type { KfpConfig } from '../config';
import { overlayDir } from '../layout/deployment-manifests';
import { UI_SIGNING_SECRET } from '../manifests/aws';
import { UI } from '../manifests/components/ui';

/**
 * `kubectl create secret generic NAME --from-file=KEY=<(printf VALUE) ... --dry-run=client -o yaml | kubectl apply -f -`:
 * creates or updates the Secret, with each value passed through a file descriptor so that no process listing shows it.
 * `keys` pairs each params name of a Secret key with the shell variable holding its value.
 */
function applySecretLines(keys: ReadonlyArray<readonly [keyParam: string, variable: string]>): string[] {
  return [
    'ensure_namespace',
    'kubectl create secret generic "$SECRET_NAME" --namespace "$NAMESPACE" \\',
    ...keys.map(([keyParam, variable]) => `  --from-file="$${keyParam}"=<(printf '%s' "$${variable}") \\`),
    '  --dry-run=client -o yaml | kubectl apply -f -',
  ];
}

/** A Secret key, by the params name of its key and the variable (env file or environment) that holds its value. */
interface GivenValue {
  readonly keyParam: string;
  readonly key: string;
  readonly variable: string;
}

/**
 * A script that applies a Secret from values the user gives (environment, else the gitignored env file) and generates
 * none: it stops while one is missing. `checks` run on the values before anything reaches the cluster.
 */
function givenValuesSecretScript(props: {
  readonly config: KfpConfig;
  readonly secretName: string;
  readonly envFile: string;
  readonly values: readonly GivenValue[];
  readonly summary: string;
  readonly usage: string[];
  readonly checks?: string[];
  /** What the script says once the Secret is applied. */
  readonly applied?: string;
}): ShellScriptSpec {
  const { config: { namespace }, secretName, envFile, values } = props;
  const variables = values.map((v) => v.variable);
  return {
    summary: props.summary,
    usage: props.usage,
    params: {
      NAMESPACE: namespace,
      SECRET_NAME: secretName,
      ...Object.fromEntries(values.map((v) => [v.keyParam, v.key])),
      ENV_FILE: envFile,
    },
    functions: [HELP_ONLY, REQUIRE_KUBECTL, LOAD_ENV_FILE, REQUIRE_CONTEXT, ENSURE_NAMESPACE, LOG, DIE],
    body: [
      'help_only "$@"',
      'require_kubectl',
      `load_env_file "$ENV_FILE" ${variables.join(' ')}`,
      ...requireSetLines(variables),
      ...props.checks ?? [],
      'require_context',
      ...applySecretLines(values.map((v) => [v.keyParam, v.variable] as const)),
      `log "Secret $SECRET_NAME is applied. ${props.applied ?? `Pods read it when they start: after a change, run ${restartCommand('$NAMESPACE')}`}"`,
    ],
  };
}

export function createAwsSecretScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, accessKey, root } = config;
  const { path, example, accessKeyId, secretAccessKey } = envFileOf(root, AWS_CREDENTIALS);
  return givenValuesSecretScript({
    config,
    secretName: accessKey.secretName,
    envFile: path,
    values: [
      { keyParam: 'ACCESS_KEY_ID_KEY', key: accessKey.accessKeyIdKey, variable: accessKeyId },
      { keyParam: 'SECRET_ACCESS_KEY_KEY', key: accessKey.secretAccessKeyKey, variable: secretAccessKey },
    ],
    summary: `Creates or updates Secret ${accessKey.secretName}, the AWS access key of ${overlayDir('accesskey', root)}.`,
    usage: [
      `Usage: ${scriptOf(root, 'createAwsSecret')} [-h]`,
      '',
      `Creates or updates Secret ${accessKey.secretName} in namespace ${namespace} (keys ${accessKey.accessKeyIdKey} and ${accessKey.secretAccessKeyKey}),`,
      `which the pods of ${overlayDir('accesskey', root)} read; creates the namespace when it is missing.`,
      '',
      `The values come from ${accessKeyId} and ${secretAccessKey} in the environment, else from`,
      `${path} (ignored by Git; start from ${example}); it says which, never the value. The names`,
      `start with ${ENV_PREFIX}: the AWS_ACCESS_KEY_ID of your own shell is never read. Use the long-lived access key of an`,
      'IAM user (AKIA...): temporary keys (ASIA...) expire, and the Secret would stop working with them.',
      '',
      `Pods read the Secret when they start; after a change, restart them: ${restartCommand(namespace)}`,
    ],
    checks: [
      `[[ "$${accessKeyId}" != ASIA* ]] ||`,
      `  die "${accessKeyId} is a temporary key (ASIA...), which expires; use the access key of an IAM user (AKIA...)"`,
    ],
  });
}

/**
 * The client ID and secret of the UI load balancer's OIDC identity provider, which the AWS Load Balancer Controller
 * reads from the Ingress's namespace (`uiLoadBalancer.oidc`). It watches the Secret, so a change needs no restart.
 */
export function createOidcSecretScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, root } = config;
  const { secret, issuer } = config.uiLoadBalancer!.oidc!;
  const { path, example, clientId, clientSecret } = envFileOf(root, OIDC_CREDENTIALS);
  return givenValuesSecretScript({
    config,
    secretName: secret.name,
    envFile: path,
    values: [
      { keyParam: 'CLIENT_ID_KEY', key: secret.clientIdKey, variable: clientId },
      { keyParam: 'CLIENT_SECRET_KEY', key: secret.clientSecretKey, variable: clientSecret },
    ],
    summary: `Creates or updates Secret ${secret.name}, the OIDC client the UI's load balancer signs users in with.`,
    usage: [
      `Usage: ${scriptOf(root, 'createOidcSecret')} [-h]`,
      '',
      `Creates or updates Secret ${secret.name} in namespace ${namespace} (keys ${secret.clientIdKey} and ${secret.clientSecretKey}): the client`,
      `of your identity provider ${issuer} that the AWS Load Balancer Controller configures the load balancer's`,
      'sign-in with; creates the namespace when it is missing.',
      '',
      `The values come from ${clientId} and ${clientSecret} in the environment, else from`,
      `${path} (ignored by Git; start from ${example}); it says which, never the value.`,
      '',
      'The controller watches the Secret: a change reaches the load balancer without a restart.',
    ],
    applied: 'The AWS Load Balancer Controller reads it for the sign-in of the UI\'s load balancer',
  });
}

/**
 * The UI's signing key (see `UI_SIGNING_SECRET`): generated, never written to disk, and kept when the Secret exists,
 * since replacing it ends every TensorBoard link the UI has handed out.
 */
export function createUiSecretScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, root } = config;
  return {
    summary: `Creates Secret ${UI_SIGNING_SECRET.name}, the random key the UI signs TensorBoard proxy paths with.`,
    usage: [
      `Usage: ${scriptOf(root, 'createUiSecret')} [--rotate] [-h]`,
      '',
      `Creates Secret ${UI_SIGNING_SECRET.name} in namespace ${namespace} with a random key (192 bits) under ${UI_SIGNING_SECRET.key}, which the`,
      'UI signs the paths of its TensorBoard proxy with (without it the UI would sign them with a public default key);',
      'creates the namespace when it is missing. The key is generated here and stored only in the Secret.',
      '',
      'An existing Secret is left as it is, unless:',
      '  --rotate    replace its key; TensorBoard links already open stop working, and the UI hands out new ones once',
      `              restarted (${restartCommand(namespace)} ${UI})`,
      '  -h, --help  print this text',
    ],
    params: { NAMESPACE: namespace, SECRET_NAME: UI_SIGNING_SECRET.name, SIGNING_KEY: UI_SIGNING_SECRET.key },
    functions: [USAGE_ERROR, REQUIRE_KUBECTL, REQUIRE_CONTEXT, OBJECT_EXISTS, RANDOM_PASSWORD, ENSURE_NAMESPACE, LOG, DIE],
    body: [
      'rotate=false',
      'while [[ $# -gt 0 ]]; do',
      '  case "$1" in',
      '    -h | --help) usage; exit 0 ;;',
      '    --rotate) rotate=true ;;',
      '    *) usage_error "unexpected argument: $1" ;;',
      '  esac',
      '  shift',
      'done',
      'require_kubectl',
      'require_context',
      'if ! $rotate && object_exists secret "$SECRET_NAME"; then',
      '  log "Secret $SECRET_NAME exists: its key stays (--rotate replaces it)"',
      '  exit 0',
      'fi',
      'signing_key=$(random_password)',
      ...applySecretLines([['SIGNING_KEY', 'signing_key']]),
      'log "Secret $SECRET_NAME is applied"',
      `if $rotate; then log "restart the UI to sign with the new key: ${restartCommand('$NAMESPACE')} ${UI}"; fi`,
    ],
  };
}

/**
 * Stops the script, naming the variable and where to set it, when one of `names` is empty; says so when the environment
 * has the name without the prefix, which is not read.
 */
function requireSetLines(names: readonly string[]): string[] {
  return names.map((name) => {
    const unprefixed = name.slice(ENV_PREFIX.length);
    const notRead = `\${${unprefixed}:+ (${unprefixed} in your environment is not read: it belongs to your shell, not to the cluster)}`;
    return `[[ -n "\${${name}-}" ]] || die "${name} is not set: export it, or set it in $ENV_FILE (start from $ENV_FILE.example)${notRead}"`;
  });
}

/**
 * The MySQL Secret: for the in-cluster MySQL, with generated passwords the server takes on its first start; for an
 * external server, the credentials of the user that already exists there.
 */
export function createMysqlSecretScript(config: KfpConfig): ShellScriptSpec {
  return config.mysql.external ? externalMysqlSecretScript(config) : inClusterMysqlSecretScript(config);
}

function externalMysqlSecretScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, mysql: { secret, host }, root } = config;
  const { path, example, user, password } = envFileOf(root, MYSQL_CREDENTIALS);
  return givenValuesSecretScript({
    config,
    secretName: secret.name,
    envFile: path,
    values: [
      { keyParam: 'USERNAME_KEY', key: secret.usernameKey, variable: user },
      { keyParam: 'PASSWORD_KEY', key: secret.passwordKey, variable: password },
    ],
    summary: `Creates or updates Secret ${secret.name}, the credentials of KFP's user on the database server ${host}.`,
    usage: [
      `Usage: ${scriptOf(root, 'createMysqlSecret')} [-h]`,
      '',
      `Creates or updates Secret ${secret.name} in namespace ${namespace} (keys ${secret.usernameKey} and ${secret.passwordKey}), which`,
      'every component that connects to the database reads; creates the namespace when it is missing.',
      '',
      `The values come from ${user} and ${password} in the environment, else from ${path} (ignored by Git;`,
      `start from ${example}): the user you created for KFP on ${host} and its password`,
      `(README.md, "${DATABASE_SECTION}"). Nothing is generated: the server already has the user.`,
      '',
      `Pods read the Secret when they start; after a change, restart them: ${restartCommand(namespace)}`,
    ],
  });
}

function inClusterMysqlSecretScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, mysql: { secret }, root } = config;
  const { path, user, password, rootPassword } = envFileOf(root, MYSQL_CREDENTIALS);
  const passwords = `${password} ${rootPassword}`;
  return {
    summary: `Creates or updates Secret ${secret.name}, the MySQL credentials; generates missing passwords.`,
    usage: [
      `Usage: ${scriptOf(root, 'createMysqlSecret')} [-h]`,
      '',
      `Creates or updates Secret ${secret.name} in namespace ${namespace} (keys ${secret.usernameKey}, ${secret.passwordKey} and`,
      `${secret.rootPasswordKey}), which MySQL and every component that connects to it read; creates the namespace`,
      'when it is missing.',
      '',
      `The values come from ${user} (default ${DEFAULT_MYSQL_USER}; root is refused: KFP connects as a regular user), ${password}`,
      `and ${rootPassword} in the environment, else from ${path} (ignored by Git); it says which, never the`,
      `value. Missing passwords are generated and written, with the user, to ${path} (mode 600); they are never`,
      'printed.',
      '',
      'MySQL reads the Secret only when it starts on an empty volume. So while the Secret exists, missing passwords are',
      `not generated: put the current values in ${path}. To change a password of a running install, change`,
      'it in MySQL first, then run this script (README.md, "Secrets").',
    ],
    params: {
      NAMESPACE: namespace,
      SECRET_NAME: secret.name,
      USERNAME_KEY: secret.usernameKey,
      PASSWORD_KEY: secret.passwordKey,
      ROOT_PASSWORD_KEY: secret.rootPasswordKey,
      DEFAULT_USER: DEFAULT_MYSQL_USER,
      ENV_FILE: path,
    },
    functions: [HELP_ONLY, REQUIRE_KUBECTL, LOAD_ENV_FILE, ENV_LINE, REQUIRE_CONTEXT, OBJECT_EXISTS, RANDOM_PASSWORD, ENSURE_NAMESPACE, LOG, DIE],
    body: [
      'help_only "$@"',
      'require_kubectl',
      `load_env_file "$ENV_FILE" ${user} ${passwords}`,
      `if [[ -z "\${${user}-}" ]]; then`,
      `  ${user}=$DEFAULT_USER`,
      `  log "${user}: not set, so the default user $DEFAULT_USER"`,
      'fi',
      `[[ "$${user}" != root ]] ||`,
      `  die "${user} must not be root: KFP connects as a regular user, and root has its own password (${rootPassword})"`,
      `[[ "$${user}" =~ ^[A-Za-z0-9_]{1,32}$ ]] || die "${user} must be 1 to 32 letters, digits or underscores"`,
      '# The first start of some MySQL images writes these into SQL without escaping them.',
      `for name in ${passwords}; do`,
      '  case "${!name-}" in',
      "    *[\\'\\\\]*) die \"$name contains a single quote or a backslash; choose another password\" ;;",
      '  esac',
      'done',
      'require_context',
      '',
      `if [[ -z "\${${password}-}" || -z "\${${rootPassword}-}" ]]; then`,
      '  if object_exists secret "$SECRET_NAME"; then',
      `    die "Secret $SECRET_NAME exists, and MySQL keeps the passwords it first started with: set ${password} and ${rootPassword} to the current values (in $ENV_FILE) to apply it again; README.md, \\"Secrets\\", says how to change them"`,
      '  fi',
      `  for name in ${passwords}; do`,
      '    if [[ -z "${!name-}" ]]; then',
      '      printf -v "$name" \'%s\' "$(random_password)"',
      '      log "$name: generated"',
      '    fi',
      '  done',
      '  # Made private before any password is in it.',
      '  (umask 077 && : >>"$ENV_FILE")',
      '  chmod 600 "$ENV_FILE"',
      '  {',
      "    printf '%s\\n' \"# Written by $SCRIPT: the values of Secret $SECRET_NAME. Keep this file out of Git.\"",
      ...[user, password, rootPassword].map((name) => `    env_line ${name}`),
      '  } >"$ENV_FILE"',
      '  log "wrote the values to $ENV_FILE (mode 600, ignored by Git)"',
      'fi',
      '',
      ...applySecretLines([['USERNAME_KEY', user], ['PASSWORD_KEY', password], ['ROOT_PASSWORD_KEY', rootPassword]]),
      'log "Secret $SECRET_NAME is applied"',
    ],
  };
}
