#!/usr/bin/env bash
# A stand-in for kubectl (see kubectl-stub.ts): records every call and answers from the state folder
# $KUBECTL_STUB_STATE as a cluster would. What works without a cluster runs the real kubectl ($KUBECTL_STUB_REAL):
# `create ... --dry-run=client`, `kustomize`, and the templates of `get -o jsonpath=...|go-template=...`, which it
# evaluates on the objects of the state with `kubectl label --local`.
set -euo pipefail
state=$KUBECTL_STUB_STATE
# Both ends of a pipe run at once: mkdir hands out call numbers atomically.
n=1
until mkdir "$state/call.$n" 2>/dev/null; do n=$((n + 1)); done
call=$state/call.$n
printf '%s\0' "$@" >"$call/args"

fail() {
  printf '%s\n' "$*" >&2
  exit 1
}

# The kind of objects a resource name of the command line stands for.
kind_of() {
  case "$1" in
    pod | pods | po) echo Pod ;;
    persistentvolumeclaim | persistentvolumeclaims | pvc) echo PersistentVolumeClaim ;;
    event | events | ev) echo Event ;;
    storageclass | storageclasses | sc) echo StorageClass ;;
    csidriver | csidrivers) echo CSIDriver ;;
    deployment | deployments | deploy) echo Deployment ;;
    daemonset | ds) echo DaemonSet ;;
    configmap | configmaps | cm) echo ConfigMap ;;
    secret | secrets) echo Secret ;;
    namespace | namespaces | ns) echo Namespace ;;
    customresourcedefinition | customresourcedefinitions | crd) echo CustomResourceDefinition ;;
    ingressclass | ingressclasses) echo IngressClass ;;
    node | nodes | no) echo Node ;;
    externalsecret | externalsecrets | es) echo ExternalSecret ;;
    *) fail "kubectl stand-in: no objects of resource '$1'" ;;
  esac
}

# get [-n NS | --all-namespaces] RESOURCE [NAME] [-l SELECTOR] [-o name|jsonpath=...|go-template=...] [--ignore-not-found]
# Objects are files objects/<Kind>/<namespace>/<name>.json; the namespace `_` holds cluster-scoped objects, `any`
# objects found in every namespace.
get() {
  local ns=default all=false output=name ignore=false words=() resource name kind dir file files=() list body selector=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -n | --namespace) ns=$2; shift ;;
      -l | --selector) selector=$2; shift ;;
      -A | --all-namespaces) all=true ;;
      -o | --output) output=$2; shift ;;
      -o=* | --output=*) output=${1#*=} ;;
      --ignore-not-found) ignore=true ;;
      -*) ;;
      *) words+=("$1") ;;
    esac
    shift
  done
  resource=${words[1]}
  name=${words[2]-}
  kind=$(kind_of "$resource")
  dir=$state/objects/$kind
  if [[ -n "$name" ]]; then
    for file in "$dir/$ns/$name.json" "$dir/_/$name.json" "$dir/any/$name.json"; do
      if [[ -f "$file" ]]; then files=("$file"); break; fi
    done
  elif $all; then
    for file in "$dir"/*/*.json; do [[ -f "$file" ]] && files+=("$file"); done
  else
    for file in "$dir/$ns"/*.json "$dir/_"/*.json "$dir/any"/*.json; do [[ -f "$file" ]] && files+=("$file"); done
  fi
  # -l KEY=VALUE,...: the objects whose labels have every pair (as JSON.stringify writes them).
  if [[ -n "$selector" && ${#files[@]} -gt 0 ]]; then
    local selected=() pair
    for file in "${files[@]}"; do
      for pair in ${selector//,/ }; do
        grep -qF "\"${pair%%=*}\":\"${pair#*=}\"" "$file" || continue 2
      done
      selected+=("$file")
    done
    files=(${selected[@]+"${selected[@]}"})
  fi
  if [[ -n "$name" && ${#files[@]} -eq 0 ]]; then
    $ignore || fail "Error from server (NotFound): $resource \"$name\" not found"
    return 0
  fi
  [[ ${#files[@]} -gt 0 ]] || return 0
  case "$output" in
    name)
      for file in "${files[@]}"; do
        file=${file##*/}
        echo "$resource/${file%.json}"
      done
      ;;
    jsonpath=* | go-template=*)
      if [[ -n "$name" ]]; then
        "$KUBECTL_STUB_REAL" label --local -f "${files[0]}" kubectl-stub=1 --overwrite -o "$output"
        return
      fi
      # kubectl ranges over the items of a list; here kubectl evaluates the body on each item of a List file.
      local jsonpath_list='^jsonpath=\{range \.items\[\*\]\}(.*)\{end\}$'
      local template_list='^go-template=\{\{range \.items\}\}(.*)\{\{end\}\}$'
      if [[ "$output" =~ $jsonpath_list ]]; then body=jsonpath=${BASH_REMATCH[1]}
      elif [[ "$output" =~ $template_list ]]; then body=go-template=${BASH_REMATCH[1]}
      else fail "kubectl stand-in: a template for a list must range over .items: $output"
      fi
      list=$state/list.$n.json
      {
        printf '{"apiVersion":"v1","kind":"List","items":['
        local first=true
        for file in "${files[@]}"; do
          $first || printf ','
          first=false
          cat "$file"
        done
        printf ']}'
      } >"$list"
      "$KUBECTL_STUB_REAL" label --local -f "$list" kubectl-stub=1 --overwrite -o "$body"
      ;;
    *) fail "kubectl stand-in: no output $output" ;;
  esac
}

