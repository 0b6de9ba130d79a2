import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'js-yaml';
import { KfpOptionsError, resolveInstalls } from '../../src/config';
import { allReleases, findObject, kustomize, parseYaml, releasesWhere, synthFiles, synthToDisk, TestOptions } from '../util';

const TOLERATION = { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' };
const AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] }],
    },
  },
};
const PODS = {
  nodeSelector: { 'node.kubernetes.io/instance-type': 'm6i.large' },
  tolerations: [TOLERATION],
  affinity: AFFINITY,
  priorityClassName: 'kfp-critical',
  imagePullSecrets: ['mirror-pull'],
};

/** The problems `options` are refused with, none when accepted. */
function problemsOf(options: TestOptions): string[] {
  try {
    resolveInstalls({ name: 'x', ...options });
    return [];
  } catch (e) {
    if (e instanceof KfpOptionsError) return [...e.problems];
    throw e;
  }
}

describe.each(allReleases())('pod settings of KFP %s', (kfpVersion) => {
  const repo = synthToDisk({ kfpVersion, pods: PODS, resources: { 'ml-pipeline': { requests: { cpu: '1' }, limits: { memory: '2Gi' } } } });
  const builds = ['overlay/accesskey', 'overlay/iam'].map((dir) => kustomize(path.join(repo, dir)));

  test('every Deployment of every overlay gets the node labels (with its own), tolerations, affinity, priority and pull secrets', () => {
    for (const objects of builds) {
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      expect(deployments.length).toBeGreaterThan(5);
      for (const deployment of deployments) {
        const pod = deployment.spec.template.spec;
        expect([deployment.metadata.name, pod.nodeSelector]).toEqual([deployment.metadata.name, expect.objectContaining(PODS.nodeSelector)]);
        expect(pod.tolerations).toContainEqual(TOLERATION);
        expect(pod.affinity).toEqual(AFFINITY);
        expect(pod.priorityClassName).toBe('kfp-critical');
        expect(pod.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
      }
    }
  });

  test('resources of a Deployment merge over the release\'s own, in its main container', () => {
    const untouched = kustomize(path.join(synthToDisk({ kfpVersion }), 'overlay/iam'));
    const before = findObject(untouched, 'Deployment', 'ml-pipeline').spec.template.spec.containers[0].resources;
    for (const objects of builds) {
      const [container] = findObject(objects, 'Deployment', 'ml-pipeline').spec.template.spec.containers;
      expect(container.resources).toEqual({ requests: { ...before?.requests, cpu: '1' }, limits: { memory: '2Gi' } });
      // other Deployments keep theirs
      const other = findObject(objects, 'Deployment', 'ml-pipeline-ui').spec.template.spec.containers[0];
      expect(other.resources).toEqual(findObject(untouched, 'Deployment', 'ml-pipeline-ui').spec.template.spec.containers[0].resources);
    }
  });

  test('a resources key that names no container is refused, with the keys there are', () => {
    expect(() => synthFiles({ kfpVersion, resources: { 'ml-pipelin': { requests: { cpu: '1' } } } }))
      .toThrow(/resources\["ml-pipelin"\]: names no container of KFP .*'s Deployments in this install; the keys are .*ml-pipeline,/);
    expect(() => synthFiles({ kfpVersion, externalDatabase: { host: 'db.example.com' }, resources: { mysql: { requests: { cpu: '1' } } } }))
      .toThrow(/resources\["mysql"\]: names no container/);
  });

  test('an additional install takes the top-level settings unless it has its own', () => {
    const files = synthFiles({ kfpVersion, pods: { priorityClassName: 'kfp-critical' }, additionalInstalls: [{ namespace: 'team-a' }, { namespace: 'team-b', pods: { priorityClassName: 'batch' } }] });
    const priority = (root: string) => {
      const file = Object.keys(files).find((f) => f.startsWith(`${root}base/`) && f.endsWith('/deployment.ml-pipeline.yaml'))!;
      return parseYaml(files[file])[0].spec.template.spec.priorityClassName;
    };
    expect([priority(''), priority('installs/team-a/'), priority('installs/team-b/')]).toEqual(['kfp-critical', 'kfp-critical', 'batch']);
  });
});

describe.each(releasesWhere((r) => r.argo.workflowDefaults))('pipeline steps of KFP %s', (kfpVersion) => {
  const defaults = (options: TestOptions) => {
    const configMap = findObject(kustomize(path.join(synthToDisk({ kfpVersion, ...options }), 'overlay/iam')), 'ConfigMap', 'workflow-controller-configmap');
    return (YAML.load(configMap.data.workflowDefaults) as any).spec;
  };

  test('keep upstream\'s TTL and retries by default, and take the workflows options', () => {
    expect(defaults({})).toMatchObject({
      ttlStrategy: { secondsAfterCompletion: 3600, secondsAfterSuccess: 3600, secondsAfterFailure: 3600 },
      templateDefaults: { retryStrategy: { limit: '2', retryPolicy: 'OnError' } },
    });
    expect(defaults({ workflows: { ttlSecondsAfterFinished: 86400, retryLimit: 0 } })).toMatchObject({
      ttlStrategy: { secondsAfterCompletion: 86400, secondsAfterSuccess: 86400, secondsAfterFailure: 86400 },
      templateDefaults: { retryStrategy: { limit: '0', retryPolicy: 'OnError' } },
    });
  });

  test('get stepPods through Argo\'s workflowDefaults, the priority as podPriorityClassName; KFP pods do not', () => {
    const spec = defaults({ stepPods: { ...PODS, priorityClassName: 'batch' } });
    expect(spec).toMatchObject({
      nodeSelector: PODS.nodeSelector,
      tolerations: [TOLERATION],
      affinity: AFFINITY,
      podPriorityClassName: 'batch',
      imagePullSecrets: [{ name: 'mirror-pull' }],
    });
    expect(spec.priorityClassName).toBeUndefined();
    const objects = kustomize(path.join(synthToDisk({ kfpVersion, stepPods: PODS }), 'overlay/iam'));
    expect(findObject(objects, 'Deployment', 'ml-pipeline').spec.template.spec.tolerations).toBeUndefined();
  });
});

describe.each(releasesWhere((r) => !r.argo.workflowDefaults))('KFP %s, whose Argo has no workflowDefaults', (kfpVersion) => {
  test('refuses stepPods and workflows, and says where pipelines set them', () => {
    expect(problemsOf({ kfpVersion, stepPods: { nodeSelector: { a: 'b' } }, workflows: { retryLimit: 1 } })).toEqual([
      expect.stringMatching(/^stepPods: is not supported: KFP 0\.2\.3's Argo .* has no workflowDefaults/),
      expect.stringMatching(/^workflows: is not supported/),
    ]);
    expect(problemsOf({ kfpVersion, pods: { nodeSelector: { a: 'b' } } })).toEqual([]);
  });
});

test.each<[string, TestOptions, string]>([
  ['a label key', { pods: { nodeSelector: { 'not a key': 'x' } } }, 'pods.nodeSelector["not a key"]: is not a valid label key'],
  ['a label value', { stepPods: { nodeSelector: { pool: 'a b' } } }, 'stepPods.nodeSelector["pool"]: has the value "a b", which is not a label value'],
  ['an operator', { pods: { tolerations: [{ key: 'k', operator: 'In' }] } }, 'pods.tolerations[0].operator: "In" is not one of Equal, Exists'],
  ['an effect', { pods: { tolerations: [{ key: 'k', effect: 'NoRun' }] } }, 'pods.tolerations[0].effect: "NoRun" is not one of NoSchedule, PreferNoSchedule, NoExecute'],
  ['Equal without a key', { pods: { tolerations: [{ value: 'v' }] } }, 'pods.tolerations[0].key: is required with operator Equal'],
  ['Exists with a value', { pods: { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] } }, 'pods.tolerations[0].value: must be empty with operator Exists'],
  ['seconds without NoExecute', { pods: { tolerations: [{ key: 'k', tolerationSeconds: 30 }] } }, 'pods.tolerations[0].tolerationSeconds: applies only to the effect NoExecute'],
  ['an affinity field', { pods: { affinity: { nodeAfinity: {} } } }, 'pods.affinity: has nodeAfinity: an affinity has only nodeAffinity, podAffinity and podAntiAffinity'],
  ['a priority class', { pods: { priorityClassName: 'Critical!' } }, 'pods.priorityClassName: "Critical!" is not a valid'],
  ['a pull secret', { pods: { imagePullSecrets: ['a_b'] } }, 'pods.imagePullSecrets[0]: "a_b" is not a valid'],
  ['a quantity', { resources: { 'ml-pipeline': { requests: { cpu: '1 core' } } } }, 'resources["ml-pipeline"].requests.cpu: "1 core" is not a Kubernetes quantity'],
  ['a zero quantity', { resources: { 'ml-pipeline': { limits: { memory: '0Mi' } } } }, 'resources["ml-pipeline"].limits.memory: "0Mi" must be greater than zero'],
  ['a resources key', { resources: { 'a/b/c': {} } }, 'resources["a/b/c"]: is neither a Deployment name nor <deployment>/<container>'],
  ['a TTL', { workflows: { ttlSecondsAfterFinished: -1 } }, 'workflows.ttlSecondsAfterFinished: -1 is not a whole number of seconds'],
  ['a retry limit', { workflows: { retryLimit: 1.5 } }, 'workflows.retryLimit: 1.5 is not a whole number from 0'],
  ['an unknown field', { pods: { nodeSelectors: {} } as any }, 'pods.nodeSelectors: is not an option; did you mean pods.nodeSelector?'],
  ['a wrong type', { resources: { 'ml-pipeline': { requests: { cpu: 1 } } } as any }, 'resources["ml-pipeline"].requests.cpu: must be a string, not 1'],
])('refuses %s, naming the option', (_name, options, problem) => {
  const problems = problemsOf(options);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(problem);
});

test('accepts the forms Kubernetes takes', () => {
  expect(problemsOf({
    pods: { tolerations: [{ operator: 'Exists' }, { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] },
    resources: { 'ml-pipeline': { requests: { cpu: '0.5', memory: '1e9' } }, 'workflow-controller/workflow-controller': { limits: { cpu: '2' } } },
    workflows: { ttlSecondsAfterFinished: 0 },
  })).toEqual([]);
});

describe.each(allReleases())('the README of KFP %s', (kfpVersion, release) => {
  test('lists every container with its requests and limits as rendered, and the settings the release takes', () => {
    const repo = synthToDisk({ kfpVersion, resources: { 'ml-pipeline': { limits: { memory: '2Gi' } } }, ...(release.argo.workflowDefaults ? { workflows: { retryLimit: 4 } } : {}) });
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('## Scheduling and resources'), readme.indexOf('\n## ', readme.indexOf('## Scheduling and resources') + 3));
    const deployments = kustomize(path.join(repo, 'overlay/accesskey')).filter((o) => o.kind === 'Deployment');
    for (const deployment of deployments) {
      for (const container of deployment.spec.template.spec.containers) {
        const containers = deployment.spec.template.spec.containers;
        const main = container.name === deployment.metadata.name || containers.length === 1;
        const name = main ? `\`${deployment.metadata.name}\`` : `\`${deployment.metadata.name}/${container.name}\``;
        const row = section.split('\n').find((line) => line.startsWith(`| ${name} |`));
        expect([name, row]).toEqual([name, expect.any(String)]);
        for (const [resource, value] of Object.entries(container.resources?.requests ?? {})) expect(row).toContain(`${resource} ${value}`);
      }
    }
    expect(section).toContain('| `ml-pipeline` |');
    expect(section.split('\n').find((line) => line.startsWith('| `ml-pipeline` |'))).toMatch(/\| memory 2Gi \|$/);
    if (release.argo.workflowDefaults) expect(section).toContain('(now 4)');
    else expect(section).toContain('has no workflow defaults');
  });
});
