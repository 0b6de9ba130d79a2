import { code, codeBlock } from '../markdown';
import { defaultVariantReason, ReadmeContext } from './common';
import { CRDS_DIR, overlayDir } from '../../layout/deployment-manifests';
import { FORCE_FLAG, ROLLOUT_TIMEOUT } from '../../ops/cluster-scripts';
import { crdRefs } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import { DIST_DIR, SCRIPTS, UPGRADE_SECTION } from '../../ops/paths';

export function deploy({ config, manifests }: ReadmeContext): string[] {
  const variant = defaultVariant(config);
  return [
    '## Deploy',
    '',
    `\`npx projen deploy\` (${code(SCRIPTS.install)}) installs ${defaultVariantReason(config)}; \`npx projen deploy <variant>\``,
    `installs another. It stops before any change when a Secret the variant reads${config.mysql.tls ? ' or the CA ConfigMap' : ''} is missing, or when the namespace`,
    `runs another Kubeflow Pipelines release (see "${UPGRADE_SECTION}"; \`${FORCE_FLAG}\` installs over it). Then it applies the cluster-wide`,
    `${code(`${CRDS_DIR}/`)}, waits until its CRDs are established, applies the overlay and waits until every Deployment is available.`,
    'The same by hand:',
    '',
    ...codeBlock([
      `kubectl apply -k ${CRDS_DIR}`,
      'kubectl wait --for condition=established --timeout=120s \\',
      ...crdRefs(manifests).map((ref, i, all) => `  ${ref}${i < all.length - 1 ? ' \\' : ''}`),
      `kubectl apply -k ${overlayDir(variant)}`,
      `kubectl -n ${config.namespace} wait --for condition=Available --timeout=${ROLLOUT_TIMEOUT} deployment --all`,
    ]),
    '',
    'Before you apply: `npx projen diff` shows what would change in the cluster, `npx projen render` writes what would',
    `be applied to ${code(`${DIST_DIR}/`)}, and \`npx projen validate\` (also run by \`npx projen test\`) builds every folder and checks it`,
    'without a cluster or network: each object against the Kubernetes schema of its kind, and every reference between the',
    'objects (ServiceAccounts, ConfigMaps and Secrets with the keys the pods read, PVCs, PriorityClasses, selectors, Service',
    `ports, roles and binding subjects), with ${code(`${CRDS_DIR}/`)} built together with each overlay. The only objects the manifests`,
    'may lack are the ones you create (see "Secrets") and the ones pods create at run time. When kubeconform is installed,',
    'it also checks the objects strictly (unknown fields too); it downloads the schemas.',
    '',
  ];
}
