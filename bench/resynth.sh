#!/usr/bin/env bash
# Benchmark: how long does `npx projen` take in a deployment repo scaffolded from this package, compared with a bare
# projen `Project` run the same way, and how does it grow with the number of installs? Run with `npx projen bench`
# after `npx projen build` (it needs the tarball in dist/js and never builds it). Not part of the tests.
#
# Setup (fairness):
#   ours  a default repo scaffolded once from the tarball (`projen new --from kfp-aws-project@file:<tgz>`), with its own
#         npm install: projen, cdk8s, constructs, tsx, typescript and this package.
#   bare  a sibling folder whose node_modules is a symlink to ours' node_modules, so both load the very same projen,
#         tsx/esbuild and typescript files (Node resolves the symlink to the real path, so module loading is identical);
#         it gets a copy of ours' tsconfig.projen.json and a .projenrc.ts with a bare `new Project({ name: 'bare' })`.
#         The bare .projenrc.ts also resets its default task to the exact command ours uses
#         (`tsx --tsconfig tsconfig.projen.json .projenrc.ts`): a bare Project otherwise synthesizes an empty default
#         task, and every `npx projen` after the first would not run .projenrc.ts at all.
#   installs20  a copy of ours (node_modules a symlink to ours', like bare) whose .projenrc.ts adds 19
#         `additionalInstalls`, `{ namespace: 'team-1' }` to `{ namespace: 'team-19' }`: 20 installs against ours' one.
#   All are synthesized once before timing, then each case gets 1 untimed warm-up run (fills tsx's transform cache and
#   the OS file cache) and N timed runs; without hyperfine, the runs of ours, bare and installs20 alternate, so that
#   other load on the machine affects all alike. Numbers are wall-clock times of the whole process, on the same machine.
#
# Ratios (the summary at the end): ours/bare (what a default repo costs over projen itself) and installs20/ours (how
# re-synthesis grows with installs), each for `npx projen` and for the runner alone.
#
# Cases:
#   npx      `npx projen`: npm exec + projen CLI + the default task (tsx) + synth + projen's post-synth checks
#   tsx      `node_modules/.bin/tsx --tsconfig tsconfig.projen.json .projenrc.ts`: the runner and synth only
#   ts-node  `ts-node --project tsconfig.projen.json .projenrc.ts` (type-checks, like projen's default runner); taken from
#            the scaffolded repo if it has ts-node, else from this repo's devDependencies (it then type-checks with the
#            scaffolded repo's typescript, which ts-node resolves from the working folder); skipped if neither has it;
#            ours and bare only
#
# Usage: bash bench/resynth.sh [RUNS]     RUNS (or BENCH_RUNS) defaults to 10; BENCH_TSNODE_RUNS defaults to RUNS.
# Uses hyperfine if it is on PATH, else a Node timing loop (bench/timing.js). KEEP_TMP=1 keeps the temp folders.
# BENCH_TARBALL=<path> measures that tarball instead of the newest in dist/js (e.g. one built from another commit).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${1:-${BENCH_RUNS:-10}}
TSNODE_RUNS=${BENCH_TSNODE_RUNS:-$RUNS}
WARMUP=1
TIMING="$REPO_ROOT/bench/timing.js"
WORK=""

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
cleanup() {
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${KEEP_TMP:-}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
}
trap cleanup EXIT

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ "$TSNODE_RUNS" =~ ^[0-9]+$ ]] || die "BENCH_TSNODE_RUNS must be a non-negative integer, got '$TSNODE_RUNS'"

# shellcheck source=test/e2e/isolate-env.sh
source "$REPO_ROOT/test/e2e/isolate-env.sh"
isolate_from_this_package

if [[ -n "${BENCH_TARBALL:-}" ]]; then
  [[ -f "$BENCH_TARBALL" ]] || die "BENCH_TARBALL $BENCH_TARBALL does not exist"
  TARBALL=$(cd "$(dirname "$BENCH_TARBALL")" && pwd)/$(basename "$BENCH_TARBALL")
