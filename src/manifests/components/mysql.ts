import { Construct } from 'constructs';
import type { MysqlConfig } from '../../config';
import type { KfpComponentProps } from '../component';
import { KubeConfigMap, KubeDeployment, KubePersistentVolumeClaim, KubeService, KubeServiceAccount, intOrString, quantity } from '../kube';
import { workloadLabels } from '../labels';
import { mysqlCredentialEnv } from '../mysql-env';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from '../security';
import { requests } from '../workload';

/** The in-cluster MySQL's name: its Deployment, container and ServiceAccount. */
export const MYSQL = 'mysql';
/** The claim of the in-cluster MySQL's volume. */
export const MYSQL_PVC = 'mysql-pv-claim';
const NAME = MYSQL;
const PVC = MYSQL_PVC;
const INIT_CONFIG_MAP = 'mysql-initdb';
const INIT_SCRIPT = 'create-kfp-databases.sh';
const DATA_DIR = '/var/lib/mysql';
/** The port mysqld listens on (its default); the Service maps the configured port onto it. */
const MYSQLD_PORT = 3306;
/** The `mysql` user and group of the official image. */
const MYSQL_UID = 999;

const POD_LABELS = workloadLabels({ app: NAME });

/**
 * The shell script the official image's entrypoint sources on first start, after it has created `$MYSQL_USER`:
 * creates the release's databases and grants the user everything on them. Sourced, it runs as root through the
 * entrypoint's `docker_process_sql`, so no password appears in the script.
 */
function initDatabasesScript(mysql: MysqlConfig): string {
  // Escaped backticks: the here-document is unquoted so that the shell expands $MYSQL_USER.
  const databases = mysql.databases.map((db) => `\\\`${db}\\\``);
  return [
    'if [ -z "$MYSQL_USER" ] || [ -z "$MYSQL_PASSWORD" ]; then',
    `  mysql_error "Secret ${mysql.secret.name} needs a non-empty ${mysql.secret.usernameKey} and ${mysql.secret.passwordKey} for KFP's database user"`,
    'fi',
    'docker_process_sql <<EOSQL',
    ...databases.map((db) => `CREATE DATABASE IF NOT EXISTS ${db};`),
    ...databases.map((db) => `GRANT ALL ON ${db}.* TO '$MYSQL_USER'@'%';`),
    'EOSQL',
    '',
  ].join('\n');
}

/**
 * In-cluster MySQL for the databases of the release, as upstream runs it, except for credentials: upstream's root has
 * an empty password, ours come from the user's Secret and KFP connects as a regular user. The official image of both
 * MySQL 5.6 and 8.4 runs as its `mysql` user and sources the init script.
 */
export class Mysql extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { mysql, release } = props.config;

    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME } });

    new KubePersistentVolumeClaim(this, 'PersistentVolumeClaim', {
      metadata: { name: PVC },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: mysql.storageClassName,
        resources: { requests: { storage: quantity(mysql.storageSize) } },
      },
    });

    new KubeService(this, 'Service', {
      metadata: { name: mysql.host },
      spec: {
        selector: POD_LABELS,
        ports: [{ port: mysql.port, protocol: 'TCP', targetPort: intOrString(MYSQLD_PORT) }],
      },
    });

    new KubeConfigMap(this, 'InitConfigMap', {
      metadata: { name: INIT_CONFIG_MAP },
      data: { [INIT_SCRIPT]: initDatabasesScript(mysql) },
    });

    const { name: secretName, rootPasswordKey } = mysql.secret;
    new KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, labels: { app: NAME } },
      spec: {
        selector: { matchLabels: POD_LABELS },
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels: POD_LABELS },
          spec: {
            serviceAccountName: NAME,
            securityContext: { ...RESTRICTED_POD, fsGroup: MYSQL_UID, fsGroupChangePolicy: 'OnRootMismatch' },
            containers: [{
              name: NAME,
              image: mysql.image,
              args: ['--datadir', DATA_DIR, ...release.mysql.args],
              // The entrypoint refuses MYSQL_USER=root: the Secret's user must be a regular user, root has its own key.
              env: [
                { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: secretName, key: rootPasswordKey } } },
                ...mysqlCredentialEnv(props.config, 'MYSQL_USER', 'MYSQL_PASSWORD'),
              ],
              ports: [{ name: NAME, containerPort: MYSQLD_PORT }],
              resources: requests('100m', '800Mi'),
              securityContext: { ...RESTRICTED_CONTAINER, runAsUser: MYSQL_UID, runAsGroup: MYSQL_UID },
              volumeMounts: [
                { name: 'mysql-persistent-storage', mountPath: DATA_DIR },
                { name: INIT_CONFIG_MAP, mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
              ],
            }],
            volumes: [
              { name: 'mysql-persistent-storage', persistentVolumeClaim: { claimName: PVC } },
              // Not executable: the entrypoint sources the script (only then is docker_process_sql defined) instead of running it.
              { name: INIT_CONFIG_MAP, configMap: { name: INIT_CONFIG_MAP, defaultMode: 0o444 } },
            ],
          },
        },
      },
    });
  }
}