# logs [-n NS] POD -c CONTAINER [--previous] [--tail=N]: the recorded log of the container's last run.
logs() {
  local pod="" container="" tail=-1 file
  shift
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -n | --namespace) shift ;;
      -c | --container) container=$2; shift ;;
      --tail=*) tail=${1#*=} ;;
      -*) ;;
      *) pod=$1 ;;
    esac
    shift
  done
  file=$state/logs/$pod/$container
  [[ -f "$file" ]] || fail "Error from server (BadRequest): previous terminated container \"$container\" in pod \"$pod\" not found"
  if [[ "$tail" == -1 ]]; then cat "$file"; else tail -n "$tail" "$file"; fi
}

# exec [-i] TARGET [-c CONTAINER] -- COMMAND...: runs COMMAND here as the container would, with only the container's
# environment (container/env) and its programs (container/bin) on PATH, before the system's.
exec_in_container() {
  while [[ $# -gt 0 && "$1" != -- ]]; do shift; done
  [[ $# -gt 1 ]] || fail 'kubectl stand-in: exec needs -- COMMAND'
  shift
  local env=(PATH="$state/container/bin:/usr/bin:/bin") file
  for file in "$state/container/env"/*; do
    [[ -f "$file" ]] && env+=("${file##*/}=$(cat "$file")")
  done
  exec env -i "${env[@]}" "$@"
}

# run NAME --image=IMAGE ... --overrides=JSON: starts the pod and runs its first container here, as exec does: the
# container's command, with its env, Secret references read from the objects of the state (a missing Secret or key
# fails as the kubelet would, and the pod never starts). Its exit status is the container's, as with --attach.
run_pod() {
  local ns=default overrides="" item env=() command=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -n | --namespace) ns=$2; shift ;;
      --overrides=*) overrides=${1#*=} ;;
    esac
    shift
  done
  [[ -n "$overrides" ]] || fail 'kubectl stand-in: run needs --overrides'
  printf '%s' "$overrides" >"$call/overrides"
  node -e '
    const fs = require("fs");
    const [state, ns, overrides, out] = process.argv.slice(1);
    const container = JSON.parse(overrides).spec.containers[0];
    const secret = (name) => {
      for (const dir of [ns, "_", "any"]) {
        const file = `${state}/objects/Secret/${dir}/${name}.json`;
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf-8"));
      }
      return undefined;
    };
    const env = (container.env || []).map((e) => {
      if (e.value !== undefined) return `${e.name}=${e.value}`;
      const ref = e.valueFrom.secretKeyRef;
      const value = secret(ref.name)?.data?.[ref.key];
      if (value === undefined) {
        console.error(`error: pod did not start: CreateContainerConfigError: couldn'"'"'t find key ${ref.key} in Secret ${ns}/${ref.name}`);
        process.exit(1);
      }
      return `${e.name}=${Buffer.from(value, "base64").toString("utf-8")}`;
    });
    fs.writeFileSync(`${out}/env`, env.map((e) => `${e}\0`).join(""));
    fs.writeFileSync(`${out}/command`, [...container.command, ...(container.args || [])].map((a) => `${a}\0`).join(""));
  ' "$state" "$ns" "$overrides" "$call" || exit 1
  while IFS= read -r -d '' item; do env+=("$item"); done <"$call/env"
  while IFS= read -r -d '' item; do command+=("$item"); done <"$call/command"
  env -i PATH="$state/container/bin:/usr/bin:/bin" ${env[@]+"${env[@]}"} "${command[@]}"
}

verb=$1
if [[ "$verb" == -n ]]; then verb=$3; fi
case "$verb" in
  config)
    if [[ -f "$state/context" ]]; then cat "$state/context"; else fail 'error: current-context is not set'; fi ;;
  get)
    # get daemonsets --all-namespaces -o jsonpath=...: the recorded output.
    if [[ " $* " == *" daemonsets "* ]]; then cat "$state/daemonsets" 2>/dev/null || true; exit 0; fi
    get "$@" ;;
  logs)
    if [[ "$1" == -n ]]; then shift 2; fi
    logs "$@" ;;
  create | kustomize) exec "$KUBECTL_STUB_REAL" "$@" ;;
  exec) exec_in_container "$@" ;;
  run) run_pod "$@" ;;
  apply)
    if [[ " $* " == *" -f - "* ]]; then cat >"$call/stdin"; echo "applied from stdin"; else echo "applied $*"; fi ;;
  delete) echo "deleted $*" ;;
  diff) exit "$(cat "$state/diff-status" 2>/dev/null || echo 0)" ;;
  wait)
    if [[ " $* " == *" condition=Available "* && -f "$state/rollout-times-out" ]]; then
      fail 'error: timed out waiting for the condition on deployments/ml-pipeline'
    fi
    if [[ " $* " == *" --for=condition=Ready "* && -f "$state/external-secrets-not-ready" ]]; then
      fail "error: timed out waiting for the condition on ${*: -1}"
    fi
    echo "$*" ;;
  *) echo "$*" ;;
esac
