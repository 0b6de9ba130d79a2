import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';

/** The real kubectl, which the stand-in calls for what works without a cluster. */
const REAL_KUBECTL = execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf-8' }).trim();

/** The stand-in for kubectl (`kubectl-stub.sh`): it records every call and answers like a cluster would. */
const STUB = path.join(__dirname, 'kubectl-stub.sh');

/** One recorded kubectl call. */
export interface KubectlCall {
  readonly args: string[];
  /** What the script piped in, for `apply -f -`. */
  readonly stdin?: string;
  /** The pod spec of `kubectl run --overrides`, parsed. */
  readonly overrides?: any;
}

export interface Cluster {
  /** The current context; none makes `kubectl config current-context` fail. */
  readonly context?: string;
  readonly namespaces?: readonly string[];
  readonly secrets?: readonly string[];
  readonly configmaps?: readonly string[];
  /** Names of the CRDs that exist. */
  readonly customresourcedefinitions?: readonly string[];
  /** What `kubectl get daemonsets --all-namespaces -o jsonpath=...` prints: one line per container, image, command, args. */
  readonly daemonsets?: string;
  /** Exit status of `kubectl diff`. */
  readonly diffStatus?: number;
  /**
   * Objects of the cluster, as the API server returns them (each with apiVersion, kind and metadata; namespaced ones
   * with their namespace). `get` answers from them: `-o name`, and the script's own `jsonpath` or `go-template`,
   * which the real kubectl evaluates on them.
   */
  readonly objects?: readonly KubeObject[];
  /** What `kubectl logs POD -c CONTAINER` prints, by `POD/CONTAINER`. */
  readonly logs?: Readonly<Record<string, string>>;
  /** Whether `kubectl wait --for condition=Available` times out. */
  readonly rolloutTimesOut?: boolean;
  /** Whether `kubectl wait --for=condition=Ready` (of ExternalSecrets) times out. */
  readonly externalSecretsNotReady?: boolean;
  /**
   * What `kubectl exec ... -- COMMAND` and the pods of `kubectl run` run in: COMMAND runs on this machine with only
   * `env` (for run, the pod's env) in its environment and `programs` (bash script bodies, by name) first on its PATH.
   */
  readonly container?: { readonly env?: Readonly<Record<string, string>>; readonly programs?: Readonly<Record<string, string>> };
}

/** A Kubernetes object as JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** The kind of each name list of {@link Cluster}: those objects exist in every namespace. */
const LISTED_KINDS = { namespaces: 'Namespace', secrets: 'Secret', configmaps: 'ConfigMap', customresourcedefinitions: 'CustomResourceDefinition' } as const;

