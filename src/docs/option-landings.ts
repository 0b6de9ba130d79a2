import { WorkloadLayout } from '../catalog';
import { KfpConfig, S3_CONSUMERS } from '../config';
import { IAM_DIR } from '../iam';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../manifests/s3-consumers';
import type { Variant } from '../manifests/variant';
import { IamMechanism } from '../options';

/** One object field that an option's value reaches. */
export interface OptionPlace {
  readonly kind: string;
  readonly name: string;
  /** The field or key, as the README shows it. */
  readonly field: string;
  /** Set when only releases of this workload layout put the value there. */
  readonly layout?: WorkloadLayout;
  /** Set when only this IAM mechanism puts the value there. */
  readonly mechanism?: IamMechanism;
}

/** A generated file outside the manifests that an option's value reaches. */
export interface OptionFile {
  /** The path, as the README shows it (`<role>` for each role). */
  readonly path: string;
  readonly field: string;
  /** Set when only this IAM mechanism puts the value there. */
  readonly mechanism?: IamMechanism;
}

/** Where an option's value lands in the rendered install. */
export interface OptionLanding {
  readonly option: string;
  /** Every place, across all releases; the README lists those whose object the release renders. */
  readonly places: readonly OptionPlace[];
  /** Every file outside the manifests; the README lists those of the install's IAM mechanism. */
  readonly files?: readonly OptionFile[];
  /** Set when the option only matters to one variant's overlay. */
  readonly variant?: Variant;
  /** Set when the option only matters with an external database (`true`) or with the in-cluster MySQL (`false`). */
  readonly externalDatabase?: boolean;
  /** Set when the option writes folders of its own rather than fields of the install's objects: where, as the README says. */
  readonly folders?: string;
  /** Set when the option also writes entries of each overlay's `kustomization.yaml`: which, as the README says. */
  readonly kustomization?: string;
  /** Set when only this IAM mechanism reads the option. */
  readonly mechanism?: IamMechanism;
  /** Set when only releases of this workload layout have the option's objects. */
  readonly layout?: WorkloadLayout;
}

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
      { path: POLICY_FILE, field: 'the buckets and prefixes of every install that uses the role' },
      { path: TRUST_FILE, field: 'the ServiceAccounts of every install that uses the role' },
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
    option: 'iam.sessionTagIsolation',
    mechanism: POD_IDENTITY,
    places: [...ARTIFACT_PREFIX_PLACES, ...PIPELINE_PREFIX_PLACES],
    files: [{ path: POLICY_FILE, field: 'the namespace that starts each prefix, as `${aws:PrincipalTag/kubernetes-namespace}`', mechanism: POD_IDENTITY }],
  },
];

/** The places of `landing` in the install of `config` whose objects are `rendered` (`Kind/name`). */
export function placesIn(landing: OptionLanding, config: KfpConfig, rendered: ReadonlySet<string>): OptionPlace[] {
  const { release, iam } = config;
  if ((landing.mechanism ?? iam.mechanism) !== iam.mechanism) return [];
  return landing.places.map((p) => ({ ...p, name: p.name.replace('<namespace>', config.namespace) }))
    .filter((p) => (p.layout ?? release.workloads) === release.workloads
      && (p.mechanism ?? iam.mechanism) === iam.mechanism && rendered.has(`${p.kind}/${p.name}`));
}

/** The files of `landing` outside the manifests, for the IAM mechanism of `config`. */
export function filesIn(landing: OptionLanding, config: KfpConfig): OptionFile[] {
  if ((landing.mechanism ?? config.iam.mechanism) !== config.iam.mechanism) return [];
  return (landing.files ?? []).filter((f) => (f.mechanism ?? config.iam.mechanism) === config.iam.mechanism);
}
