import { ApiObject } from 'cdk8s';
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
import { KubeMutatingWebhookConfiguration, KubeService, KubeServiceAccount, intOrString } from '../kube';

const NAME = 'cache-server';
const SERVICE_ACCOUNT = 'kubeflow-pipelines-cache';
const ROLE = 'kubeflow-pipelines-cache-role';
const WEBHOOK_PORT = 8443;
const PORT_NAME = 'webhook-api';

const LABELS = { app: NAME };
const POD_LABELS = workloadLabels(LABELS);

/**
 * The cache webhook, rendered only with `cacheWebhook: CacheWebhook.CERT_MANAGER`: it answers the admission requests
 * of pods labelled `pipelines.kubeflow.org/cache_enabled: "true"` in the install's namespace from the cache database.
 * Its certificate comes from cert-manager (a self-signed Issuer and a Certificate for the Service's names, stored in
 * Secret `webhook-server-tls` as `tls.crt` and `tls.key`), whose CA cert-manager's CA injector writes into the webhook
 * configuration. This replaces upstream's cache deployer, whose `kubernetes.io/kubelet-serving` certificate request EKS
 * does not sign (`backend/src/cache/deployer/webhook-create-signed-cert.sh`). Unlike upstream's, the webhook
 * configuration selects the install's namespace only, so installs never serve each other's pods.
 */
export class CacheServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT, labels: LABELS } });

    boundRole(this, config, {
      role: ROLE,
      binding: 'kubeflow-pipelines-cache-binding',
      subject: serviceAccountSubject(config, SERVICE_ACCOUNT),
      roleLabels: LABELS,
      bindingLabels: LABELS,
    });

    new KubeService(this, 'Service', {
      metadata: { name: NAME, labels: LABELS },
      spec: {
        selector: POD_LABELS,
        ports: [{ port: 443, targetPort: intOrString(PORT_NAME) }],
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
          // cert-manager's names for the certificate and key (the server's defaults are cert.pem and key.pem).
          `--tls_cert_filename=${TLS_CERT}`,
          `--tls_key_filename=${TLS_KEY}`,
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
        // Written by cert-manager from the Certificate below: until then the pod waits in ContainerCreating.
        { name: 'webhook-tls-certs', secret: { secretName: WEBHOOK_SERVER_TLS } },
        ...(tls ? [tls.volume] : []),
      ],
    });

    webhookCertificate(this, props.installClusterScope, config.namespace);
  }
}

/** The names cert-manager stores a certificate and its key under in a Secret of type `kubernetes.io/tls`. */
const TLS_CERT = 'tls.crt';
const TLS_KEY = 'tls.key';
const ISSUER = 'kfp-cache-selfsigned-issuer';
const CERTIFICATE = 'kfp-cache-cert';

/**
 * The certificate of Service `cache-server` from cert-manager, and the webhook configuration that sends the install's
 * labelled pods to it (a cluster-scoped object of this install, named after its namespace, as upstream names it). The
 * webhook's fields are upstream's (`backend/src/cache/deployer/cache-webhook-config.v1.yaml.template`, which names its
 * one webhook `cache-server.<namespace>.svc` and asks for `v1beta1` reviews, the version the server decodes); the
 * namespace selector is ours.
 */
function webhookCertificate(scope: Construct, clusterScope: Construct, namespace: string): void {
  new ApiObject(scope, 'Issuer', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: ISSUER },
    spec: { selfSigned: {} },
  });
  new ApiObject(scope, 'Certificate', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: CERTIFICATE },
    spec: {
      commonName: CERTIFICATE,
      dnsNames: [NAME, `${NAME}.${namespace}`, `${NAME}.${namespace}.svc`],
      isCA: true,
      issuerRef: { kind: 'Issuer', name: ISSUER },
      secretName: WEBHOOK_SERVER_TLS,
    },
  });
  new KubeMutatingWebhookConfiguration(clusterScope, 'MutatingWebhookConfiguration', {
    metadata: {
      name: `cache-webhook-${namespace}`,
      annotations: { 'cert-manager.io/inject-ca-from': `${namespace}/${CERTIFICATE}` },
    },
    webhooks: [{
      name: `${NAME}.${namespace}.svc`,
      clientConfig: { service: { name: NAME, namespace, path: '/mutate' } },
      failurePolicy: 'Ignore',
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      sideEffects: 'None',
      timeoutSeconds: 5,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
      objectSelector: { matchLabels: { 'pipelines.kubeflow.org/cache_enabled': 'true' } },
      admissionReviewVersions: ['v1beta1'],
    }],
  });
}
