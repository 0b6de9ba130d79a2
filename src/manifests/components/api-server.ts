import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { imageOf, KfpRelease } from '../../catalog';
import { S3Consumer } from '../../config';
import { apiServerObjectStoreEnv, serviceAccountAnnotations } from '../aws';
import type { KfpComponentProps } from '../component';
import { pulledImage } from '../images';
import { mysqlCredentialEnv, mysqlTlsClient } from '../mysql-env';
import { accountWithRole } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { waitForInitContainer } from '../wait-for';
import { httpProbe, requests, s3Server, serverDeployment, serverService, tcpPort } from '../workload';
import { METADATA_GRPC_PORT, METADATA_GRPC_SERVICE } from './metadata-grpc';
import { installConfigEnv } from './pipeline-install-config';

/** The api server's name: its Service, Deployment, ServiceAccount, Role and RoleBinding. */
export const API_SERVER = 'ml-pipeline';
/** The api server's container, whose image tag is the release (`deploy` reads it where no other source of the version exists). */
export const API_SERVER_CONTAINER = 'ml-pipeline-api-server';
/** The api server's HTTP port, on the pods and on the Service. */
export const API_SERVER_HTTP_PORT = 8888;
/** The api server's gRPC port, on the pods and on the Service. */
export const API_SERVER_GRPC_PORT = 8887;
const HEALTHZ = '/apis/v1beta1/healthz';
const MLFLOW_TRACKING_CA = 'mlflow-tracking-ca';

/**
 * The KFP api server with S3 as its object store (pipeline packages) and MySQL as its database. Its
 * Role lets it create workflows and scheduled workflows and read the `kfp-launcher` ConfigMap.
 */
