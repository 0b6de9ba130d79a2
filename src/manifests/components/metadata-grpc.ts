import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpConfig } from '../../config';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { mysqlCredentialEnv, MysqlTlsClient, mysqlTlsClient } from '../mysql-env';
import { KFP_CONTAINER } from '../security';
import { waitForInitContainer } from '../wait-for';
import { singleReplicaDeployment } from '../workload';
import { installConfigEnv } from './pipeline-install-config';
import { KubeConfigMap, KubeService, KubeServiceAccount, intOrString, quantity } from '../kube';

/** The ML Metadata gRPC Service that the metadata writer, the envoy proxy and the api server reach. */
export const METADATA_GRPC_SERVICE = 'metadata-grpc-service';
/** Port of {@link METADATA_GRPC_SERVICE} and of the server behind it. */
export const METADATA_GRPC_PORT = 8080;

const NAME = 'metadata-grpc-deployment';
const SERVICE_ACCOUNT = 'metadata-grpc-server';
const PORT_NAME = 'grpc-api';
const GRPC_CHANNEL_ARGUMENTS = 'grpc.max_metadata_size=16384,grpc.max_receive_message_length=104857600,grpc.max_send_message_length=104857600';

const POD_LABELS = workloadLabels({ component: 'metadata-grpc-server' });

/**
 * The ML Metadata store server on the metadata database, its Service and the ConfigMap that names that Service, which
 * the 2.17.0 compiler gives the launcher and importer pods of every pipeline (`envFrom`, optional:
 * `backend/src/v2/compiler/argocompiler/common.go`) for the code they run.
 */
export class MetadataGrpc extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT } });

    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: 'metadata-grpc-configmap', labels: { component: 'metadata-grpc-server' } },
      data: { METADATA_GRPC_SERVICE_HOST: METADATA_GRPC_SERVICE, METADATA_GRPC_SERVICE_PORT: String(METADATA_GRPC_PORT) },
    });

    new KubeService(this, 'Service', {
      metadata: { name: METADATA_GRPC_SERVICE, labels: { app: 'metadata' } },
      spec: {
        type: 'ClusterIP',
        selector: POD_LABELS,
        ports: [{ name: PORT_NAME, port: METADATA_GRPC_PORT, protocol: 'TCP' }],
      },
    });

    const probe: k8s.Probe = {
      tcpSocket: { port: intOrString(PORT_NAME) },
      initialDelaySeconds: 3,
      periodSeconds: 5,
      timeoutSeconds: 2,
    };
    const databaseEnv = [
      installConfigEnv('MYSQL_DATABASE', 'mlmdDb'),
      installConfigEnv('MYSQL_HOST', 'mysqlHost'),
      installConfigEnv('MYSQL_PORT', 'mysqlPort'),
    ];
    const tls = mysqlTlsClient(config);
    const server: k8s.Container = tls
      ? metadataServerWithConfigFile(config, tls)
      : metadataServerContainer(config, {
        extraArgs: ['--enable_database_upgrade=true', `--grpc_channel_arguments=${GRPC_CHANNEL_ARGUMENTS}`],
        databaseEnv,
        portName: PORT_NAME,
      });
    singleReplicaDeployment(this, {
      name: NAME,
      labels: { component: 'metadata-grpc-server' },
      podLabels: POD_LABELS,
      serviceAccountName: SERVICE_ACCOUNT,
      initContainers: [
        waitForInitContainer(config.release, 'wait-for-database',
          installConfigEnv('WAIT_HOST', 'mysqlHost'), installConfigEnv('WAIT_PORT', 'mysqlPort')),
        ...(tls ? [writeConfigContainer(config, tls, databaseEnv)] : []),
      ],
      containers: [{
        ...server,
        livenessProbe: probe,
        readinessProbe: probe,
        securityContext: KFP_CONTAINER,
      }],
      volumes: tls ? [tls.volume, CONFIG_VOLUME] : undefined,
    });
  }
}

/** What differs between the metadata server containers of the layouts. */
export interface MetadataServerContainerProps {
  /** Arguments after the port and the database settings. */
  readonly extraArgs?: readonly string[];
  /** `MYSQL_DATABASE`, `MYSQL_HOST` and `MYSQL_PORT`, from the layout's ConfigMap. */
  readonly databaseEnv: readonly k8s.EnvVar[];
  /** Name of the gRPC container port. */
  readonly portName: string;
}

/**
 * The ML Metadata store server on the metadata database, configured by flags. Kubernetes expands the database
 * settings into its arguments from the environment: the Secret's user and password, the rest from `databaseEnv`.
 */
export function metadataServerContainer(config: KfpConfig, props: MetadataServerContainerProps): k8s.Container {
  return {
    ...storeServer(config, props.portName, [
      '--mysql_config_database=$(MYSQL_DATABASE)',
      '--mysql_config_host=$(MYSQL_HOST)',
      '--mysql_config_port=$(MYSQL_PORT)',
      '--mysql_config_user=$(DBCONFIG_USER)',
      '--mysql_config_password=$(DBCONFIG_PASSWORD)',
      ...props.extraArgs ?? [],
    ]),
    env: [...mysqlCredentialEnv(config, 'DBCONFIG_USER', 'DBCONFIG_PASSWORD'), ...props.databaseEnv],
  };
}