else
  shopt -s nullglob
  tarballs=("$REPO_ROOT"/dist/js/kfp-aws-project@*.jsii.tgz)
  shopt -u nullglob
  [[ ${#tarballs[@]} -gt 0 ]] || die "no dist/js/kfp-aws-project@*.jsii.tgz; run \`npx projen build\` (or compile + package:js) first"
  TARBALL=$(ls -t "${tarballs[@]}" | head -n 1)
fi
PROJEN_VERSION=$(node -p "require('$REPO_ROOT/node_modules/projen/package.json').version")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kfp-bench.XXXXXX")
export BENCH_RESULTS="$WORK/results.jsonl"
OURS="$WORK/ours/kfp-bench"
BARE="$WORK/bare"
INSTALLS20="$WORK/installs20/kfp-bench"
ADDITIONAL_INSTALLS=19

log "scaffolding ours from $(basename "$TARBALL") with projen $PROJEN_VERSION (CI unset: no lock file yet)"
mkdir -p "$OURS"
if ! (cd "$OURS" && env -u CI npx -y "projen@$PROJEN_VERSION" new --from "kfp-aws-project@file:$TARBALL" --no-git) \
  >"$WORK/scaffold.log" 2>&1; then
  tail -n 40 "$WORK/scaffold.log" >&2
  die "projen new failed"
fi

log "setting up bare (node_modules -> ours)"
mkdir -p "$BARE"
ln -s "$OURS/node_modules" "$BARE/node_modules"
# Without projen's "Generated by projen" marker: bare's synthesis would otherwise delete it as a stale generated file.
grep -v '~~ Generated by projen' "$OURS/tsconfig.projen.json" >"$BARE/tsconfig.projen.json"
cat >"$BARE/.projenrc.ts" <<'EOF'
import { Project } from 'projen';

const project = new Project({ name: 'bare' });
// The same runner command as the scaffolded repo's default task (see bench/resynth.sh).
project.defaultTask?.reset('tsx --tsconfig tsconfig.projen.json .projenrc.ts');
project.synth();
EOF
# The first synthesis writes .projen/tasks.json with that default task, as `projen new` does for ours.
(cd "$BARE" && node_modules/.bin/tsx --tsconfig tsconfig.projen.json .projenrc.ts) >"$WORK/bare-synth.log" 2>&1 \
  || { cat "$WORK/bare-synth.log" >&2; die "bare synthesis failed"; }
grep -q 'tsx --tsconfig tsconfig.projen.json .projenrc.ts' "$BARE/.projen/tasks.json" \
  || die "bare .projen/tasks.json has no tsx default task"
[[ -f "$BARE/tsconfig.projen.json" ]] || die "bare synthesis deleted tsconfig.projen.json"

log "setting up installs20 (a copy of ours with $ADDITIONAL_INSTALLS additionalInstalls, node_modules -> ours)"
mkdir -p "$INSTALLS20"
(cd "$OURS" && tar --exclude=./node_modules -cf - .) | (cd "$INSTALLS20" && tar -xf -)
ln -s "$OURS/node_modules" "$INSTALLS20/node_modules"
installs=""
for ((i = 1; i <= ADDITIONAL_INSTALLS; i++)); do installs+="    { namespace: 'team-$i' },"$'\n'; done
(cd "$INSTALLS20" && INSTALLS="$installs" node -e '
  const fs = require("fs");
  const rc = fs.readFileSync(".projenrc.ts", "utf8");
  const opening = "new KfpAwsProject({\n";
  if (!rc.includes(opening)) throw new Error(`.projenrc.ts has no "${opening.trim()}"`);
  fs.writeFileSync(".projenrc.ts", rc.replace(opening, `${opening}  additionalInstalls: [\n${process.env.INSTALLS}  ],\n`));
') || die "could not add additionalInstalls to $INSTALLS20/.projenrc.ts"
# Without post-synthesis steps: its tasks change package.json's scripts, for which projen would `npm install` and
# replace the node_modules symlink with an installation of its own. The timed runs find package.json up to date.
(cd "$INSTALLS20" && PROJEN_DISABLE_POST=true node_modules/.bin/tsx --tsconfig tsconfig.projen.json .projenrc.ts) \
  >"$WORK/installs20-synth.log" 2>&1 || { tail -n 40 "$WORK/installs20-synth.log" >&2; die "installs20 synthesis failed"; }
[[ -f "$INSTALLS20/installs/team-$ADDITIONAL_INSTALLS/overlay/accesskey/kustomization.yaml" ]] \
  || die "installs20 synthesis wrote no installs/team-$ADDITIONAL_INSTALLS/"

TSNODE=""
if [[ -x "$OURS/node_modules/.bin/ts-node" ]]; then
  TSNODE="$OURS/node_modules/.bin/ts-node"
elif [[ -x "$REPO_ROOT/node_modules/.bin/ts-node" ]]; then
  TSNODE="$REPO_ROOT/node_modules/.bin/ts-node"
fi

if command -v hyperfine >/dev/null 2>&1; then
  log "timing with $(hyperfine --version)"
else
  log "timing with a Node loop (hyperfine is not installed)"
fi

# dir_of SIDE: the folder of a side.
dir_of() {
  case $1 in
    ours) echo "$OURS" ;;
    bare) echo "$BARE" ;;
    installs20) echo "$INSTALLS20" ;;
    *) die "unknown side $1" ;;
  esac
}

