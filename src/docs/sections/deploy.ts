import { code, codeBlock } from '../markdown';
import { defaultVariantReason, ReadmeContext } from './common';
import { CRDS_DIR, overlayDir } from '../../layout/deployment-manifests';
import { ROLLOUT_TIMEOUT } from '../../ops/cluster-checks';
import { FORCE_FLAG } from '../../ops/cluster-scripts';
import { crdRefs } from '../../ops/commands';
import { defaultVariant } from '../../ops/default-variant';
import { DIST_DIR, SCRIPTS, UPGRADE_SECTION } from '../../ops/paths';
import { INVENTORY_CONFIGMAP, INVENTORY_LABEL, INVENTORY_LABEL_VALUE, labelValue, PRUNE_DATA_FLAG, REPO_LABEL, YES_FLAG } from '../../ops/prune';

export function deploy({ config, manifests, repo }: ReadmeContext): string[] {
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
    '### What deploy removes',
    '',
    'After the rollout, `npx projen deploy` removes what an earlier deploy from this repo applied and the repo no longer',
    'generates: the in-cluster MySQL after a switch to an external database, the objects of a variant or a release you',
    `moved away from${config.root ? '' : ', and the objects of a namespace the repo no longer uses (a renamed namespace, a removed additional install)'}. It records what it`,
    `applied in ConfigMap ${code(INVENTORY_CONFIGMAP)} of ${code(config.namespace)}, with the labels ${code(`${INVENTORY_LABEL}=${INVENTORY_LABEL_VALUE}`)} and`,
    `${code(`${REPO_LABEL}=${labelValue(repo)}`)}, and removes only objects on that record: never one it did not create, nor ${code(`${CRDS_DIR}/`)},`,
    'which every install in the cluster shares. It lists them and asks on a terminal; without a terminal it keeps them',
    `(and on record) unless you pass \`${YES_FLAG}\`. PersistentVolumeClaims, Namespaces and CRDs go only with \`${PRUNE_DATA_FLAG}\`: deleting`,
    `them deletes data${config.mysql.external ? '' : ' (the in-cluster MySQL\'s claim holds every pipeline, run and metadata)'}, so back up first (see`,
    `"${UPGRADE_SECTION}"). \`npx projen diff\` lists what deploy would remove.`,
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
