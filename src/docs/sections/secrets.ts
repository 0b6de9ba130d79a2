import { code, codeBlock, table } from '../markdown';
import type { ReadmeContext } from './common';
import { SECRETS_MANAGER_SECTION, secretSource } from './secrets-manager';
import type { KfpConfig } from '../../config';
import { overlayDir } from '../../layout/deployment-manifests';
import { UI_SIGNING_SECRET } from '../../manifests/aws';
import { UI } from '../../manifests/components/ui';
import { restartCommand } from '../../ops/commands';
import { managedSecret } from '../../ops/external-secrets-checks';
import { AWS_CREDENTIALS, DATABASE_SECTION, DEFAULT_MYSQL_USER, ENV_PREFIX, MYSQL_CREDENTIALS, OIDC_CREDENTIALS, scriptOf, SCRIPTS } from '../../ops/paths';
import { ENV_FILE_IGNORE } from '../../ops/secret-env-files';

/** The README's parts about the MySQL Secret: who reads it, what the script does, the same by hand, rotation. */
interface MysqlSecretDocs {
  readonly row: readonly string[];
  readonly script: string[];
  readonly byHandNote: string;
  readonly byHand: string[];
  readonly rotating: string[];
}

function mysqlSecretDocs(config: KfpConfig): MysqlSecretDocs {
  const { mysql, namespace } = config;
  const { name, usernameKey, passwordKey, rootPasswordKey } = mysql.secret;
  const restart = `(${code(restartCommand(namespace))})`;
  if (mysql.external) {
    return {
      row: [code(name), `${code(usernameKey)}, ${code(passwordKey)}`, 'every component that connects to the database', 'both variants', secretSource(config, 'mysql', code(SCRIPTS.createMysqlSecret))],
      script: [
        `- ${code(SCRIPTS.createMysqlSecret)} reads ${code(MYSQL_CREDENTIALS.user)} and ${code(MYSQL_CREDENTIALS.password)}, KFP's user on ${code(mysql.host)} and its`,
        `  password (see "${DATABASE_SECTION}"), from the environment or from ${code(MYSQL_CREDENTIALS.path)} (start from`,
        `  ${code(MYSQL_CREDENTIALS.example)}). It generates nothing: the user exists on the server before the Secret.`,
      ],
      byHandNote: 'By hand, the same:',
      byHand: [
        `kubectl -n ${namespace} create secret generic ${name} \\`,
        `  --from-literal=${usernameKey}="$${MYSQL_CREDENTIALS.user}" \\`,
        `  --from-literal=${passwordKey}="$${MYSQL_CREDENTIALS.password}" \\`,
        '  --dry-run=client -o yaml | kubectl apply -f -',
      ],
      rotating: [
        `- **MySQL password**: change it on the server (${code('ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<new>\';')}),`,
        `  put the new value in ${code(MYSQL_CREDENTIALS.path)}, run ${code(SCRIPTS.createMysqlSecret)} and restart the pods ${restart}.`,
        '  Between the change on the server and the restart, the pods cannot open new connections.',
      ],
    };
  }
  return {
    row: [code(name), `${code(usernameKey)}, ${code(passwordKey)}, ${code(rootPasswordKey)}`, 'MySQL (creates the user on its first start) and every component that connects to it', 'both variants', secretSource(config, 'mysql', code(SCRIPTS.createMysqlSecret))],
    script: [
      `- ${code(SCRIPTS.createMysqlSecret)} reads ${code(MYSQL_CREDENTIALS.user)} (default ${code(DEFAULT_MYSQL_USER)}, never root), ${code(MYSQL_CREDENTIALS.password)} and`,
      `  ${code(MYSQL_CREDENTIALS.rootPassword)} from the environment or from ${code(MYSQL_CREDENTIALS.path)}. It generates missing passwords (192 random`,
      `  bits each) and writes them to ${code(MYSQL_CREDENTIALS.path)} with mode 600, without printing them. Keep that file, or its`,
      '  values, somewhere safe: the cluster is the only other place that has them.',
    ],
    byHandNote: 'By hand, the same (avoid single quotes and backslashes in the MySQL values):',
    byHand: [
      `kubectl -n ${namespace} create secret generic ${name} \\`,
      `  --from-literal=${usernameKey}=${DEFAULT_MYSQL_USER} \\`,
      `  --from-literal=${passwordKey}="$(openssl rand -hex 24)" \\`,
      `  --from-literal=${rootPasswordKey}="$(openssl rand -hex 24)" \\`,
      '  --dry-run=client -o yaml | kubectl apply -f -',
    ],
    rotating: [
      `- **MySQL passwords**: MySQL reads ${code(name)} only when it starts on an empty volume, so a new value in the Secret`,
      '  alone locks KFP out. Change the password in MySQL first:',
      `  ${code(`kubectl -n ${namespace} exec -it deploy/mysql -- mysql -uroot -p`)}, then`,
      `  ${code("ALTER USER '<user>'@'%' IDENTIFIED BY '<new>';")} (MySQL 5.6: ${code("SET PASSWORD FOR '<user>'@'%' = PASSWORD('<new>');")}), where`,
      `  \`<user>\` is ${code(DEFAULT_MYSQL_USER)} unless you set ${code(MYSQL_CREDENTIALS.user)}, or \`root\` for the root password.`,
      ...(managedSecret(config, 'mysql')
        ? ['  Then change it in Secrets Manager; ESO updates the Secret, and Reloader restarts the pods that read it.']
        : [
          `  Then put the new value in ${code(MYSQL_CREDENTIALS.path)}, run ${code(SCRIPTS.createMysqlSecret)} and restart the pods`,
          `  ${restart}.`,
        ]),
    ],
  };
}

