import { code, codeBlock, table } from '../markdown';
import type { ReadmeContext } from './common';

/** A request or limit as the table shows it: `cpu 250m, memory 500Mi`, or a dash. */
const quantities = (values: Readonly<Record<string, string>> | undefined) =>
  (values && Object.keys(values).length > 0 ? Object.entries(values).map(([name, value]) => `${name} ${value}`).join(', ') : '-');

/** Where the pods run and what they reserve: the settings, and the requests and limits as rendered. */
export function scheduling({ config, manifests }: ReadmeContext): string[] {
  const { release, pods } = config;
  const defaults = release.argo.workflowDefaults;
  return [
    '## Scheduling and resources',
    '',
    '`pods` in `.projenrc.ts` puts node labels (`nodeSelector`, merged with the release\'s own), `tolerations`, `affinity`,',
    '`priorityClassName` and `imagePullSecrets` on every Deployment of the install; `resources` sets the CPU and memory of',
    'a container by Deployment name (or `<deployment>/<container>`), each request and limit over the release\'s own.',
    ...(defaults ? [
      '`stepPods` does the same for the pods of pipeline steps, through Argo\'s `workflowDefaults` in ConfigMap',
      `${code('workflow-controller-configmap')} (a pipeline's own settings win), and \`workflows\` sets how long Argo keeps a finished`,
      `run's workflow (now ${pods.workflowTtlSeconds} seconds; the run stays in KFP, and its logs in S3) and how often it retries a step that`,
      `ends in Error, such as an evicted pod (now ${pods.stepRetryLimit}).`,
    ] : [
      `Argo ${release.argo.version} of KFP ${release.version} has no workflow defaults: each pipeline sets where its steps run and what`,
      'they reserve (kfp SDK 0.2 `ContainerOp.add_node_selector_constraint`, `add_toleration`, `add_affinity`,',
      '`set_cpu_request`, `set_memory_limit`; `PipelineConf.set_image_pull_secrets`, `set_ttl_seconds_after_finished`).',
    ]),
    '',
    ...codeBlock([
      'pods: {',
      '  nodeSelector: { \'karpenter.sh/nodepool\': \'kfp\' },',
      '  tolerations: [{ key: \'dedicated\', value: \'kfp\', effect: \'NoSchedule\' }],',
      '},',
      'resources: { \'ml-pipeline\': { requests: { cpu: \'500m\' }, limits: { memory: \'2Gi\' } } },',
    ], 'ts'),
    '',
    'The containers as rendered:',
    '',
    ...table(['`resources` key', 'requests', 'limits'], manifests.containerResources.map((c, _, all) => [
      // the key of a Deployment's main container: named like it, or its only one
      c.container === c.deployment || all.filter((other) => other.deployment === c.deployment).length === 1
        ? code(c.deployment) : code(`${c.deployment}/${c.container}`),
      quantities(c.requests),
      quantities(c.limits),
    ])),
    '',
  ];
}