/** Writes `object` where the stand-in looks for it: `objects/<Kind>/<namespace, _ when cluster-scoped, or any>/<name>.json`. */
function writeObject(state: string, object: KubeObject, namespace = object.metadata.namespace ?? '_') {
  const dir = path.join(state, 'objects', object.kind, namespace);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${object.metadata.name}.json`), JSON.stringify(object));
}

export interface RunOptions {
  readonly cluster?: Cluster;
  /** Extra environment; the run otherwise sees only PATH, HOME and the stand-in's settings. */
  readonly env?: Record<string, string>;
  /** Standard input (a pipe, so never a terminal). */
  readonly input?: string;
  /** Runs the script on a pseudo-terminal (util-linux `script`), typing `input` there. */
  readonly terminal?: boolean;
  /** PATH without kubectl at all. */
  readonly noKubectl?: boolean;
  /** Folders put first on PATH, after the stand-in's. */
  readonly path?: readonly string[];
  /** Programs the run must not find: the folders of PATH that hold one are left out. */
  readonly hide?: readonly string[];
}

export interface ScriptRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: KubectlCall[];
}

export const DEFAULT_CLUSTER: Cluster = { context: 'test-cluster' };

/**
 * Runs `scripts/<name>` of the synthesized repo `repo` with the stand-in kubectl first on PATH; a `name` with a folder
 * (`installs/<namespace>/scripts/install.sh`) is relative to the repo, an absolute one is any script.
 */
export function runScript(repo: string, name: string, args: readonly string[] = [], options: RunOptions = {}): ScriptRun {
  const { cluster = DEFAULT_CLUSTER } = options;
  const state = tempDir();
  const bin = path.join(state, 'bin');
  fs.mkdirSync(bin);
  if (options.noKubectl) {
    // Only what a script needs before it looks for kubectl: bash for the shebang, dirname for its cd.
    for (const tool of ['bash', 'dirname']) fs.symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf-8' }).trim(), path.join(bin, tool));
  } else {
    fs.copyFileSync(STUB, path.join(bin, 'kubectl'));
    fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
  }
  writeCluster(state, cluster);

  const env = {
    PATH: options.noKubectl ? bin : [bin, ...(options.path ?? []), ...systemPath(options.hide ?? [])].join(':'),
    HOME: state,
    KUBECTL_STUB_STATE: state,
    KUBECTL_STUB_REAL: REAL_KUBECTL,
    ...options.env,
  };
  const script = path.isAbsolute(name) ? name : name.includes('/') ? path.join(repo, name) : path.join(repo, 'scripts', name);
  const result = options.terminal
    ? spawnSync('script', ['-qec', [script, ...args].map(quote).join(' '), '/dev/null'], { env, input: options.input ?? '', encoding: 'utf-8' })
    : spawnSync(script, [...args], { env, input: options.input ?? '', encoding: 'utf-8' });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, calls: readCalls(state) };
}

/** Writes what the stand-in answers from: `cluster` as files of the state folder. */
function writeCluster(state: string, cluster: Cluster) {
  if (cluster.context) fs.writeFileSync(path.join(state, 'context'), `${cluster.context}\n`);
  for (const [list, kind] of Object.entries(LISTED_KINDS)) {
    for (const name of cluster[list as keyof typeof LISTED_KINDS] ?? []) writeObject(state, { apiVersion: 'v1', kind, metadata: { name } }, 'any');
  }
  for (const object of cluster.objects ?? []) writeObject(state, object);
  for (const [ref, log] of Object.entries(cluster.logs ?? {})) {
    fs.mkdirSync(path.join(state, 'logs', path.dirname(ref)), { recursive: true });
    fs.writeFileSync(path.join(state, 'logs', ref), log);
  }
  if (cluster.daemonsets !== undefined) fs.writeFileSync(path.join(state, 'daemonsets'), cluster.daemonsets);
  if (cluster.diffStatus !== undefined) fs.writeFileSync(path.join(state, 'diff-status'), String(cluster.diffStatus));
  if (cluster.rolloutTimesOut) fs.writeFileSync(path.join(state, 'rollout-times-out'), '');
  if (cluster.externalSecretsNotReady) fs.writeFileSync(path.join(state, 'external-secrets-not-ready'), '');
  for (const dir of ['env', 'bin']) fs.mkdirSync(path.join(state, 'container', dir), { recursive: true });
  for (const [name, value] of Object.entries(cluster.container?.env ?? {})) fs.writeFileSync(path.join(state, 'container/env', name), value);
  for (const [name, body] of Object.entries(cluster.container?.programs ?? {})) {
    fs.writeFileSync(path.join(state, 'container/bin', name), `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`, { mode: 0o755 });
  }
}

/** The folders of this process's PATH, without those that hold one of `hidden`. */
function systemPath(hidden: readonly string[]): string[] {
  return (process.env.PATH ?? '').split(':').filter((dir) => !hidden.some((program) => fs.existsSync(path.join(dir, program))));
}

function readCalls(state: string): KubectlCall[] {
  const calls = fs.readdirSync(state).filter((f) => f.startsWith('call.')).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return calls.map((dir) => {
    const file = (name: string) => path.join(state, dir, name);
    const args = fs.readFileSync(file('args'), 'utf-8').split('\0').slice(0, -1);
    return {
      args,
      stdin: fs.existsSync(file('stdin')) ? fs.readFileSync(file('stdin'), 'utf-8') : undefined,
      overrides: fs.existsSync(file('overrides')) ? JSON.parse(fs.readFileSync(file('overrides'), 'utf-8')) : undefined,
    };
  });
}

function quote(word: string): string {
  return `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** The calls that change the cluster: apply, create without dry run, delete without dry run. */
export function changes(calls: readonly KubectlCall[]): KubectlCall[] {
  return calls.filter(({ args }) => ['apply', 'create', 'delete', 'replace', 'patch'].includes(args[0])
    && !args.some((a) => a.startsWith('--dry-run')));
}

/** Whether shellcheck is on PATH; CI installs it (.ci/run). */
export const HAS_SHELLCHECK = spawnSync('shellcheck', ['--version']).status === 0;