export class ApiServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;
    const release = config.release;

    apiServerAccount(this, props);

    serverService(this, API_SERVER, apiServerPorts(), {
      annotations: {
        'prometheus.io/port': String(API_SERVER_HTTP_PORT),
        'prometheus.io/scheme': 'http',
        'prometheus.io/scrape': 'true',
      },
    });

    const healthz = httpProbe(HEALTHZ, API_SERVER_HTTP_PORT);
    const tls = mysqlTlsClient(config);
    serverDeployment(this, {
      ...s3Server(config, variant, API_SERVER, S3Consumer.API_SERVER),
      initContainers: [
        waitForInitContainer(release, 'wait-for-database',
          installConfigEnv('WAIT_HOST', 'mysqlHost'), installConfigEnv('WAIT_PORT', 'mysqlPort')),
        waitForInitContainer(release, 'wait-for-metadata-grpc',
          { name: 'WAIT_HOST', value: METADATA_GRPC_SERVICE }, { name: 'WAIT_PORT', value: String(METADATA_GRPC_PORT) }),
      ],
      containers: [{
        name: API_SERVER_CONTAINER,
        image: imageOf(release, 'apiServer'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          ...apiServerObjectStoreEnv(config, variant),
          { name: 'PUBLISH_LOGS', value: 'true' },
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'PIPELINE_LOG_LEVEL', value: '1' },
          installConfigEnv('AUTO_UPDATE_PIPELINE_DEFAULT_VERSION', 'autoUpdatePipelineDefaultVersion'),
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'CLUSTER_DOMAIN', value: 'cluster.local' },
          // Only the DBCONFIG_MYSQLCONFIG_* forms: the 2.17.0 api server reads no DBCONFIG_USER/PASSWORD/HOST/PORT/DBNAME
          // nor DB_DRIVER_NAME, which upstream still sets; one copy keeps a changed host or user from being half applied.
          ...mysqlCredentialEnv(config, 'DBCONFIG_MYSQLCONFIG_USER', 'DBCONFIG_MYSQLCONFIG_PASSWORD'),
          installConfigEnv('DBCONFIG_MYSQLCONFIG_DBNAME', 'pipelineDb'),
          installConfigEnv('DBCONFIG_MYSQLCONFIG_HOST', 'mysqlHost'),
          installConfigEnv('DBCONFIG_MYSQLCONFIG_PORT', 'mysqlPort'),
          installConfigEnv('DBCONFIG_CONMAXLIFETIME', 'ConMaxLifeTime'),
          ...(tls ? [{ name: 'DBCONFIG_MYSQLCONFIG_EXTRAPARAMS', value: tls.goDsnParams }, tls.goRootsEnv] : []),
          { name: 'V2_DRIVER_IMAGE', value: pulledImage(config, 'v2Driver') },
          { name: 'V2_LAUNCHER_IMAGE', value: pulledImage(config, 'v2Launcher') },
          { name: 'COMPILED_PIPELINE_SPEC_PATCH', value: '{}' },
          installConfigEnv('DEFAULT_SECURITY_CONTEXT_RUN_AS_USER', 'defaultSecurityContextRunAsUser'),
          installConfigEnv('DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP', 'defaultSecurityContextRunAsGroup'),
          installConfigEnv('DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT', 'defaultSecurityContextRunAsNonRoot'),
          installConfigEnv('DEFAULT_SECURITY_CONTEXT_HOST_USERS', 'defaultSecurityContextHostUsers'),
          installConfigEnv('BLOCK_V1_PIPELINES', 'BLOCK_V1_PIPELINES'),
          installConfigEnv('V1_ALLOWED_NAMESPACES', 'V1_ALLOWED_NAMESPACES'),
        ],
        ports: [{ name: 'http', containerPort: API_SERVER_HTTP_PORT }, { name: 'grpc', containerPort: API_SERVER_GRPC_PORT }],
        livenessProbe: healthz,
        readinessProbe: healthz,
        startupProbe: { httpGet: healthz.httpGet, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 12 },
        resources: requests('250m', '500Mi'),
        securityContext: KFP_CONTAINER,
        volumeMounts: [
          { name: MLFLOW_TRACKING_CA, mountPath: `/etc/${MLFLOW_TRACKING_CA}`, readOnly: true },
          ...(tls ? [tls.mount] : []),
        ],
      }],
      volumes: [
        // Upstream's hook for a private CA of an MLflow tracking server: absent until a user creates it.
        { name: MLFLOW_TRACKING_CA, configMap: { name: MLFLOW_TRACKING_CA, optional: true } },
        ...(tls ? [tls.volume] : []),
      ],
    });
  }
}

/** The api server's ServiceAccount (annotated for IRSA) and its Role, the same in every layout. */
export function apiServerAccount(scope: Construct, props: KfpComponentProps): void {
  accountWithRole(scope, props.config, {
    serviceAccount: API_SERVER,
    serviceAccountAnnotations: serviceAccountAnnotations(props.config, props.variant, S3Consumer.API_SERVER),
    role: API_SERVER,
    binding: API_SERVER,
    roleLabels: { app: API_SERVER },
    bindingLabels: { app: API_SERVER },
  });
}

/** The ports of the api server's Service. */
export function apiServerPorts(): k8s.ServicePort[] {
  return [tcpPort('http', API_SERVER_HTTP_PORT), tcpPort('grpc', API_SERVER_GRPC_PORT)];
}

/** An init container that holds a client of the api server until the api server listens. */
export function waitForApiServer(release: KfpRelease): k8s.Container {
  return waitForInitContainer(release, 'wait-for-ml-pipeline',
    { name: 'WAIT_HOST', value: API_SERVER }, { name: 'WAIT_PORT', value: String(API_SERVER_HTTP_PORT) });
}

/** A short-lived ServiceAccount token for the api server's audience, where KFP's clients read it. */
export function apiServerToken(name: string): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: {
      name,
      projected: { sources: [{ serviceAccountToken: { audience: 'pipelines.kubeflow.org', expirationSeconds: 3600, path: name } }] },
    },
    mount: { name, mountPath: '/var/run/secrets/kubeflow/tokens' },
  };
}
