import { WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWith } from '../util';
import { containerOf, envOf, expectBinding, pick, renderRepoOnce, RenderedRepo } from './wiring';

const NAME = 'ml-pipeline-persistenceagent';
const OBJECTS = [
  ['ServiceAccount', NAME], ['Role', `${NAME}-role`], ['RoleBinding', `${NAME}-binding`], ['Deployment', NAME],
] as const;

describe.each(releasesWith('persistence-agent'))('KFP %s persistence agent', (kfpVersion, release) => {
  let repo: RenderedRepo;
  let agent: any;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
    agent = containerOf(repo.base, NAME, NAME);
  });

  test('runs the catalog\'s image on the install\'s namespace', () => {
    expect(agent.image).toBe(release.images.persistenceAgent);
    expect(envOf(repo.base, agent, 'NAMESPACE')).toEqual({ field: 'metadata.namespace' });
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

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});

describe.each(releasesWith('persistence-agent', WorkloadLayout.RESTRICTED))('KFP %s persistence agent (restricted layout)', (kfpVersion) => {
  let repo: RenderedRepo;
  let agent: any;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion, namespace: 'team-kfp' });
    agent = containerOf(repo.base, NAME, NAME);
  });

  test('runs with upstream\'s settings', () => {
    expect(envOf(repo.base, agent, 'TTL_SECONDS_AFTER_WORKFLOW_FINISH')).toBe('86400');
    expect(envOf(repo.base, agent, 'NUM_WORKERS')).toBe('2');
    expect(agent.resources).toEqual({ requests: { cpu: '120m', memory: '500Mi' } });
  });

  test('waits for the api server and authenticates to it with a projected token', () => {
    const wait = containerOf(repo.base, NAME, 'wait-for-ml-pipeline');
    const service = findObject(repo.base, 'Service', envOf(repo.base, wait, 'WAIT_HOST') as string);
    expect(service.metadata.name).toBe('ml-pipeline');
    expect(service.spec.ports.map((p: any) => String(p.port))).toContain(envOf(repo.base, wait, 'WAIT_PORT'));
    const volume = findObject(repo.base, 'Deployment', NAME).spec.template.spec.volumes[0];
    expect(volume.projected.sources).toEqual([{
      serviceAccountToken: { audience: 'pipelines.kubeflow.org', expirationSeconds: 3600, path: 'persistenceagent-sa-token' },
    }]);
    expect(agent.volumeMounts).toEqual([{ name: volume.name, mountPath: '/var/run/secrets/kubeflow/tokens' }]);
  });

  test('runs restricted as upstream', () => {
    expect(agent.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0, capabilities: { drop: ['ALL'] } });
    expect(containerOf(repo.base, NAME, 'wait-for-ml-pipeline').securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });
});
