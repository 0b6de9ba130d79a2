import { TEMPLATE_FILE } from '../aws/cloud-formation';
import { DEPLOY_AWS_TASK } from '../aws/cloud-formation-stack';
import { RELEASES, WorkloadLayout } from '../catalog';
import { GitOpsTool, S3_CONSUMERS } from '../config';
import { CRDS_WAVE, INSTALL_WAVE } from '../gitops/argo-cd';
import { GITOPS_TOOL_SPECS } from '../gitops/gitops-manifests';
import { APPS_DIR } from '../gitops/targets';
import { IAM_DIR } from '../iam';
import { MYSQL_PVC } from '../manifests/components/mysql';
import { OIDC_SECRET_READER, UI_INGRESS } from '../manifests/components/ui-load-balancer';
import { KEEP_ANNOTATIONS } from '../manifests/prune-protection';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../manifests/s3-consumers';
import { IamMechanism } from '../options';
import { EACH_KEY, EVERY, OptionLanding, OptionPlace } from './option-landing';

export * from './option-landing';

const place = (kind: string, name: string, field: string, layout?: WorkloadLayout, mechanism?: IamMechanism): OptionPlace =>
  ({ kind, name, field, layout, mechanism });
const { PLAIN, RESTRICTED } = WorkloadLayout;
const { IRSA, KUBE2IAM, POD_IDENTITY } = IamMechanism;
/** The role of one consumer on its ServiceAccount (IRSA). */
const irsaRole = (serviceAccount: string, consumer: string, layout?: WorkloadLayout) =>
  place('ServiceAccount', serviceAccount, `\`eks.amazonaws.com/role-arn\` (\`${consumer}\`)`, layout, IRSA);
/** The association of one consumer's ServiceAccount, as an ACK object (EKS Pod Identity with `iam.ackAssociations`). */
const ackAssociation = (field: string) => (S3_CONSUMERS.map((consumer) =>
  place('PodIdentityAssociation', S3_CONSUMER_SERVICE_ACCOUNTS[consumer], field, RESTRICTED, POD_IDENTITY)));
/** The role of one consumer on a pod template (kube2iam). */
const kube2iamRole = (kind: string, name: string, where: string, consumer: string, layout?: WorkloadLayout) =>
  place(kind, name, `${where} annotation \`iam.kube2iamAnnotationKey\` (\`${consumer}\`)`, layout, KUBE2IAM);
const POLICY_FILE = `${IAM_DIR}/<role>.policy.json`;
const ARTIFACT_PREFIX_PLACES = [
  place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.keyFormat`', RESTRICTED),
  place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.keyPrefix`', PLAIN),
  place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_KEYFORMAT` (same format, to read archived logs back)', RESTRICTED),
  place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_ARCHIVE_PREFIX` (to read archived logs back)', PLAIN),
  place('ConfigMap', 'kfp-launcher', 'v2 launcher `defaultPipelineRoot`'),
];
const PIPELINE_PREFIX_PLACES = [
  place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_PIPELINEPATH`', RESTRICTED),
  place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.PipelineFolder`', PLAIN),
];
const TRUST_FILE = `${IAM_DIR}/<role>.trust.json`;
/** Where the annotation of a GitOps tool that keeps an object from being pruned lands: every object of a kept kind. */
const keptPlaces = (tool: GitOpsTool) => {
  const field = Object.entries(KEEP_ANNOTATIONS[tool]).map(([key, value]) => `annotation \`${key}: ${value}\``).join(', ');
  const crds = [...new Set(RELEASES.flatMap((release) => [...release.argo.crds, ...Object.values(release.crds)])
    .map((crd) => `${crd.plural}.${crd.group}`))];
  return [place('Namespace', '<namespace>', field), place('PersistentVolumeClaim', MYSQL_PVC, field),
    ...crds.map((crd) => place('CustomResourceDefinition', crd, field))];
};
/** The files of a GitOps tool, for the README: `what` lands in each of them. */
const gitopsDir = (tool: GitOpsTool, sub = '') => `\`${GITOPS_TOOL_SPECS[tool].dir}/${sub}\``;
const gitopsFolders = (tool: GitOpsTool, what: string) => `${what}, in ${gitopsDir(tool)}`;

