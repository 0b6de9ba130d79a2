import type { KfpRelease } from '../catalog';
import type { KfpInstallOptions } from '../options';
import type { ContainerResources, PodSchedulingOptions, PodToleration } from '../pod-options';
import { dnsLabelProblem, dnsSubdomainProblem } from './validation';

/** The pod settings of an install, validated. */
export interface PodsConfig {
  /** On every Deployment of the install. */
  readonly pods: PodSchedulingOptions;
  /** On the pods of pipeline steps (Argo `workflowDefaults`); empty where the release has none. */
  readonly stepPods: PodSchedulingOptions;
  /** By `<deployment>` or `<deployment>/<container>`. */
  readonly resources: Readonly<Record<string, ContainerResources>>;
  /** Argo's `ttlStrategy` (every phase) and `templateDefaults.retryStrategy.limit`. */
  readonly workflowTtlSeconds: number;
  readonly stepRetryLimit: number;
}

/** Upstream's `workflowDefaults` (KFP 2.17.0 `manifests/kustomize/third-party/argo/base/workflow-controller-configmap-patch.yaml`). */
export const DEFAULT_WORKFLOW_TTL_SECONDS = 3600;
export const DEFAULT_STEP_RETRY_LIMIT = 2;

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** A label value: empty, or at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A CPU or memory quantity (Kubernetes `resource.Quantity`: decimal or binary suffixes, or an exponent). */
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?\d+)?$/;

/** A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(value: string): string | undefined {
  const parts = value.split('/');
  const name = parts.pop() ?? '';
  const prefixOk = parts.length === 0 || (parts.length === 1 && dnsSubdomainProblem(parts[0]) === undefined);
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : 'is not a valid label key such as "node.kubernetes.io/instance-type"';
}

/** A CPU or memory quantity greater than zero. */
export function quantityProblem(value: string): string | undefined {
  if (!QUANTITY.test(value)) return 'is not a Kubernetes quantity such as "250m", "1" or "512Mi"';
  return Number.parseFloat(value) > 0 ? undefined : 'must be greater than zero';
}

type Problem = (option: string, text: string) => void;

/**
 * The pod settings of `options`, each problem reported as `problem(<option path>, <text>)`. `stepPods` and `workflows`
 * need Argo's `workflowDefaults`, which `release` may not have.
 */
export function resolvePods(options: KfpInstallOptions, release: KfpRelease | undefined, problem: Problem): PodsConfig {
  const pods = options.pods ?? {};
  checkScheduling('pods', pods, problem);
  const stepPods = options.stepPods ?? {};
  checkScheduling('stepPods', stepPods, problem);
  const defaults = release?.argo.workflowDefaults ?? true;
  const why = `KFP ${release?.version}'s Argo ${release?.argo.version} has no workflowDefaults: each pipeline sets it (see the option's docs)`;
  if (!defaults && options.stepPods) problem('stepPods', `is not supported: ${why}`);
  if (!defaults && options.workflows) problem('workflows', `is not supported: ${why}`);

  const resources = options.resources ?? {};
  for (const [key, value] of Object.entries(resources)) {
    const [deployment, container, ...rest] = key.split('/');
    if (rest.length > 0 || dnsSubdomainProblem(deployment) || (container !== undefined && dnsLabelProblem(container))) {
      problem(`resources[${JSON.stringify(key)}]`, 'is neither a Deployment name nor <deployment>/<container>');
    }
    for (const kind of ['requests', 'limits'] as const) {
      for (const [resource, quantity] of Object.entries(value?.[kind] ?? {})) {
        if (quantity !== undefined) {
          const text = quantityProblem(quantity);
          if (text) problem(`resources[${JSON.stringify(key)}].${kind}.${resource}`, `${JSON.stringify(quantity)} ${text}`);
        }
      }
    }
  }

  const { ttlSecondsAfterFinished = DEFAULT_WORKFLOW_TTL_SECONDS, retryLimit = DEFAULT_STEP_RETRY_LIMIT } = options.workflows ?? {};
  if (!Number.isInteger(ttlSecondsAfterFinished) || ttlSecondsAfterFinished < 0 || ttlSecondsAfterFinished > 2 ** 31 - 1) {
    problem('workflows.ttlSecondsAfterFinished', `${ttlSecondsAfterFinished} is not a whole number of seconds from 0 to 2147483647`);
  }
  if (!Number.isInteger(retryLimit) || retryLimit < 0) {
    problem('workflows.retryLimit', `${retryLimit} is not a whole number from 0`);
  }
  return {
    pods,
    stepPods: defaults ? stepPods : {},
    resources,
    workflowTtlSeconds: ttlSecondsAfterFinished,
    stepRetryLimit: retryLimit,
  };
}

function checkScheduling(option: string, settings: PodSchedulingOptions, problem: Problem): void {
  for (const [key, value] of Object.entries(settings.nodeSelector ?? {})) {
    const text = labelKeyProblem(key) ?? (typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value) ? undefined
      : `has the value ${JSON.stringify(value)}, which is not a label value (at most 63 letters, digits, "-", "_" and ".")`);
    if (text) problem(`${option}.nodeSelector[${JSON.stringify(key)}]`, text);
  }
  (settings.tolerations ?? []).forEach((toleration, i) => checkToleration(`${option}.tolerations[${i}]`, toleration, problem));
  if (settings.affinity !== undefined) {
    const unknown = Object.keys(settings.affinity).filter((field) => !['nodeAffinity', 'podAffinity', 'podAntiAffinity'].includes(field));
    if (unknown.length > 0) problem(`${option}.affinity`, `has ${unknown.join(', ')}: an affinity has only nodeAffinity, podAffinity and podAntiAffinity`);
  }
  if (settings.priorityClassName !== undefined) {
    const text = dnsSubdomainProblem(settings.priorityClassName);
    if (text) problem(`${option}.priorityClassName`, `${JSON.stringify(settings.priorityClassName)} ${text}`);
  }
  (settings.imagePullSecrets ?? []).forEach((name, i) => {
    const text = dnsSubdomainProblem(name);
    if (text) problem(`${option}.imagePullSecrets[${i}]`, `${JSON.stringify(name)} ${text}`);
  });
}

function checkToleration(path: string, toleration: PodToleration, problem: Problem): void {
  const { key, operator = 'Equal', value, effect, tolerationSeconds } = toleration;
  if (!TOLERATION_OPERATORS.includes(operator)) problem(`${path}.operator`, `${JSON.stringify(operator)} is not one of ${TOLERATION_OPERATORS.join(', ')}`);
  if (key !== undefined && key !== '' && labelKeyProblem(key)) problem(`${path}.key`, `${JSON.stringify(key)} ${labelKeyProblem(key)}`);
  if (operator === 'Exists' && value) problem(`${path}.value`, 'must be empty with operator Exists');
  if (operator === 'Equal' && !key) problem(`${path}.key`, 'is required with operator Equal');
  if (effect !== undefined && !TAINT_EFFECTS.includes(effect)) problem(`${path}.effect`, `${JSON.stringify(effect)} is not one of ${TAINT_EFFECTS.join(', ')}`);
  if (tolerationSeconds !== undefined && effect !== 'NoExecute') problem(`${path}.tolerationSeconds`, 'applies only to the effect NoExecute');
}
