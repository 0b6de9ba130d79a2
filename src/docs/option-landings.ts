import type { Variant } from '../manifests/variant';

/** One object field that an option's value reaches. */
export interface OptionPlace {
  readonly kind: string;
  readonly name: string;
  /** The field or key, as the README shows it. */
  readonly field: string;
}

/** Where an option's value lands in the rendered install. */
export interface OptionLanding {
  readonly option: string;
  /** Every place, across all releases; the README lists those whose object the release renders. */
  readonly places: readonly OptionPlace[];
  /** Set when the option only matters to one variant's overlay. */
  readonly variant?: Variant;
}

const place = (kind: string, name: string, field: string): OptionPlace => ({ kind, name, field });

/**
 * The README's "where each option lands" table. A test renders every release with each option changed and checks that
 * exactly the objects listed here change, so the table cannot drift from the constructs.
 */
export const OPTION_LANDINGS: readonly OptionLanding[] = [
  {
    option: 'bucket',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.bucket`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_BUCKETNAME`'),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_ARCHIVE_BUCKETNAME`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `defaultPipelineRoot`'),
      place('ConfigMap', 'pipeline-install-config', '`bucketName`, `defaultPipelineRoot`'),
    ],
  },
  {
    option: 'region',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.region` and `.endpoint`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_REGION` and `OBJECTSTORECONFIG_HOST`'),
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_REGION` and `AWS_S3_ENDPOINT`'),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template `AWS_REGION`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` (endpoint, region)'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`AWS_REGION`'),
    ],
  },
  {
    option: 'artifactPrefix',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.keyFormat`'),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_KEYFORMAT` (same format, to read archived logs back)'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `defaultPipelineRoot`'),
      place('ConfigMap', 'pipeline-install-config', '`defaultPipelineRoot`'),
    ],
  },
  {
    option: 'pipelinePrefix',
    places: [place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_PIPELINEPATH`')],
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
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`'),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template keys'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` `secretRef`'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`'),
    ],
  },
  {
    option: 'mysql.secretName',
    places: [
      place('Deployment', 'mysql', '`MYSQL_ROOT_PASSWORD`, `MYSQL_USER`, `MYSQL_PASSWORD`'),
      place('ConfigMap', 'mysql-initdb', 'the init script\'s message naming the Secret'),
      place('Deployment', 'ml-pipeline', 'api server database user and password'),
      place('Deployment', 'metadata-grpc-deployment', 'metadata server database user and password'),
      place('Deployment', 'cache-server', 'cache server database user and password'),
    ],
  },
  { option: 'mysql.image', places: [place('Deployment', 'mysql', 'container image')] },
  { option: 'mysql.storageSize', places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`resources.requests.storage`')] },
  { option: 'mysql.storageClassName', places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`storageClassName`')] },
];
