import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { mysqlCredentialEnv, mysqlTlsClient } from '../mysql-env';
import { boundRole, serviceAccountSubject } from '../rbac';
import { WEBHOOK_SERVER_TLS } from '../run-time-secrets';
import { KFP_CONTAINER } from '../security';
import { singleReplicaDeployment } from '../workload';
import { installConfigEnv } from './pipeline-install-config';

const NAME = 'cache-server';
const SERVICE_ACCOUNT = 'kubeflow-pipelines-cache';
const ROLE = 'kubeflow-pipelines-cache-role';
const WEBHOOK_PORT = 8443;
const PORT_NAME = 'webhook-api';

const LABELS = { app: NAME };
const POD_LABELS = workloadLabels(LABELS);

/**
 * The cache webhook: it answers the pod admission requests of the install's namespace from the cache database.
 * The Service name is what cache-deployer puts in the certificate and the webhook configuration.
 */
export class CacheServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT, labels: LABELS } });

    boundRole(this, config, {
      role: ROLE,
      binding: 'kubeflow-pipelines-cache-binding',
      subject: serviceAccountSubject(config, SERVICE_ACCOUNT),
      roleLabels: LABELS,
      bindingLabels: LABELS,
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, labels: LABELS },
      spec: {
        selector: POD_LABELS,
        ports: [{ port: 443, targetPort: k8s.IntOrString.fromString(PORT_NAME) }],
      },
    });

    const tls = mysqlTlsClient(config);
    singleReplicaDeployment(this, {
      name: NAME,
      labels: LABELS,
      podLabels: POD_LABELS,
      serviceAccountName: SERVICE_ACCOUNT,
      containers: [{
        name: 'server',
        image: imageOf(config.release, 'cacheServer'),
        imagePullPolicy: 'Always',
        args: [
          '--db_driver=$(DBCONFIG_DRIVER)',
          '--db_host=$(DBCONFIG_HOST_NAME)',
          '--db_port=$(DBCONFIG_PORT)',
          '--db_name=$(DBCONFIG_DB_NAME)',
          '--db_user=$(DBCONFIG_USER)',
          '--db_password=$(DBCONFIG_PASSWORD)',
          ...(tls ? [`--db_extra_params=${tls.goDsnParams}`] : []),
          '--namespace_to_watch=$(NAMESPACE_TO_WATCH)',
          '--listen_port=$(WEBHOOK_PORT)',
        ],
        env: [
          installConfigEnv('DEFAULT_CACHE_STALENESS', 'DEFAULT_CACHE_STALENESS'),
          installConfigEnv('MAXIMUM_CACHE_STALENESS', 'MAXIMUM_CACHE_STALENESS'),
          installConfigEnv('CACHE_IMAGE', 'cacheImage'),
          installConfigEnv('CACHE_NODE_RESTRICTIONS', 'cacheNodeRestrictions'),
          { name: 'DBCONFIG_DRIVER', value: 'mysql' },
          installConfigEnv('DBCONFIG_DB_NAME', 'cacheDb'),
          installConfigEnv('DBCONFIG_HOST_NAME', 'mysqlHost'),
          installConfigEnv('DBCONFIG_PORT', 'mysqlPort'),
          ...mysqlCredentialEnv(config, 'DBCONFIG_USER', 'DBCONFIG_PASSWORD'),
          { name: 'NAMESPACE_TO_WATCH', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'WEBHOOK_PORT', value: String(WEBHOOK_PORT) },
          ...(tls ? [tls.goRootsEnv] : []),
        ],
        ports: [{ name: PORT_NAME, containerPort: WEBHOOK_PORT }],
        securityContext: KFP_CONTAINER,
        volumeMounts: [
          { name: 'webhook-tls-certs', mountPath: '/etc/webhook/certs', readOnly: true },
          ...(tls ? [tls.mount] : []),
        ],
      }],
      volumes: [
        // Created at run time by cache-deployer: until then the pod waits in ContainerCreating.
        { name: 'webhook-tls-certs', secret: { secretName: WEBHOOK_SERVER_TLS } },
        ...(tls ? [tls.volume] : []),
      ],
    });
  }
}