/** The store server's container on its gRPC port, with `args` after the port flag. */
function storeServer(config: KfpConfig, portName: string, args: readonly string[]): k8s.Container {
  return {
    name: 'container',
    image: imageOf(config.release, 'metadataServer'),
    command: ['/bin/metadata_store_server'],
    args: [`--grpc_port=${METADATA_GRPC_PORT}`, ...args],
    ports: [{ name: portName, containerPort: METADATA_GRPC_PORT }],
  };
}

/** The in-memory volume of the connection config file, which holds the database password. */
const CONFIG_VOLUME: k8s.Volume = { name: 'mlmd-config', emptyDir: { medium: 'Memory', sizeLimit: quantity('1Mi') } };
const CONFIG_DIR = '/etc/mlmd';
const CONFIG_FILE = `${CONFIG_DIR}/config.pbtxt`;

/**
 * ML Metadata 1.14.0 with TLS to MySQL. It has no MySQL TLS flag (gflags exits on an unknown one): TLS exists only as
 * `ssl_options` of the MySQL connection config, which it reads from `--metadata_store_server_config_file` as a text
 * `MetadataStoreServerConfig` (`ml_metadata/metadata_store/metadata_store_server_main.cc`,
 * `ml_metadata/proto/metadata_store.proto`). When that file parses, every `--mysql_config_*` flag and
 * `--enable_database_upgrade` are ignored, so the file carries the whole connection and the migration option; with
 * `--metadata_source_config_type=config_file` a missing or bad file stops the server rather than leaving it on an
 * in-memory database. `verify_server_cert` checks the server's name against its certificate, given a CA.
 */
function metadataServerWithConfigFile(config: KfpConfig, tls: MysqlTlsClient): k8s.Container {
  return {
    ...storeServer(config, PORT_NAME, [
      `--grpc_channel_arguments=${GRPC_CHANNEL_ARGUMENTS}`,
      '--metadata_source_config_type=config_file',
      `--metadata_store_server_config_file=${CONFIG_FILE}`,
    ]),
    volumeMounts: [tls.mount, { name: CONFIG_VOLUME.name, mountPath: CONFIG_DIR, readOnly: true }],
  };
}

/**
 * Writes the connection config of {@link metadataServerWithConfigFile} at pod start, from the MySQL Secret and
 * `pipeline-install-config`, into an in-memory volume only the pod's user can read: the password is in no ConfigMap.
 * It runs the server's own image, which has a shell (Ubuntu; upstream KFP writes this file the same way in its
 * standalone TLS manifests). Text-format strings escape `\` and `"`; a value with a line break is refused.
 */
function writeConfigContainer(config: KfpConfig, tls: MysqlTlsClient, databaseEnv: readonly k8s.EnvVar[]): k8s.Container {
  return {
    name: 'write-config',
    image: imageOf(config.release, 'metadataServer'),
    command: ['/bin/sh', '-ec'],
    args: [mlmdConfigScript(tls.caFile)],
    env: [
      ...mysqlCredentialEnv(config, 'DBCONFIG_USER', 'DBCONFIG_PASSWORD'),
      ...databaseEnv,
      { name: 'MLMD_CONFIG', value: CONFIG_FILE },
    ],
    securityContext: KFP_CONTAINER,
    volumeMounts: [{ name: CONFIG_VOLUME.name, mountPath: CONFIG_DIR }],
  };
}

/** The shell script of {@link writeConfigContainer}: `$MLMD_CONFIG` from the environment, the CA at `caFile`. */
export function mlmdConfigScript(caFile: string): string {
  return [
    'nl=\'',
    '\'',
    'for name in DBCONFIG_USER DBCONFIG_PASSWORD MYSQL_HOST MYSQL_PORT MYSQL_DATABASE; do',
    '  eval "value=\\${$name-}"',
    '  case "$value" in *"$nl"*) echo "$name contains a line break, which the ML Metadata config cannot hold" >&2; exit 1 ;; esac',
    'done',
    'case "$MYSQL_PORT" in \'\' | *[!0-9]*) echo "MYSQL_PORT is not a port number: $MYSQL_PORT" >&2; exit 1 ;; esac',
    'esc() { printf \'%s\' "$1" | sed -e \'s/\\\\/\\\\\\\\/g\' -e \'s/"/\\\\"/g\'; }',
    'umask 077',
    'cat >"$MLMD_CONFIG" <<EOF',
    'connection_config {',
    '  mysql {',
    '    host: "$(esc "$MYSQL_HOST")"',
    '    port: $MYSQL_PORT',
    '    database: "$(esc "$MYSQL_DATABASE")"',
    '    user: "$(esc "$DBCONFIG_USER")"',
    '    password: "$(esc "$DBCONFIG_PASSWORD")"',
    '    ssl_options {',
    `      ca: "${caFile}"`,
    '      verify_server_cert: true',
    '    }',
    '  }',
    '}',
    'migration_options {',
    '  enable_upgrade_migration: true',
    '}',
    'EOF',
  ].join('\n');
}