/**
 * The README's "where each option lands" table. A test renders every release, with each IAM mechanism, with each option
 * changed and checks that exactly the objects and `iam/` files listed here change, so the table cannot drift from the
 * constructs.
 */
export const OPTION_LANDINGS: readonly OptionLanding[] = [
  {
    option: 'bucket',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.bucket`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_BUCKETNAME`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.BucketName`', PLAIN),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_ARCHIVE_BUCKETNAME`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `defaultPipelineRoot`'),
    ],
    files: [{ path: POLICY_FILE, field: 'the bucket in every S3 ARN' }],
  },
  {
    option: 'region',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.region` and `.endpoint`', RESTRICTED),
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.region` (the endpoint is `s3.amazonaws.com`, which the UI links to S3)', PLAIN),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_REGION` and `OBJECTSTORECONFIG_HOST`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.Region` and `.Host`', PLAIN),
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_REGION`, `AWS_S3_ENDPOINT` and its MinIO client\'s `MINIO_HOST`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template `AWS_REGION`'),
      place('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template `AWS_REGION`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` (endpoint, region)'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`AWS_REGION`', PLAIN),
    ],
    files: [{ path: POLICY_FILE, field: 'the partition of every S3 ARN (`aws-cn`, `aws-us-gov`)' }],
  },
  {
    option: 's3Endpoint',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.endpoint` and `.insecure`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_HOST`, `OBJECTSTORECONFIG_PORT` and `OBJECTSTORECONFIG_SECURE`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.Host`, `.Port` and `.Secure`', PLAIN),
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_S3_ENDPOINT`, `AWS_SSL`, `MINIO_ENDPOINT_REWRITE` (the port, which its S3 client has no setting for) and its MinIO client\'s `MINIO_HOST`, `MINIO_PORT`, `MINIO_SSL`', RESTRICTED),
      place('Deployment', 'ml-pipeline-ui', 'UI MinIO client `MINIO_HOST`, `MINIO_PORT`, `MINIO_SSL`, `ARGO_ARCHIVE_ARTIFACTORY`', PLAIN),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template `S3_ENDPOINT`, `S3_USE_HTTPS`'),
      place('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template `S3_ENDPOINT`, `S3_USE_HTTPS`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` (endpoint, `disableSSL`, `forcePathStyle`)'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`S3_ENDPOINT`, `S3_USE_HTTPS`', PLAIN),
    ],
    files: [
      { path: POLICY_FILE, field: 'none for the install unless the host is AWS S3\'s: AWS IAM governs AWS S3 only' },
      { path: TRUST_FILE, field: 'none for the install unless the host is AWS S3\'s' },
    ],
  },
  {
    option: 'artifactPrefix',
    places: ARTIFACT_PREFIX_PLACES,
    files: [{ path: POLICY_FILE, field: 'the object ARNs and listed `s3:prefix` of the artifacts' }],
  },
  {
    option: 'pipelinePrefix',
    places: PIPELINE_PREFIX_PLACES,
    files: [{ path: POLICY_FILE, field: 'the object ARNs of the pipeline packages' }],
  },
  {
    option: 'archiveLogs',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.archiveLogs`'),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_ARCHIVE_LOGS`'),
    ],
  },
  {
    option: 'accessKey',
    variant: 'accesskey',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `accessKeySecret`, `secretKeySecret`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_ACCESSKEY`, `OBJECTSTORECONFIG_SECRETACCESSKEY`'),
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `MINIO_ACCESS_KEY`, `MINIO_SECRET_KEY`'),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template keys'),
      place('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template keys'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` `secretRef`'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`', PLAIN),
    ],
  },
  {
    option: 'mysql.secretName',
    externalDatabase: false,
    places: [
      place('Deployment', 'mysql', '`MYSQL_ROOT_PASSWORD`, `MYSQL_USER`, `MYSQL_PASSWORD`'),
      place('ConfigMap', 'mysql-initdb', 'the init script\'s message naming the Secret'),
      place('Deployment', 'ml-pipeline', 'api server database user and password'),
      place('Deployment', 'metadata-grpc-deployment', 'metadata server database user and password'),
      place('Deployment', 'metadata-deployment', 'metadata server database user and password'),
      place('Deployment', 'cache-server', 'cache server database user and password'),
    ],
  },
  { option: 'mysql.image', externalDatabase: false, places: [place('Deployment', 'mysql', 'container image')] },
  { option: 'mysql.storageSize', externalDatabase: false, places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`resources.requests.storage`')] },
  { option: 'mysql.storageClassName', externalDatabase: false, places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`storageClassName`')] },
  {
    option: 'externalDatabase',
    places: [
      place('ConfigMap', 'pipeline-install-config', '`mysqlHost`, `mysqlPort`, `pipelineDb`, `mlmdDb`, `cacheDb`, which the api server, the cache server, ML Metadata and their `wait-for-database` init containers read'),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `DBConfig.Host`, `.Port` and `.DBName`', PLAIN),
      place('ConfigMap', 'metadata-mysql-configmap', 'ML Metadata `MYSQL_HOST`, `MYSQL_PORT` and `MYSQL_DATABASE`', PLAIN),
      ...([['Deployment', 'mysql'], ['Service', 'mysql'], ['ServiceAccount', 'mysql'], ['PersistentVolumeClaim', 'mysql-pv-claim'], ['ConfigMap', 'mysql-initdb']]
        .map(([kind, name]) => place(kind, name, 'left out once set (no MySQL runs in the cluster)'))),
    ],
  },
  {
    option: 'externalDatabase.secretName',
    externalDatabase: true,
    places: [
      place('Deployment', 'ml-pipeline', 'api server database user and password'),
      place('Deployment', 'metadata-grpc-deployment', 'metadata server database user and password'),
      place('Deployment', 'metadata-deployment', 'metadata server database user and password'),
      place('Deployment', 'cache-server', 'cache server database user and password'),
    ],
  },
  {
    option: 'externalDatabase.tlsCaConfigMap',
    externalDatabase: true,
    places: [
      place('Deployment', 'ml-pipeline', 'api server `DBCONFIG_MYSQLCONFIG_EXTRAPARAMS` (`tls`), `SSL_CERT_DIR` and the CA volume', RESTRICTED),
      place('Deployment', 'cache-server', 'cache server `--db_extra_params` (`tls`), `SSL_CERT_DIR` and the CA volume'),
      place('Deployment', 'metadata-grpc-deployment', 'ML Metadata\'s connection config file (`ssl_options`: the CA, `verify_server_cert`), which init container `write-config` writes at pod start, and the CA volume'),
    ],
  },
  {
    option: 'externalDatabase.connectionMaxLifetime',
    externalDatabase: true,
    places: [place('ConfigMap', 'pipeline-install-config', '`ConMaxLifeTime`, the api server\'s `DBCONFIG_CONMAXLIFETIME`')],
  },
  {
    option: 'additionalInstalls',
    places: [],
    folders: '`installs/<namespace>/` of each: another install in its own namespace, with its own `base/`, `overlay/` and `scripts/`; the objects of the top-level install do not change',
    files: [
      { path: POLICY_FILE, field: 'those of each install\'s own roles (`<role>-<namespace>` unless its `iam` names roles), and of a role installs share: the buckets and prefixes of each' },
      { path: TRUST_FILE, field: 'likewise, with the ServiceAccounts of each install that uses the role' },
    ],
  },
  {
    option: 'iam.roleArns',
    variant: 'iam',
    places: [
      irsaRole('ml-pipeline', 'apiServer'),
      irsaRole('ml-pipeline-ui', 'ui'),
      irsaRole('argo', 'workflowController', RESTRICTED),
      irsaRole('pipeline-runner', 'pipelineRunner'),
      irsaRole('kubeflow-pipelines-viewer', 'viewer'),
      kube2iamRole('Deployment', 'ml-pipeline', 'pod', 'apiServer'),
      kube2iamRole('Deployment', 'ml-pipeline-ui', 'pod', 'ui'),
      kube2iamRole('Deployment', 'workflow-controller', 'pod', 'workflowController', RESTRICTED),
      kube2iamRole('ConfigMap', 'workflow-controller-configmap', 'Argo `workflowDefaults` pod', 'pipelineRunner', RESTRICTED),
      kube2iamRole('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template', 'viewer'),
      kube2iamRole('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template', 'viewer'),
      kube2iamRole('Deployment', 'ml-pipeline-visualizationserver', 'pod', 'visualizationServer', PLAIN),
      ...ackAssociation('`spec.roleARN` (with `iam.ackAssociations`)'),
    ],
    files: [
      { path: POLICY_FILE, field: 'one per role, with the S3 access of every pod that uses it' },
      { path: TRUST_FILE, field: 'one per role: the ServiceAccounts that carry it (`:sub`)', mechanism: IRSA },
      { path: TRUST_FILE, field: 'one per role', mechanism: KUBE2IAM },
      { path: TRUST_FILE, field: 'one per role: the ServiceAccounts of its associations (`aws:RequestTag/kubernetes-service-account`)', mechanism: POD_IDENTITY },
    ],
  },
  {
    option: 'cacheWebhook',
    layout: RESTRICTED,
    folders: '`base/cache-server/` (the cache server, its cert-manager Issuer and Certificate, and MutatingWebhookConfiguration `cache-webhook-<namespace>`) and the cache keys of ConfigMap `pipeline-install-config`, with `CacheWebhook.CERT_MANAGER` only',
    places: [
      ...([['Deployment', 'cache-server'], ['Service', 'cache-server'], ['ServiceAccount', 'kubeflow-pipelines-cache'],
        ['Role', 'kubeflow-pipelines-cache-role'], ['RoleBinding', 'kubeflow-pipelines-cache-binding'],
        ['Issuer', 'kfp-cache-selfsigned-issuer'], ['Certificate', 'kfp-cache-cert']]
        .map(([kind, name]) => place(kind, name, 'rendered with `CacheWebhook.CERT_MANAGER` only', RESTRICTED))),
      place('MutatingWebhookConfiguration', 'cache-webhook-<namespace>', 'rendered with `CacheWebhook.CERT_MANAGER` only (in `base/`, cluster-scoped)', RESTRICTED),
      place('ConfigMap', 'pipeline-install-config', 'the cache server\'s keys (`cacheDb`, `cacheImage`, staleness, node restrictions)', RESTRICTED),
    ],
  },
  {
    option: 'pods',
    places: [place('Deployment', EVERY, 'pod `nodeSelector` (merged), `tolerations` (added), `affinity`, `priorityClassName`, `imagePullSecrets` (added)')],
  },
  {
    option: 'stepPods',
    layout: RESTRICTED,
    places: [place('ConfigMap', 'workflow-controller-configmap', 'Argo `workflowDefaults.spec`: `nodeSelector`, `tolerations`, `affinity`, `podPriorityClassName`, `imagePullSecrets` of every step pod', RESTRICTED)],
  },
  {
    option: 'resources',
    places: [place('Deployment', EACH_KEY, 'container `resources` (each request and limit over the release\'s)')],
  },
  {
    option: 'workflows',
    layout: RESTRICTED,
    places: [place('ConfigMap', 'workflow-controller-configmap', 'Argo `workflowDefaults.spec`: `ttlStrategy` (every phase) and `templateDefaults.retryStrategy.limit`', RESTRICTED)],
  },
  {
    option: 'images',
    kustomization: '`images:` of each overlay\'s `kustomization.yaml`: the image of every container (what `kubectl kustomize` shows)',
    places: [
      place('Deployment', 'ml-pipeline', 'api server `V2_DRIVER_IMAGE`, `V2_LAUNCHER_IMAGE` (the v2 driver and launcher of pipeline steps)', RESTRICTED),
      place('Deployment', 'workflow-controller', 'Argo `--executor-image` (the init and wait containers of pipeline steps)'),
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `executorImage`', PLAIN),
      place('ConfigMap', 'pipeline-install-config', '`cacheImage`, with the cache webhook (the image of the pods that serve cached steps)', RESTRICTED),
      place('Deployment', 'ml-pipeline-ui', 'UI `VIEWER_TENSORBOARD_TF_IMAGE_NAME` (the TensorBoard image, which the UI tags with the TensorFlow version)', RESTRICTED),
    ],
  },
  {
    option: 'iam.oidcProvider',
    variant: 'iam',
    mechanism: IRSA,
    places: [],
    files: [{ path: TRUST_FILE, field: '`Principal.Federated` and the `:sub` and `:aud` condition keys', mechanism: IRSA }],
  },
  {
    option: 'iam.nodeRoleArn',
    variant: 'iam',
    mechanism: KUBE2IAM,
    places: [],
    files: [{ path: TRUST_FILE, field: '`Principal.AWS`', mechanism: KUBE2IAM }],
  },
  {
    option: 'iam.clusterName',
    variant: 'iam',
    mechanism: POD_IDENTITY,
    places: ackAssociation('`spec.clusterName` (with `iam.ackAssociations`)'),
    files: [{ path: TRUST_FILE, field: 'the `aws:RequestTag/eks-cluster-name` condition', mechanism: POD_IDENTITY }],
  },
  {
    option: 'iam.ackAssociations',
    variant: 'iam',
    mechanism: POD_IDENTITY,
    places: ackAssociation('rendered in `overlay/iam/resources/` instead of the associations script'),
  },
  {
    option: 'gitops.argoCd',
    places: keptPlaces('argoCd'),
    folders: `${gitopsFolders('argoCd', `Argo CD Applications: one you apply, and in \`${APPS_DIR}/\` one for \`crds/\` (sync wave ${CRDS_WAVE}) and one per install (wave ${INSTALL_WAVE})`)}; `
      + '`namespace` is their `metadata.namespace`, `project` their `spec.project`, `destinationServer` their `spec.destination.server`. '
      + 'On the Namespace of each install, the MySQL PersistentVolumeClaim and every CRD: `argocd.argoproj.io/sync-options: Prune=false,Delete=false`',
  },
  {
    option: 'gitops.flux',
    places: keptPlaces('flux'),
    folders: `${gitopsFolders('flux', `Flux Kustomizations: one you apply, and in \`${APPS_DIR}/\` one for \`crds/\` and one per install, which \`dependsOn\` it`)}; `
      + '`namespace` is their `metadata.namespace`, `sourceName` and `sourceNamespace` their `spec.sourceRef`, `interval` their `spec.interval`. '
      + 'On the Namespace of each install, the MySQL PersistentVolumeClaim and every CRD: `kustomize.toolkit.fluxcd.io/prune: disabled`',
  },
  { option: 'gitops.repoUrl', places: [], folders: gitopsFolders('argoCd', '`spec.source.repoURL` of every Application') },
  { option: 'gitops.revision', places: [], folders: gitopsFolders('argoCd', '`spec.source.targetRevision` of every Application') },
  {
    option: 'gitops.path',
    places: [],
    folders: `the start of \`spec.source.path\` of every Application (${gitopsDir('argoCd')}) and of \`spec.path\` of every Kustomization (${gitopsDir('flux')})`,
  },
  {
    option: 'gitops.variant',
    places: [],
    folders: `the overlay in the \`spec.source.path\` of each install's Application (${gitopsDir('argoCd', `${APPS_DIR}/`)}) and in the \`spec.path\` of its Kustomization (${gitopsDir('flux', `${APPS_DIR}/`)})`,
  },
  {
    option: 'gitops.namePrefix',
    places: [],
    folders: `the names of the Applications (${gitopsDir('argoCd')}) and Kustomizations (${gitopsDir('flux')}), and the \`dependsOn\` of the latter`,
  },
  {
    option: 'bucketKmsKeyArn',
    places: [],
    files: [{
      path: POLICY_FILE,
      field: `a statement on the key: \`kms:Decrypt\` in the policies that read objects, \`kms:GenerateDataKey\` too in those that write (with \`cloudFormation\`, also the bucket's \`BucketEncryption\` in \`${TEMPLATE_FILE}\`)`,
    }],
  },
  {
    option: 'cloudFormation',
    places: [],
    folders: `\`${TEMPLATE_FILE}\`: the bucket (\`createBucket\`, \`bucketVersioning\`, \`artifactExpirationDays\`), the roles of \`${IAM_DIR}/\` with their documents and the Pod Identity associations; the \`${DEPLOY_AWS_TASK}\` task, which deploys it as the stack \`stackName\``,
  },
  {
    option: 'uiLoadBalancer',
    folders: '`base/ui-load-balancer/`: Ingress `ml-pipeline-ui` of class `alb` to Service `ml-pipeline-ui` (annotations `alb.ingress.kubernetes.io/*`: '
      + 'scheme, certificate, HTTPS redirect, health check, group, inbound CIDRs, Cognito or OIDC sign-in), and with `oidc` Role and RoleBinding '
      + `\`${OIDC_SECRET_READER}\`, which let the AWS Load Balancer Controller read the OIDC Secret`,
    places: [place('Ingress', UI_INGRESS, 'rendered with `uiLoadBalancer` only'),
      ...['Role', 'RoleBinding'].map((kind) => place(kind, OIDC_SECRET_READER, 'rendered with `uiLoadBalancer.oidc` only'))],
  },
  {
    option: 'secretsManager',
    places: [IRSA, POD_IDENTITY].flatMap((mechanism) => [
      place('SecretStore', 'aws-secrets-manager', '`spec.provider.aws`: `region`, and with IRSA `auth.jwt.serviceAccountRef`', undefined, mechanism),
      ...['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'].map((name) =>
        place('ExternalSecret', name, '`spec.data` (`remoteRef.key`: the secret, `property`), `spec.refreshInterval`', undefined, mechanism)),
      ...['metadata-grpc-deployment', 'ml-pipeline', 'ml-pipeline-ui'].map((name) =>
        place('Deployment', name, '`secret.reloader.stakater.com/reload`: the Secrets of `secretsManager` it reads', undefined, mechanism)),
    ]).concat(place('ServiceAccount', 'kfp-external-secrets', '`eks.amazonaws.com/role-arn`: `secretsManager.roleArn`', undefined, IRSA)),
    files: [{ path: POLICY_FILE, field: '`secretsmanager:GetSecretValue` on the secrets, `kms:Decrypt` with `kmsKeyArn`' }, { path: TRUST_FILE, field: 'the ServiceAccount ESO reads as' }],
  },
  {
    option: 'iam.sessionTagIsolation',
    mechanism: POD_IDENTITY,
    places: [...ARTIFACT_PREFIX_PLACES, ...PIPELINE_PREFIX_PLACES],
    files: [{ path: POLICY_FILE, field: 'the namespace that starts each prefix, as `${aws:PrincipalTag/kubernetes-namespace}`', mechanism: POD_IDENTITY }],
  },
];