# measure KEY RUNS SIDES COMMAND...: COMMAND in each of SIDES (space-separated: ours bare installs20), WARMUP untimed
# and RUNS timed runs each. The Node loop interleaves them (ours, bare, installs20, ours, ...) so that a change of
# machine load hits all alike; hyperfine runs them one after the other.
measure() {
  local key=$1 runs=$2 sides=$3
  shift 3
  if command -v hyperfine >/dev/null 2>&1; then
    local quoted side json
    printf -v quoted '%q ' "$@"
    for side in $sides; do
      json="$WORK/$side-$key.json"
      (cd "$(dir_of "$side")" && hyperfine --style basic --shell=none --warmup "$WARMUP" --runs "$runs" \
        --command-name "$side/$key" --export-json "$json" "$quoted") >&2
      node "$TIMING" hyperfine --name "$side/$key" "$json" >&2
    done
  else
    local -a cases=()
    local side
    for side in $sides; do cases+=("$side" "$(dir_of "$side")"); done
    node -e '
      const [file, key, count, ...rest] = process.argv.slice(1);
      const pairs = rest.slice(0, 2 * Number(count));
      const argv = rest.slice(2 * Number(count));
      const cases = [];
      for (let i = 0; i < pairs.length; i += 2) cases.push({ name: `${pairs[i]}/${key}`, cwd: pairs[i + 1], argv });
      require("fs").writeFileSync(file, JSON.stringify(cases));
    ' "$WORK/cases-$key.json" "$key" "$((${#cases[@]} / 2))" "${cases[@]}" "$@"
    node "$TIMING" run --runs "$runs" --warmup "$WARMUP" "$WORK/cases-$key.json" >&2
  fi
}

measure npx "$RUNS" "ours bare installs20" npx projen
measure tsx "$RUNS" "ours bare installs20" node_modules/.bin/tsx --tsconfig tsconfig.projen.json .projenrc.ts
if [[ -n "$TSNODE" && "$TSNODE_RUNS" -gt 0 ]]; then
  log "ts-node: $TSNODE"
  measure ts-node "$TSNODE_RUNS" "ours bare" "$TSNODE" --project tsconfig.projen.json .projenrc.ts
else
  log "ts-node: skipped (not installed in the scaffolded repo or this repo, or BENCH_TSNODE_RUNS=0)"
fi

for dir in "$BARE" "$INSTALLS20"; do
  [[ -L "$dir/node_modules" ]] || die "$dir/node_modules is no longer the symlink to ours' (a run installed dependencies)"
done

echo
echo "Re-synthesis: a default kfp-aws-project repo with one install (ours), a bare projen Project (bare), and ours with"
echo "$ADDITIONAL_INSTALLS additionalInstalls (installs20); node $(node --version), projen $PROJEN_VERSION, $(basename "$TARBALL"),"
echo "$WARMUP warm-up run per case, $(nproc 2>/dev/null || echo '?') CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end."
echo
echo "Default repo against a bare Project:"
node "$TIMING" table ours bare
echo
echo "20 installs against 1:"
node "$TIMING" table installs20 ours
echo
node "$TIMING" summary
