import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';

/** The real kubectl, which the stand-in calls for what works without a cluster. */
const REAL_KUBECTL = execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf-8' }).trim();

/**
 * A stand-in for kubectl: records every call (arguments, and standard input of `apply -f -`) and answers like a
 * cluster would. `create ... --dry-run=client` and `kustomize` run the real kubectl, which needs no cluster for them.
 */
const STUB = `#!/usr/bin/env bash
set -euo pipefail
state=$KUBECTL_STUB_STATE
# Both ends of a pipe run at once: mkdir hands out call numbers atomically.
n=1
until mkdir "$state/call.$n" 2>/dev/null; do n=$((n + 1)); done
call=$state/call.$n
printf '%s\\0' "$@" >"$call/args"
listed() { grep -qxF "$1" "$state/$2" 2>/dev/null; }
verb=$1
if [[ "$verb" == -n ]]; then verb=$3; fi
case "$verb" in
  config)
    if [[ -f "$state/context" ]]; then cat "$state/context"; else echo 'error: current-context is not set' >&2; exit 1; fi ;;
  get)
    # get daemonsets --all-namespaces -o jsonpath=...: the recorded output.
    if [[ " $* " == *" daemonsets "* ]]; then cat "$state/daemonsets" 2>/dev/null || true; exit 0; fi
    # [-n NS] get namespace|secret|configmap|customresourcedefinition NAME: the listed ones exist.
    name=""; kind=""
    for arg in "$@"; do
      case "$arg" in namespace | secret | configmap | customresourcedefinition) kind=$arg ;; -*|get|name) ;; *) [[ -n "$kind" && -z "$name" ]] && name=$arg ;; esac
    done
    if listed "$name" "\${kind}s"; then echo "$kind/$name"; fi ;;
  create | kustomize) exec "$KUBECTL_STUB_REAL" "$@" ;;
  apply)
    if [[ " $* " == *" -f - "* ]]; then cat >"$call/stdin"; echo "applied from stdin"; else echo "applied $*"; fi ;;
  delete) echo "deleted $*" ;;
  diff) exit "$(cat "$state/diff-status" 2>/dev/null || echo 0)" ;;
  *) echo "$*" ;;
esac
`;

/** One recorded kubectl call. */
export interface KubectlCall {
  readonly args: string[];
  /** What the script piped in, for `apply -f -`. */
  readonly stdin?: string;
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
 * (`installs/<namespace>/scripts/install.sh`) is relative to the repo.
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
    fs.writeFileSync(path.join(bin, 'kubectl'), STUB, { mode: 0o755 });
  }
  if (cluster.context) fs.writeFileSync(path.join(state, 'context'), `${cluster.context}\n`);
  fs.writeFileSync(path.join(state, 'namespaces'), (cluster.namespaces ?? []).map((n) => `${n}\n`).join(''));
  for (const kind of ['secrets', 'configmaps', 'customresourcedefinitions'] as const) {
    fs.writeFileSync(path.join(state, kind), (cluster[kind] ?? []).map((n) => `${n}\n`).join(''));
  }
  if (cluster.daemonsets !== undefined) fs.writeFileSync(path.join(state, 'daemonsets'), cluster.daemonsets);
  if (cluster.diffStatus !== undefined) fs.writeFileSync(path.join(state, 'diff-status'), String(cluster.diffStatus));

  const env = {
    PATH: options.noKubectl ? bin : [bin, ...(options.path ?? []), process.env.PATH].join(':'),
    HOME: state,
    KUBECTL_STUB_STATE: state,
    KUBECTL_STUB_REAL: REAL_KUBECTL,
    ...options.env,
  };
  const script = name.includes('/') ? path.join(repo, name) : path.join(repo, 'scripts', name);
  const result = options.terminal
    ? spawnSync('script', ['-qec', [script, ...args].map(quote).join(' '), '/dev/null'], { env, input: options.input ?? '', encoding: 'utf-8' })
    : spawnSync(script, [...args], { env, input: options.input ?? '', encoding: 'utf-8' });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, calls: readCalls(state) };
}

function readCalls(state: string): KubectlCall[] {
  const calls = fs.readdirSync(state).filter((f) => f.startsWith('call.')).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return calls.map((dir) => {
    const file = (name: string) => path.join(state, dir, name);
    const args = fs.readFileSync(file('args'), 'utf-8').split('\0').slice(0, -1);
    return { args, stdin: fs.existsSync(file('stdin')) ? fs.readFileSync(file('stdin'), 'utf-8') : undefined };
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
