import { code, codeBlock, table } from '../markdown';
import { databaseAddress, ReadmeContext } from './common';
import { SECRETS_MANAGER_SECTION } from './secrets-manager';
import { restartCommand } from '../../ops/commands';
import { managedSecret } from '../../ops/external-secrets-checks';
import { DATABASE_SECTION, DEFAULT_MYSQL_USER, MYSQL_CREDENTIALS, SCRIPTS } from '../../ops/paths';

/** What to prepare on an external database server; nothing for the in-cluster MySQL. */
export function database({ config }: ReadmeContext): string[] {
  const { mysql, namespace } = config;
  if (!mysql.external) return [];
  const user = `'${DEFAULT_MYSQL_USER}'@'%'`;
  const databases = mysql.databases.map((db) => code(db)).join(', ');
  const lines = [
    `## ${DATABASE_SECTION}`,
    '',
    `KFP keeps its pipelines, runs and metadata on the MySQL server ${code(databaseAddress(config))} (\`externalDatabase\`), in the`,
    `databases ${databases}; no MySQL runs in the cluster. Before the first deploy, create KFP's user there as an`,
    `administrator (on RDS, the master user), with a password of your choice (and any name; ${code(DEFAULT_MYSQL_USER)} here):`,
    '',
    '```sql',
    `CREATE USER ${user} IDENTIFIED WITH mysql_native_password BY '<password>'${mysql.tls ? ' REQUIRE SSL' : ''};`,
    ...mysql.databases.map((db) => `GRANT ALL PRIVILEGES ON \`${db}\`.* TO ${user};`),
    '```',
    '',
    '- The databases need not exist: each component creates its own on its first start (`CREATE DATABASE` when it is',
    '  missing), which these grants allow. Creating them beforehand works as well.',
    '- `mysql_native_password`: KFP\'s MySQL clients use it, ML Metadata\'s in particular. MySQL 8.4 disables it by default,',
    '  so the server must run with `mysql_native_password=ON` (on RDS, set it in the DB parameter group of the instance)',
    '  before you create the user.',
    `- The server must accept connections from the cluster's pods on port ${mysql.port} (on RDS, through the instance's`,
    '  security group).',
    managedSecret(config, 'mysql')
      ? `- Then put the user and the password into the Secrets Manager secret ${code(managedSecret(config, 'mysql')!.secretId)} (see "${SECRETS_MANAGER_SECTION}").`
      : `- Then put the user and the password into ${code(MYSQL_CREDENTIALS.path)} and run ${code(SCRIPTS.createMysqlSecret)} (see "Secrets").`,
    '',
  ];
  if (!mysql.tls) {
    return [
      ...lines,
      `No component asks the server for TLS or verifies its certificate.${config.release.mysql.tls
        ? ' Set `externalDatabase.tlsCaConfigMap` to encrypt the connections and verify the server.'
        : ''}`,
      '',
    ];
  }
  const configMap = mysql.tls.caConfigMap;
  return [
    ...lines,
    '### TLS',
    '',
    'Every component connects with TLS and verifies the server\'s certificate, for the host name',
    `${code(mysql.host)}, against the CA bundle in a ConfigMap that you create in the namespace ${code(namespace)}:`,
    '',
    ...table(['ConfigMap', 'key', 'read by', 'created by'],
      [[code(configMap), code(mysql.tls.caKey), 'the api server, the cache server and ML Metadata', 'you, from the server\'s CA bundle']]),
    '',
    'For RDS and Aurora the bundle is `global-bundle.pem`, which AWS publishes for every region (see "Using SSL/TLS to',
    'encrypt a connection to a DB instance" in the RDS documentation). With the bundle downloaded:',
    '',
    ...codeBlock([
      `kubectl create namespace ${namespace} --dry-run=client -o yaml | kubectl apply -f -`,
      `kubectl -n ${namespace} create configmap ${configMap} --from-file=${mysql.tls.caKey}=global-bundle.pem \\`,
      '  --dry-run=client -o yaml | kubectl apply -f -',
    ]),
    '',
    '`npx projen deploy` stops before any change while the ConfigMap is missing. After replacing the bundle, restart the pods',
    `(${code(restartCommand(namespace))}).`,
    '',
  ];
}
