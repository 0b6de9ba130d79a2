import { KfpRelease, WorkloadLayout } from '../catalog';
import type { Variant } from '../manifests/variant';

/** One object field that an option's value reaches. */
export interface OptionPlace {
  readonly kind: string;
  readonly name: string;
  /** The field or key, as the README shows it. */
  readonly field: string;
  /** Set when only releases of this workload layout put the value there. */
  readonly layout?: WorkloadLayout;
}

/** Where an option's value lands in the rendered install. */
export interface OptionLanding {
  readonly option: string;
  /** Every place, across all releases; the README lists those whose object the release renders. */
  readonly places: readonly OptionPlace[];
  /** Set when the option only matters to one variant's overlay. */
  readonly variant?: Variant;
  /** Set when the option writes folders of its own rather than fields of the install's objects: where, as the README says. */
  readonly folders?: string;
}

const place = (kind: string, name: string, field: string, layout?: WorkloadLayout): OptionPlace => ({ kind, name, field, layout });
const { PLAIN, RESTRICTED } = WorkloadLayout;

/**
 * The README's "where each option lands" table. A test renders every release with each option changed and checks that
 * exactly the objects listed here change, so the table cannot drift from the constructs.
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
      place('ConfigMap', 'pipeline-install-config', '`bucketName`, `defaultPipelineRoot`'),
    ],
  },
  {
    option: 'region',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.region` and `.endpoint`'),
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_REGION` and `OBJECTSTORECONFIG_HOST`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.Region` and `.Host`', PLAIN),
      place('Deployment', 'ml-pipeline-ui', 'UI `AWS_REGION` and `AWS_S3_ENDPOINT`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-ui-configmap', 'TensorBoard viewer pod template `AWS_REGION`'),
      place('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template `AWS_REGION`'),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `providers` (endpoint, region)'),
      place('Deployment', 'ml-pipeline-visualizationserver', '`AWS_REGION`'),
    ],
  },
  {
    option: 'artifactPrefix',
    places: [
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.keyFormat`', RESTRICTED),
      place('ConfigMap', 'workflow-controller-configmap', 'Argo `artifactRepository.s3.keyPrefix`', PLAIN),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_KEYFORMAT` (same format, to read archived logs back)', RESTRICTED),
      place('Deployment', 'ml-pipeline-ui', 'UI `ARGO_ARCHIVE_PREFIX` (to read archived logs back)', PLAIN),
      place('ConfigMap', 'kfp-launcher', 'v2 launcher `defaultPipelineRoot`'),
      place('ConfigMap', 'pipeline-install-config', '`defaultPipelineRoot`'),
    ],
  },
  {
    option: 'pipelinePrefix',
    places: [
      place('Deployment', 'ml-pipeline', 'api server `OBJECTSTORECONFIG_PIPELINEPATH`', RESTRICTED),
      place('ConfigMap', 'ml-pipeline-config', 'api server `config.json`: `ObjectStoreConfig.PipelineFolder`', PLAIN),
    ],
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
      place('ConfigMap', 'ml-pipeline-ui-viewer-template', 'TensorBoard viewer pod template keys'),
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
      place('Deployment', 'metadata-deployment', 'metadata server database user and password'),
      place('Deployment', 'cache-server', 'cache server database user and password'),
    ],
  },
  { option: 'mysql.image', places: [place('Deployment', 'mysql', 'container image')] },
  { option: 'mysql.storageSize', places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`resources.requests.storage`')] },
  { option: 'mysql.storageClassName', places: [place('PersistentVolumeClaim', 'mysql-pv-claim', '`storageClassName`')] },
  {
    option: 'additionalInstalls',
    places: [],
    folders: '`installs/<namespace>/` of each: another install in its own namespace, with its own `base/`, `overlay/` and `scripts/`; the objects of the top-level install do not change',
  },
];

/** The places of `landing` in an install of `release` whose objects are `rendered` (`Kind/name`). */
export function placesIn(landing: OptionLanding, release: KfpRelease, rendered: ReadonlySet<string>): OptionPlace[] {
  return landing.places.filter((p) => (p.layout ?? release.workloads) === release.workloads && rendered.has(`${p.kind}/${p.name}`));
}
