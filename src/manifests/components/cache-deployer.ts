import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf, rulesOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER, RESTRICTED_POD } from '../security';

const NAME = 'cache-deployer';
const SERVICE_ACCOUNT = 'kubeflow-pipelines-cache-deployer-sa';
const CLUSTER_ROLE = 'kubeflow-pipelines-cache-deployer-clusterrole';

const LABELS = { app: NAME };
const POD_LABELS = workloadLabels(LABELS);

/**
 * Sets up the cache webhook at run time, as upstream does, instead of shipping a certificate. Its script, in the
 * install's namespace `<ns>`:
 * - creates CertificateSigningRequest `cache-server.<ns>` for Service `cache-server` and approves it itself (hence
 *   the cluster-wide rights on CSRs and signers);
 * - stores the signed certificate and its key as Secret `webhook-server-tls`, which cache-server mounts;
 * - creates MutatingWebhookConfiguration `cache-webhook-<ns>`, which sends the namespace's pod creations to
 *   cache-server;
 * - may first download a kubectl that matches the server version from dl.k8s.io, falling back to its own.
 * None of these are in the manifests, so deleting the install leaves the CSR and the webhook configuration behind.
 */
export class CacheDeployer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT } });

    boundRole(this, config, {
      role: 'kubeflow-pipelines-cache-deployer-role',
      binding: 'kubeflow-pipelines-cache-deployer-rolebinding',
      subject: serviceAccountSubject(config, SERVICE_ACCOUNT),
      roleLabels: LABELS,
      bindingLabels: LABELS,
    });

    new k8s.KubeClusterRole(props.clusterScope, 'ClusterRole', {
      metadata: { name: CLUSTER_ROLE, labels: { app: CLUSTER_ROLE } },
      rules: rulesOf(config.release, CLUSTER_ROLE),
    });

    // The binding names this install's ServiceAccount, so it belongs to the install, named after its namespace.
    new k8s.KubeClusterRoleBinding(props.installClusterScope, 'ClusterRoleBinding', {
      metadata: { name: `kubeflow-pipelines-cache-deployer-clusterrolebinding-${config.namespace}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CLUSTER_ROLE },
      subjects: [serviceAccountSubject(config, SERVICE_ACCOUNT)],
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: 'cache-deployer-deployment', labels: LABELS },
      spec: {
        replicas: 1,
        selector: { matchLabels: POD_LABELS },
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels: POD_LABELS },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            restartPolicy: 'Always',
            securityContext: RESTRICTED_POD,
            containers: [{
              name: 'main',
              image: imageOf(config.release, 'cacheDeployer'),
              imagePullPolicy: 'Always',
              env: [{ name: 'NAMESPACE_TO_WATCH', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              securityContext: KFP_CONTAINER,
            }],
          },
        },
      },
    });
  }
}
