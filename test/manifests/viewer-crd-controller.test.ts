import { containerOf, envOf, expectBinding, pick, renderRepo, RenderedRepo } from './wiring';
import { RELEASES } from '../../src/catalog';
import { KFP_2_17_0 } from '../../src/catalog/kfp-2.17.0';
import { resolveInstalls } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { findObject } from '../util';

const NAME = 'ml-pipeline-viewer-crd';
const SERVICE_ACCOUNT = 'ml-pipeline-viewer-crd-service-account';
const OBJECTS = [
  ['ServiceAccount', SERVICE_ACCOUNT], ['Role', 'ml-pipeline-viewer-controller-role'], ['RoleBinding', `${NAME}-binding`], ['Deployment', NAME],
] as const;

describe('KFP viewer controller', () => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ namespace: 'team-kfp' });
  });

  test('runs the catalog\'s image with upstream\'s settings', () => {
    const controller = containerOf(repo.base, NAME, NAME);
    expect(controller.image).toBe(KFP_2_17_0.images.viewerCrdController);
    expect(controller.imagePullPolicy).toBe('Always');
    expect(envOf(repo.base, controller, 'MAX_NUM_VIEWERS')).toBe('50');
    expect(envOf(repo.base, controller, 'NAMESPACE')).toEqual({ field: 'metadata.namespace' });
    expect(controller.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0 });
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
      rules: KFP_2_17_0.rbac['ml-pipeline-viewer-controller-role'],
      serviceAccounts: repo.base,
      serviceAccount: SERVICE_ACCOUNT,
      namespace: 'team-kfp',
    });
  });

  test('puts the Viewer CRD that the UI creates viewers of in crds/', () => {
    const crd = findObject(repo.crds, 'CustomResourceDefinition', 'viewers.kubeflow.org');
    expect(crd.spec.names).toMatchObject({ kind: 'Viewer', plural: 'viewers', shortNames: ['vi'] });
    expect(crd.spec.versions[0]).toMatchObject({ name: 'v1beta1', served: true, storage: true });
    const uiRule = findObject(repo.base, 'Role', 'ml-pipeline-ui').rules.find((r: any) => r.apiGroups.includes(crd.spec.group));
    expect(uiRule.resources).toContain(crd.spec.names.plural);
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});

describe.each(RELEASES.map((release) => [release.version]))('KFP %s viewer controller outside kubeflow', (kfpVersion) => {
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