/** How the secret scripts read their values, and why the names have a prefix. */
function envFiles(): string[] {
  return [
    '### Env files',
    '',
    `- **Names**: every variable starts with ${code(ENV_PREFIX)} (${code(AWS_CREDENTIALS.accessKeyId)}, ${code(MYSQL_CREDENTIALS.password)}, ...). A shell often`,
    '  exports `AWS_ACCESS_KEY_ID` or `MYSQL_PASSWORD` for its own session, an administrator\'s key above all; with those names',
    '  the scripts would store that key in the cluster, where every pod that reads the Secret has it. The scripts never read',
    `  them, and refuse a file that still uses them, naming the ${code(ENV_PREFIX)} name to use.`,
    `- **Where a value comes from**: a ${code(ENV_PREFIX)} variable set in the environment wins over the env file, as with any dotenv file (so`,
    '  CI can pass values without a file); each run says, for every value, whether it came from the environment or the',
    '  file (or was generated), never the value itself.',
    '- **Format**: the rules of dotenv and Docker Compose: `NAME=value` lines, blank lines and `#` comment lines, an optional',
    '  `export ` prefix, spaces around the name and the value ignored, `#` after a space starting a comment in an unquoted',
    '  value, single quotes taken literally, double quotes with `\\"` and `\\\\` escapes, Windows line ends accepted. Nothing is',
    '  expanded: `$` is a character. A value is one line. The scripts read the file as data; they never run it.',
    `- **Git** ignores every ${code(ENV_FILE_IGNORE)} file of the repo, in any folder, with one rule of \`.gitignore\`, so the env files of an`,
    '  install you remove stay ignored. The `.example` files are generated from `.projenrc.ts` and hold names only.',
    '',
  ];
}

