import { code, table } from '../markdown';
import type { ReadmeContext } from './common';
import type { KfpImages } from '../../catalog';
import { mapImage } from '../../config';
import { CacheWebhook } from '../../options';

/**
 * The registry that ECR pull-through cache rules cannot name as their upstream (the upstreams they take:
 * docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html, `upstreamRegistryUrl`).
 */
const GCR = 'gcr.io';

/** What each image of a release runs, as the README names it; the compiler refuses a role without one. */
const IMAGE_ROLES = {
  workflowController: 'Argo workflow controller',
  argoExecutor: 'Argo executor: the init and wait containers of pipeline steps (`--executor-image`)',
  apiServer: 'api server',
  persistenceAgent: 'persistence agent',
  scheduledWorkflow: 'scheduled workflow controller',
  frontend: 'UI',
  viewerCrdController: 'viewer controller',
  visualizationServer: 'visualization server',
  metadataServer: 'ML Metadata server',
  metadataEnvoy: 'ML Metadata Envoy proxy',
  metadataWriter: 'metadata writer',
  cacheServer: 'cache server',
  mysql: 'MySQL',
  waitFor: 'init containers that wait for MySQL, ML Metadata and the api server',
  v2Driver: 'v2 driver of pipeline steps (`V2_DRIVER_IMAGE`)',
  v2Launcher: 'v2 launcher of pipeline steps (`V2_LAUNCHER_IMAGE`)',
  cacheImage: 'pods that serve cached steps (`cacheImage`)',
  tensorboard: 'TensorBoard viewers, tagged by the UI with the TensorFlow version (`VIEWER_TENSORBOARD_TF_IMAGE_NAME`)',
} satisfies Record<keyof Required<KfpImages>, string>;

/** The images the install pulls and where from, after the `images` option; what a mirror cannot reach. */
export function images({ config }: ReadmeContext): string[] {
  const { release, mysql } = config;
  const roles = (Object.keys(IMAGE_ROLES) as Array<keyof KfpImages>).filter((role) => release.images[role] !== undefined
    && !(role === 'mysql' && mysql.external)
    && !((role === 'cacheServer' || role === 'cacheImage') && config.cacheWebhook === CacheWebhook.NONE));
  const upstream = (role: keyof KfpImages) => (role === 'mysql' ? mysql.image : release.images[role]!);
  const mapped = roles.some((role) => mapImage(upstream(role), config.images) !== upstream(role));
  return [
    '## Images',
    '',
    `The install pulls these images${mapped ? ', as the option `images` maps them' : ''}. \`images\` in \`.projenrc.ts\` sets a registry mirror (such as`,
    'an Amazon ECR pull-through cache) and per-image overrides: the overlays map every container image with `images:`',
    'entries of their `kustomization.yaml`, and the settings that name an image are written mapped. The images of your',
    'pipelines\' own steps are in the pipelines, not here.',
    '',
    ...table(['image', 'what runs it', ...(mapped ? ['pulled as'] : [])], roles.map((role) => [
      code(upstream(role)), IMAGE_ROLES[role], ...(mapped ? [code(mapImage(upstream(role), config.images))] : []),
    ])),
    ...(roles.some((role) => upstream(role).startsWith(`${GCR}/`)) ? [
      '',
      `Amazon ECR pull-through caches do not cache ${code(GCR)} (they cache Docker Hub, GitHub, Quay, ECR Public, Kubernetes, GitLab and`,
      `Azure registries): copy its images into a repository of yours and map ${code(GCR)} to it in \`images.registries\`.`,
    ] : []),
    ...(release.images.tensorboard === undefined ? [
      '',
      `The TensorBoard viewers of KFP ${release.version} run \`tensorflow/tensorflow:<version>\` from Docker Hub whatever the option says: the UI`,
      'writes that name into each viewer (`frontend/server/k8s-helper.ts`) and has no setting for it.',
    ] : []),
    '',
  ];
}
