import { containerOf, envOf, expectBinding, pick, renderRepoOnce, RenderedRepo } from './wiring';
import { crdOf, findRelease, WorkloadLayout } from '../../src/catalog';
import { resolveInstalls } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { findObject, releasesWith } from '../util';

const NAME = 'ml-pipeline-viewer-crd';
const SERVICE_ACCOUNT = 'ml-pipeline-viewer-crd-service-account';
const OBJECTS = [
  ['ServiceAccount', SERVICE_ACCOUNT], ['Role', 'ml-pipeline-viewer-controller-role'], ['RoleBinding', `${NAME}-binding`], ['Deployment', NAME],
] as const;

describe.each(releasesWith('viewer-crd-controller'))('KFP %s viewer controller', (kfpVersion, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
  });

  test('runs the catalog\'s image with upstream\'s settings', () => {
    const controller = containerOf(repo.base, NAME, NAME);
    expect(controller.image).toBe(release.images.viewerCrdController);
    expect(controller.imagePullPolicy).toBe('Always');
    expect(envOf(repo.base, controller, 'MAX_NUM_VIEWERS')).toBe('50');
    expect(envOf(repo.base, controller, 'NAMESPACE')).toEqual({ field: 'metadata.namespace' });
    const deployment = findObject(repo.base, 'Deployment', NAME);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('runs as its ServiceAccount, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', NAME).spec.template.spec.serviceAccountName).toBe(SERVICE_ACCOUNT);
    expectBinding({
      bindings: repo.base,
      binding: `${NAME}-binding`,
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac['ml-pipeline-viewer-controller-role'],
      serviceAccounts: repo.base,
      serviceAccount: SERVICE_ACCOUNT,
      namespace: 'team-kfp',
    });
  });

  test('puts the catalog\'s Viewer CRD, which the UI creates viewers of, in crds/', () => {
    const viewer = crdOf(release, 'Viewer');
    const crd = findObject(repo.crds, 'CustomResourceDefinition', `${viewer.plural}.${viewer.group}`);
    expect(crd.spec.names).toMatchObject({ kind: 'Viewer', plural: viewer.plural, shortNames: viewer.shortNames });
    expect(crd.spec.versions[0]).toMatchObject({ name: viewer.version, served: true, storage: true });
    const uiRule = findObject(repo.base, 'Role', 'ml-pipeline-ui').rules.find((r: any) => r.apiGroups.includes(crd.spec.group));
    expect(uiRule.resources).toContain(crd.spec.names.plural);
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});

test.each(releasesWith('viewer-crd-controller', WorkloadLayout.RESTRICTED))('KFP %s viewer controller runs restricted as upstream', (kfpVersion) => {
  const controller = containerOf(renderRepoOnce({ kfpVersion, namespace: 'team-kfp' }).base, NAME, NAME);
  expect(controller.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0 });
});

test('KFP 2.17.0 and 0.2.3 name the Viewer CRD viewers.kubeflow.org, served as v1beta1, short name vi', () => {
  for (const kfpVersion of ['2.17.0', '0.2.3']) {
    const viewer = crdOf(findRelease(kfpVersion)!, 'Viewer');
    expect([`${viewer.plural}.${viewer.group}`, viewer.version, viewer.shortNames]).toEqual(['viewers.kubeflow.org', 'v1beta1', ['vi']]);
  }
});

describe.each(releasesWith('viewer-crd-controller'))('KFP %s viewer controller outside kubeflow', (kfpVersion) => {
  test('watches its own namespace, where the UI creates viewers and its Role grants it rights', () => {
    // GIVEN an install, and an additional one, in namespaces other than the image's default (kubeflow)
    const [top, other] = resolveInstalls({ name: 'x', kfpVersion, namespace: 'team-a', additionalInstalls: [{ namespace: 'team-b' }] });
    for (const config of [top, other]) {
      const objects = renderInstall(config).map((o) => o.manifest);
      const controller = containerOf(objects, NAME, NAME);
      // THEN its image's command (`--namespace=${NAMESPACE}`) gets the pod's namespace, and nothing else names one
      expect(envOf(objects, controller, 'NAMESPACE')).toEqual({ field: 'metadata.namespace' });
      expect(findObject(objects, 'Deployment', NAME).metadata.namespace).toBe(config.namespace);
      expect(controller.env.map((e: any) => e.name).sort()).toEqual(['MAX_NUM_VIEWERS', 'NAMESPACE']);
      expect(findObject(objects, 'Role', 'ml-pipeline-viewer-controller-role').metadata.namespace).toBe(config.namespace);
    }
  });
});