export function secrets({ config }: ReadmeContext): string[] {
  const { accessKey, namespace, release } = config;
  const mysql = mysqlSecretDocs(config);
  const ui = release.uiSigningKey;
  const uiScript = scriptOf(config.root, 'createUiSecret');
  const oidc = config.uiLoadBalancer?.oidc;
  // The Secrets the scripts create: those `secretsManager` leaves to them.
  const [mysqlScript, awsScript, uiKeyScript] = [!managedSecret(config, 'mysql'), !managedSecret(config, 'accessKey'), ui && !managedSecret(config, 'uiSigningKey')];
  const scripts = [mysqlScript, awsScript, uiKeyScript, oidc].filter(Boolean).length;
  const managedOnly = (option: 'mysql' | 'accessKey' | 'uiSigningKey', what: string) => (managedSecret(config, option)
    ? [`- **${what}**: change it in Secrets Manager; ESO and Reloader do the rest (see "${SECRETS_MANAGER_SECTION}").`] : undefined);
  const lines = [
    '## Secrets',
    '',
    `No secret value is in this repository: the manifests name the Secrets only, and ${config.secretsManager
      ? 'the External Secrets Operator copies them from AWS Secrets Manager or the scripts create them from the'
      : 'the scripts create them from the'}`,
    'environment or from env files that Git ignores.',
    '',
    ...table(['Secret', 'keys', 'read by', 'needed for', 'created by'], [
      mysql.row,
      [code(accessKey.secretName), `${code(accessKey.accessKeyIdKey)}, ${code(accessKey.secretAccessKeyKey)}`, 'every component that reaches S3', `${code(overlayDir('accesskey'))} only`, secretSource(config, 'accessKey', code(SCRIPTS.createAwsSecret))],
      ...(ui ? [[code(UI_SIGNING_SECRET.name), code(UI_SIGNING_SECRET.key), 'the UI, which signs the paths of its TensorBoard proxy with it', 'both variants', secretSource(config, 'uiSigningKey', code(uiScript))]] : []),
      ...(oidc ? [[code(oidc.secret.name), `${code(oidc.secret.clientIdKey)}, ${code(oidc.secret.clientSecretKey)}`,
        'the AWS Load Balancer Controller, for the sign-in of the UI\'s load balancer', 'both variants', code(scriptOf(config.root, 'createOidcSecret'))]] : []),
    ]),
    '',
    ...(mysqlScript ? mysql.script : []),
    ...(awsScript ? [
      `- ${code(SCRIPTS.createAwsSecret)} reads ${code(AWS_CREDENTIALS.accessKeyId)} and ${code(AWS_CREDENTIALS.secretAccessKey)} from the environment or from`,
      `  ${code(AWS_CREDENTIALS.path)} (start from ${code(AWS_CREDENTIALS.example)}).`,
    ] : []),
    ...(oidc ? [
      `- ${code(SCRIPTS.createOidcSecret)} reads ${code(OIDC_CREDENTIALS.clientId)} and ${code(OIDC_CREDENTIALS.clientSecret)} from the environment or from`,
      `  ${code(OIDC_CREDENTIALS.path)} (start from ${code(OIDC_CREDENTIALS.example)}); the controller watches the Secret, so a change needs no restart.`,
    ] : []),
    ...(uiKeyScript ? [
      `- ${code(uiScript)} generates the UI's key (192 random bits) and stores it in the Secret only; it leaves an existing`,
      '  Secret as it is, unless given `--rotate`. Without this Secret the UI would sign with a default key that anyone can',
      '  read in its source (`minio123`), and anyone who reaches the UI could have it proxy to any Service of the cluster.',
    ] : []),
    ...(scripts > 0 ? [
      `- ${scripts === 1 ? 'It creates' : scripts === 2 ? 'Both create' : 'They create'} the namespace when it is missing and apply with \`kubectl create secret generic ... --dry-run=client -o yaml |`,
      '  kubectl apply -f -`, so running them again updates the Secret. The values reach kubectl through file descriptors,',
      '  never on a command line.',
      '',
      ...envFiles(),
      mysqlScript ? mysql.byHandNote : 'By hand, the same:',
      '',
      ...codeBlock([
        `kubectl create namespace ${namespace} --dry-run=client -o yaml | kubectl apply -f -`,
        ...(mysqlScript ? mysql.byHand : []),
        ...(awsScript ? [
          `kubectl -n ${namespace} create secret generic ${accessKey.secretName} \\`,
          `  --from-literal=${accessKey.accessKeyIdKey}="$${AWS_CREDENTIALS.accessKeyId}" \\`,
          `  --from-literal=${accessKey.secretAccessKeyKey}="$${AWS_CREDENTIALS.secretAccessKey}" \\`,
          '  --dry-run=client -o yaml | kubectl apply -f -',
        ] : []),
        ...(uiKeyScript ? [
          `kubectl -n ${namespace} create secret generic ${UI_SIGNING_SECRET.name} \\`,
          `  --from-literal=${UI_SIGNING_SECRET.key}="$(openssl rand -hex 24)" \\`,
          '  --dry-run=client -o yaml | kubectl apply -f -',
        ] : []),
      ]),
    ] : []),
    '',
    '### Rotating',
    '',
    ...(managedOnly('accessKey', 'AWS access key') ?? [
      `- **AWS access key**: create a second key for the IAM user, put it in ${code(AWS_CREDENTIALS.path)} (or the environment), run`,
      `  ${code(SCRIPTS.createAwsSecret)}, restart the pods (${code(restartCommand(config.namespace))}), check that a run reads and writes`,
      '  the bucket, then deactivate and delete the old key.',
    ]),
    ...(mysqlScript || !config.mysql.external ? mysql.rotating : managedOnly('mysql', 'MySQL password')!),
    ...(ui ? managedOnly('uiSigningKey', 'UI signing key') ?? [
      `- **UI signing key**: ${code(`${uiScript} --rotate`)}, then ${code(`${restartCommand(namespace)} ${UI}`)}. TensorBoard`,
      '  links already open stop working; the UI hands out new ones.',
    ] : []),
    '',
  ];
  return lines;
}
