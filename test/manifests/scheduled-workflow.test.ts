import { crdOf, findRelease, WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWith } from '../util';
import { containerOf, envOf, expectBinding, pick, renderRepoOnce, RenderedRepo } from './wiring';

const NAME = 'ml-pipeline-scheduledworkflow';
const OBJECTS = [
  ['ServiceAccount', NAME], ['Role', `${NAME}-role`], ['RoleBinding', `${NAME}-binding`], ['Deployment', NAME],
] as const;

describe.each(releasesWith('scheduled-workflow'))('KFP %s scheduled workflow controller', (kfpVersion, release) => {
  let repo: RenderedRepo;
  let controller: any;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
    controller = containerOf(repo.base, NAME, NAME);
  });

  test('runs the catalog\'s image on the install\'s namespace', () => {
    expect(controller.image).toBe(release.images.scheduledWorkflow);
    expect(envOf(repo.base, controller, 'NAMESPACE')).toEqual({ field: 'metadata.namespace' });
    const deployment = findObject(repo.base, 'Deployment', NAME);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('runs as its ServiceAccount, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', NAME).spec.template.spec.serviceAccountName).toBe(NAME);
    expectBinding({
      bindings: repo.base,
      binding: `${NAME}-binding`,
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac[`${NAME}-role`],
      serviceAccounts: repo.base,
      serviceAccount: NAME,
      namespace: 'team-kfp',
    });
  });

  test('puts the catalog\'s ScheduledWorkflow CRD in crds/', () => {
    const swf = crdOf(release, 'ScheduledWorkflow');
    const crd = findObject(repo.crds, 'CustomResourceDefinition', `${swf.plural}.${swf.group}`);
    expect(crd.metadata.namespace).toBeUndefined();
    expect(crd.spec.names).toEqual({
      kind: 'ScheduledWorkflow', listKind: 'ScheduledWorkflowList', plural: swf.plural, singular: swf.singular, shortNames: swf.shortNames,
    });
    expect(crd.spec.scope).toBe(swf.scope);
    const [version] = crd.spec.versions;
    expect(version).toMatchObject({ name: swf.version, served: true, storage: true });
    expect(version.schema.openAPIV3Schema.properties.spec).toEqual({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(repo.base.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});

test('KFP 2.17.0 names the ScheduledWorkflow CRD scheduledworkflows.kubeflow.org, namespaced, served and stored as v1beta1', () => {
  const swf = crdOf(findRelease('2.17.0')!, 'ScheduledWorkflow');
  expect(swf).toMatchObject({ group: 'kubeflow.org', plural: 'scheduledworkflows', singular: 'scheduledworkflow', shortNames: ['swf'], scope: 'Namespaced', version: 'v1beta1' });
});

describe.each(releasesWith('scheduled-workflow', WorkloadLayout.RESTRICTED))('KFP %s scheduled workflow controller (restricted layout)', (kfpVersion) => {
  let repo: RenderedRepo;
  let controller: any;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
    controller = containerOf(repo.base, NAME, NAME);
  });

  test('runs with upstream\'s settings', () => {
    expect(controller.ports).toEqual([{ name: 'http', containerPort: 9090 }]);
    expect(envOf(repo.base, controller, 'METRICS_PORT')).toBe('9090');
    expect(envOf(repo.base, controller, 'CRON_SCHEDULE_TIMEZONE')).toBe('UTC');
  });

  test('waits for the api server and authenticates to it with a projected token', () => {
    const wait = containerOf(repo.base, NAME, 'wait-for-ml-pipeline');
    expect(envOf(repo.base, wait, 'WAIT_HOST')).toBe('ml-pipeline');
    expect(findObject(repo.base, 'Service', 'ml-pipeline').spec.ports.map((p: any) => String(p.port))).toContain(envOf(repo.base, wait, 'WAIT_PORT'));
    const volume = findObject(repo.base, 'Deployment', NAME).spec.template.spec.volumes[0];
    expect(volume.projected.sources[0].serviceAccountToken).toEqual({ audience: 'pipelines.kubeflow.org', expirationSeconds: 3600, path: 'scheduledworkflow-sa-token' });
    expect(controller.volumeMounts).toEqual([{ name: volume.name, mountPath: '/var/run/secrets/kubeflow/tokens' }]);
    expect(controller.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0 });
  });
});
