import type { k8s } from 'cdk8s-plus-32';
import type { KfpConfig } from '../config';

/** The database user and password from the MySQL Secret, as two environment variables. */
export function mysqlCredentialEnv(config: KfpConfig, userEnv: string, passwordEnv: string): k8s.EnvVar[] {
  const { name, usernameKey, passwordKey } = config.mysql.secret;
  return [
    { name: userEnv, valueFrom: { secretKeyRef: { name, key: usernameKey } } },
    { name: passwordEnv, valueFrom: { secretKeyRef: { name, key: passwordKey } } },
  ];
}

const CA_VOLUME = 'mysql-ca';
const CA_DIR = '/etc/mysql-ca';
/**
 * The system roots directory of Debian-family images, kept in the list: `SSL_CERT_DIR` replaces Go's default directories
 * (it still reads the system bundle file).
 */
const SYSTEM_CERT_DIR = '/etc/ssl/certs';

/** What a client of an external MySQL server with TLS needs in its pod; see {@link mysqlTlsClient}. */
export interface MysqlTlsClient {
  /** The user's CA ConfigMap, only its CA key, for the pod. */
  readonly volume: k8s.Volume;
  /** Where the container sees it. */
  readonly mount: k8s.VolumeMount;
  /** The CA bundle file, for clients that take a file (ML Metadata's `ssl_options.ca`). */
  readonly caFile: string;
  /**
   * `SSL_CERT_DIR` with the CA's directory before the system one: Go's crypto/x509 reads every file of those
   * directories (besides the system bundle file) into the roots that the MySQL driver's `tls=true` verifies against.
   */
  readonly goRootsEnv: k8s.EnvVar;
  /**
   * The Go MySQL driver's DSN parameters as the JSON object KFP's servers merge into theirs (api server
   * `DBConfig.MySQLConfig.ExtraParams`, cache server `--db_extra_params`): TLS, verified against the roots.
   */
  readonly goDsnParams: string;
}

/**
 * How the clients of an external MySQL server reach it with TLS, verified against the CA bundle in the ConfigMap the
 * user creates (`externalDatabase.tlsCaConfigMap`); `undefined` without TLS. One place for every client, so the api
 * server, the cache server and ML Metadata trust the same bundle.
 */
export function mysqlTlsClient(config: KfpConfig): MysqlTlsClient | undefined {
  const tls = config.mysql.tls;
  if (!tls) return undefined;
  return {
    volume: { name: CA_VOLUME, configMap: { name: tls.caConfigMap, items: [{ key: tls.caKey, path: tls.caKey }] } },
    mount: { name: CA_VOLUME, mountPath: CA_DIR, readOnly: true },
    caFile: `${CA_DIR}/${tls.caKey}`,
    goRootsEnv: { name: 'SSL_CERT_DIR', value: `${CA_DIR}:${SYSTEM_CERT_DIR}` },
    goDsnParams: JSON.stringify({ tls: 'true' }),
  };
}
