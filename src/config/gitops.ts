import type { Problems, ResolvedInstall } from './collisions';
import type { GitOpsConfig, GitOpsTool } from './types';
import { dnsLabelProblem, dnsSubdomainProblem } from './validation';
import type { GitOpsOptions } from '../gitops/options';

/** The name of the Application or Kustomization of `crds/`, after `gitops.namePrefix`. */
export const CRDS_SUFFIX = 'crds';

/** The Application or Kustomization that applies the others. */
export const rootName = (gitops: Pick<GitOpsConfig, 'namePrefix'>) => gitops.namePrefix;
/** The Application or Kustomization of `crds/`. */
export const crdsName = (gitops: Pick<GitOpsConfig, 'namePrefix'>) => `${gitops.namePrefix}-${CRDS_SUFFIX}`;
/** The Application or Kustomization of the install in `namespace`. */
export const installName = (gitops: Pick<GitOpsConfig, 'namePrefix'>, namespace: string) => `${gitops.namePrefix}-${namespace}`;

/** The API server of the cluster Argo CD runs in, as Argo CD names it. */
export const ARGO_CD_IN_CLUSTER = 'https://kubernetes.default.svc';

/** The tools `gitops` generates objects for. */
export function gitopsTools(options: GitOpsOptions | undefined): GitOpsTool[] {
  return [...(options?.argoCd ? ['argoCd' as const] : []), ...(options?.flux ? ['flux' as const] : [])];
}

/**
 * `gitops` with its defaults, or `undefined` without it; adds a problem, naming the option, for each bad value and for
 * a variant an install has no overlay of.
 */
export function resolveGitOps(options: GitOpsOptions | undefined, installs: readonly ResolvedInstall[],
  problems: Problems): GitOpsConfig | undefined {
  if (!options) return undefined;
  const check = (option: string, value: string, problem: (v: string) => string | undefined) => problems.check(`gitops.${option}`, value, problem);
  if (!options.argoCd && !options.flux) {
    problems.add('gitops: generates nothing without gitops.argoCd or gitops.flux; set one of them (an empty object takes every default), or remove gitops');
  }

  const revision = options.revision ?? 'HEAD';
  check('revision', revision, gitRevisionProblem);
  const path = options.path ?? '';
  check('path', path, repoPathProblem);
  const namePrefix = options.namePrefix ?? 'kfp';
  check('namePrefix', namePrefix, dnsLabelProblem);
  installs.forEach((install, i) => {
    if (install.namespace !== CRDS_SUFFIX) return;
    const option = i === 0 ? 'namespace' : `additionalInstalls[${i - 1}].namespace`;
    problems.add(`${option}: ${JSON.stringify(install.namespace)} gives the install's GitOps objects the name of those of crds/, ${JSON.stringify(crdsName({ namePrefix }))}: choose another namespace, or remove gitops`);
  });
  const names = [rootName({ namePrefix }), crdsName({ namePrefix }), ...installs.map((install) => installName({ namePrefix }, install.namespace))];
  const tooLong = names.filter((name) => name.length > 63);
  if (!dnsLabelProblem(namePrefix) && tooLong.length > 0) {
    check('namePrefix', namePrefix, () => `makes names of GitOps objects longer than the 63 characters Argo CD and Flux allow (they put them in a label): ${tooLong.map((name) => JSON.stringify(name)).join(', ')}; choose a shorter prefix`);
  }
  if (options.variant !== undefined) {
    installs.forEach((install, i) => {
      if ((install.variants as readonly string[]).includes(options.variant!)) return;
      const which = i === 0 ? 'the top-level install' : `additionalInstalls[${i - 1}]`;
      check('variant', options.variant!, () => `is not a variant of ${which} (namespace ${install.namespace}), whose object store is not AWS S3 and which has only ${install.variants.map((v) => `overlay/${v}`).join(', ')}: remove gitops.variant, which then picks each install's own`);
    });
  }

  const { argoCd, flux } = options;
  if (argoCd) {
    if (options.repoUrl === undefined) problems.add('gitops.repoUrl: is required with gitops.argoCd: every Application names the Git repository Argo CD clones');
    else check('repoUrl', options.repoUrl, repoUrlProblem);
    if (argoCd.namespace !== undefined) check('argoCd.namespace', argoCd.namespace, dnsLabelProblem);
    if (argoCd.project !== undefined) check('argoCd.project', argoCd.project, dnsSubdomainProblem);
    if (argoCd.destinationServer !== undefined) check('argoCd.destinationServer', argoCd.destinationServer, serverUrlProblem);
  }
  if (flux) {
    if (flux.namespace !== undefined) check('flux.namespace', flux.namespace, dnsLabelProblem);
    if (flux.sourceName !== undefined) check('flux.sourceName', flux.sourceName, dnsSubdomainProblem);
    if (flux.sourceNamespace !== undefined) check('flux.sourceNamespace', flux.sourceNamespace, dnsLabelProblem);
    if (flux.interval !== undefined) check('flux.interval', flux.interval, fluxDurationProblem);
  }

  const fluxNamespace = flux?.namespace ?? 'flux-system';
  return {
    argoCd: argoCd && {
      namespace: argoCd.namespace ?? 'argocd',
      project: argoCd.project ?? 'default',
      destinationServer: argoCd.destinationServer ?? ARGO_CD_IN_CLUSTER,
      repoUrl: options.repoUrl ?? '',
      revision,
    },
    flux: flux && {
      namespace: fluxNamespace,
      sourceName: flux.sourceName ?? 'flux-system',
      sourceNamespace: flux.sourceNamespace ?? fluxNamespace,
      interval: flux.interval ?? '10m',
    },
    path,
    variant: options.variant,
    namePrefix,
  };
}

/**
 * A Git repository URL as Argo CD clones it: `https://` (or `http://`), `ssh://`, or scp-like `user@host:path`
 * (argo-cd `docs/user-guide/private-repositories.md`).
 */
function repoUrlProblem(value: string): string | undefined {
  return /^(https?|ssh):\/\/[^\s/]+\/\S+$/.test(value) || /^[\w.-]+@[\w.-]+:[^\s/]\S*$/.test(value)
    ? undefined
    : 'is not a Git repository URL Argo CD can clone (https://host/path, ssh://host/path or git@host:path)';
}

/** A Git branch, tag, commit or (for tags) semantic version range (argo-cd `docs/user-guide/tracking_strategies.md`). */
function gitRevisionProblem(value: string): string | undefined {
  return value.trim() === value && value.length > 0 && !/[\0-\x1f\x7f]/.test(value)
    ? undefined
    : 'is not a Git revision (a branch, tag or commit, without surrounding spaces)';
}

/** A folder of the Git repository, relative to its root, as both tools take paths. */
function repoPathProblem(value: string): string | undefined {
  if (value === '') return undefined;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[\s\\]/.test(segment))
    ? undefined
    : 'is not a folder relative to the root of the Git repository (such as "deploy/kfp": no leading or trailing "/", no "." or "..")';
}

/** A cluster's API server as Argo CD registers it (`spec.destination.server`). */
function serverUrlProblem(value: string): string | undefined {
  return /^https:\/\/[^\s/]+(\/\S*)?$/.test(value) ? undefined : 'is not the https:// URL of a Kubernetes API server';
}

/**
 * A duration as the Kustomization CRD accepts it: `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$` (fluxcd/kustomize-controller
 * `config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml`, `spec.interval`).
 */
function fluxDurationProblem(value: string): string | undefined {
  return /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(value) ? undefined : 'is not a duration Flux accepts, such as "10m" or "1h30m"';
}
