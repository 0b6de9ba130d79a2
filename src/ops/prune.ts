import { BashFunction, DIE, LOG } from './bash-functions';
import { MYSQL_PVC } from '../manifests/components/mysql';

/**
 * Pruning with plain kubectl, on the model of kubectl's ApplySet (KEP-3659, still alpha and behind
 * `KUBECTL_APPLYSET=true` in kubectl 1.32): `deploy` records what it applied in an inventory, and on the next deploy
 * removes what the inventory lists and the overlay no longer builds. It never touches an object that no deploy of this
 * repo recorded. `crds/` is never pruned: every install in the cluster shares it.
 *
 * The inventory is a ConfigMap in the install's namespace, one line per object: `<namespace or -> <type>/<name>`,
 * with `<type>` as kubectl takes it (`deployment.v1.apps`, `configmap`). Its labels let the first install find the
 * inventories of namespaces the repo no longer uses (a renamed namespace, a removed additional install).
 */
export const INVENTORY_CONFIGMAP = 'kfp-aws-project-inventory';

/** The label of every inventory, and that of the repo it belongs to (its projen project name). */
export const INVENTORY_LABEL = 'app.kubernetes.io/managed-by';
export const INVENTORY_LABEL_VALUE = 'kfp-aws-project';
export const REPO_LABEL = 'kfp-aws-project.io/repo';

/** The flag of `deploy` that removes without asking; of `deploy` that also removes volume claims and namespaces. */
export const YES_FLAG = '--yes';
export const PRUNE_DATA_FLAG = '--prune-data';

/** What a pruned object of these types takes with it; the others go only with {@link PRUNE_DATA_FLAG}. */
export const DATA_TYPES = ['persistentvolumeclaim', 'namespace', 'customresourcedefinition.v1.apiextensions.k8s.io'] as const;

/** A label value (at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends) that stands for `name`. */
export function labelValue(name: string): string {
  const value = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return value || 'repo';
}

/**
 * The params of a script that reads the inventories: the inventory, the repo, and (first install only) every namespace
 * of the repo; of one that `writes` them, the repo's label value too.
 */
export function pruneParams(repo: string, namespaces: readonly string[] | undefined, writes: boolean): Record<string, string | readonly string[]> {
  return {
    INVENTORY: INVENTORY_CONFIGMAP,
    INVENTORY_SELECTOR: `${INVENTORY_LABEL}=${INVENTORY_LABEL_VALUE},${REPO_LABEL}=${labelValue(repo)}`,
    ...(writes ? { REPO: labelValue(repo) } : {}),
    MYSQL_PVC,
    ...(namespaces ? { REPO_NAMESPACES: namespaces } : {}),
  };
}

/**
 * `inventory_of DIR`: the objects kustomize builds from DIR, one `<namespace or -> <type>/<name>` line each, sorted.
 * It reads kustomize's own output, which writes `apiVersion`, `kind` and `metadata` at the top level of every object
 * and `name` and `namespace` two spaces in, so that objects a user adds in a kustomize component count too.
 */
const INVENTORY_OF: BashFunction = {
  lines: [
    'inventory_of() {',
    '  local built',
    '  built=$(kubectl kustomize "$1") || return 1',
    "  awk '",
    '    function flush(  i, type) {',
    '      if (kind != "" && name != "") {',
    '        i = index(api, "/")',
    '        type = tolower(kind)',
    '        if (i > 0) type = type "." substr(api, i + 1) "." substr(api, 1, i - 1)',
    '        print (ns == "" ? "-" : ns) " " type "/" name',
    '      }',
    '      api = ""; kind = ""; name = ""; ns = ""; meta = 0',
    '    }',
    '    /^---$/ { flush(); next }',
    '    /^apiVersion: / { api = $2; meta = 0; next }',
    '    /^kind: / { kind = $2; meta = 0; next }',
    '    /^metadata:/ { meta = 1; next }',
    '    /^[^ ]/ { meta = 0; next }',
    '    meta && /^  name: / { name = $2; gsub(/"/, "", name) }',
    '    meta && /^  namespace: / { ns = $2; gsub(/"/, "", ns) }',
    '    END { flush() }',
    "  ' <<<\"$built\" | LC_ALL=C sort -u",
    '}',
  ],
};

/** `read_inventory NS`: the lines of the inventory in NS, none when there is none. */
const READ_INVENTORY: BashFunction = {
  uses: [DIE],
  lines: [
    'read_inventory() {',
    '  local objects',
    '  objects=$(kubectl -n "$1" get configmap "$INVENTORY" --ignore-not-found -o jsonpath=\'{.data.objects}\') ||',
    '    die "cannot read ConfigMap $INVENTORY in namespace $1, the record of what the last deploy applied (kubectl\'s error is above)"',
    '  [[ -z "$objects" ]] || LC_ALL=C sort -u <<<"$objects"',
    '}',
  ],
};

/**
 * `prune_plan CURRENT`: what earlier deploys from this repo applied and this one does not, one
 * `<inventory namespace> <namespace or -> <type>/<name>` line each: from this install's inventory, and for the first
 * install from the inventories of namespaces that no install of the repo uses any more.
 */
const PRUNE_PLAN: BashFunction = {
  uses: [READ_INVENTORY, DIE],
  lines: [
    'prune_plan() {',
    '  local current=$1 previous ns others',
    '  previous=$(read_inventory "$NAMESPACE")',
    '  comm -23 <(printf \'%s\\n\' "$previous") <(printf \'%s\\n\' "$current" | LC_ALL=C sort -u) | awk -v ns="$NAMESPACE" \'NF { print ns " " $0 }\'',
    '  [[ -n "${REPO_NAMESPACES[*]-}" ]] || return 0',
    '  if ! others=$(kubectl get configmaps --all-namespaces -l "$INVENTORY_SELECTOR" -o jsonpath=\'{range .items[*]}{.metadata.namespace}{"\\n"}{end}\'); then',
    '    printf \'%s\\n\' "warning: cannot list the records of this repo in other namespaces (kubectl\'s error is above), so what it applied in a namespace it no longer uses stays" >&2',
    '    return 0',
    '  fi',
    '  for ns in $others; do',
    '    [[ " ${REPO_NAMESPACES[*]} " != *" $ns "* ]] || continue',
    '    previous=$(read_inventory "$ns")',
    '    awk -v ns="$ns" \'NF { print ns " " $0 }\' <<<"$previous"',
    '  done',
    '}',
  ],
};

/** `is_data TYPE`: whether removing an object of TYPE deletes data, so that it needs {@link PRUNE_DATA_FLAG}. */
const IS_DATA: BashFunction = {
  lines: [
    'is_data() {',
    '  case "$1" in',
    `    ${DATA_TYPES.join(' | ')}) return 0 ;;`,
    '  esac',
    '  return 1',
    '}',
  ],
};

/** `describe_removal NS TYPE/NAME`: one line that says what goes with the object. */
const DESCRIBE_REMOVAL: BashFunction = {
  uses: [IS_DATA],
  lines: [
    'describe_removal() {',
    '  local ns=$1 ref=$2 where=""',
    '  [[ "$ns" == - ]] || where=" in namespace $ns"',
    '  case "${ref%%/*}" in',
    '    persistentvolumeclaim)',
    '      if [[ "${ref#*/}" == "$MYSQL_PVC" ]]; then',
    `        printf '%s%s: its volume, the in-cluster MySQL with every pipeline, run and metadata, is deleted with it (only with ${PRUNE_DATA_FLAG})\\n' "$ref" "$where"`,
    '      else',
    `        printf '%s%s: the data of its volume is deleted with it (only with ${PRUNE_DATA_FLAG})\\n' "$ref" "$where"`,
    '      fi ;;',
    '    namespace)',
    `      printf '%s: everything in it is deleted with it, Secrets and volumes included (only with ${PRUNE_DATA_FLAG})\\n' "$ref" ;;`,
    '    customresourcedefinition.*)',
    `      printf '%s: every object of its kind, in every namespace, is deleted with it (only with ${PRUNE_DATA_FLAG})\\n' "$ref" ;;`,
    '    *) printf \'%s%s\\n\' "$ref" "$where" ;;',
    '  esac',
    '}',
  ],
};

/** `write_inventory NS LINES`: records LINES as the inventory of NS (server-side apply, as the rest of the install). */
const WRITE_INVENTORY: BashFunction = {
  lines: [
    'write_inventory() {',
    '  {',
    "    printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: %s\\n  namespace: %s\\n' \"$INVENTORY\" \"$1\"",
    `    printf '  labels:\\n    %s: %s\\n    %s: %s\\n' ${INVENTORY_LABEL} ${INVENTORY_LABEL_VALUE} ${REPO_LABEL} "$REPO"`,
    "    printf 'data:\\n  objects: |\\n'",
    "    awk 'NF { print \"    \" $0 }' <<<\"$2\"",
    '  } | kubectl apply -f - >/dev/null',
    '}',
  ],
};

/**
 * `show_prune_plan PLAN`: prints what PLAN removes, or that nothing is to be removed. The plan of `diff` and of
 * `deploy` is the same.
 */
export const SHOW_PRUNE_PLAN: BashFunction = {
  uses: [DESCRIBE_REMOVAL, LOG],
  lines: [
    'show_prune_plan() {',
    '  local ns ref',
    '  if [[ -z "$1" ]]; then',
    '    log "nothing to remove: every object an earlier deploy from this repo applied is still generated"',
    '    return 0',
    '  fi',
    '  log "objects an earlier deploy from this repo applied, which it no longer generates:"',
    '  while read -r _ ns ref; do',
    '    printf \'  - %s\\n\' "$(describe_removal "$ns" "$ref")"',
    '  done <<<"$1"',
    '}',
  ],
};

/**
 * `prune CURRENT`: removes what {@link PRUNE_PLAN} lists, after confirmation on a terminal or with `$assume_yes`;
 * volume claims, namespaces and CRDs only with `$prune_data`. Then records CURRENT as this install's inventory, with
 * what it kept; an inventory of another namespace keeps what was kept there, or goes. Without a confirmation it removes
 * nothing and keeps it all in the inventory, so that the next deploy offers it again.
 */
export const PRUNE: BashFunction = {
  uses: [PRUNE_PLAN, SHOW_PRUNE_PLAN, WRITE_INVENTORY, IS_DATA, LOG, DIE],
  lines: [
    'prune() {',
    '  local current=$1 plan remove=false answer inventory ns ref kept="" gone="" namespaces',
    '  plan=$(prune_plan "$current")',
    '  show_prune_plan "$plan"',
    '  if [[ -n "$plan" ]]; then',
    '    if $assume_yes; then',
    '      remove=true',
    '    elif [[ -t 0 ]]; then',
    '      printf \'Remove them? [y/N] \' >&2',
    '      answer=""',
    '      read -r answer || true',
    '      case "$answer" in y | Y | yes) remove=true ;; esac',
    '    else',
    `      log "warning: nobody can confirm (standard input is not a terminal), so they stay: run again with ${YES_FLAG} to remove them"`,
    '    fi',
    '  fi',
    '  # Namespaces last: the objects in them go first, each by name.',
    '  while read -r inventory ns ref; do',
    '    [[ -n "$ref" ]] || continue',
    '    if ! $remove || { is_data "${ref%%/*}" && ! $prune_data; }; then',
    '      kept+="$inventory $ns $ref"$\'\\n\'',
    '    elif [[ "$ns" == - ]]; then',
    '      log "removing $ref"',
    '      kubectl delete --ignore-not-found "$ref"',
    '      gone+=" ${ref#namespace/} "',
    '    else',
    '      log "removing $ref in namespace $ns"',
    '      kubectl -n "$ns" delete --ignore-not-found "$ref"',
    '    fi',
    '  done < <(grep -v \' namespace/\' <<<"$plan" || true; grep \' namespace/\' <<<"$plan" || true)',
    '  if $remove && grep -q . <<<"$kept"; then',
    `    log "kept, since removing them deletes data: run again with ${YES_FLAG} ${PRUNE_DATA_FLAG} to remove them as well"`,
    '  fi',
    '  write_inventory "$NAMESPACE" "$(printf \'%s\\n%s\' "$current" "$(awk -v ns="$NAMESPACE" \'$1 == ns { print $2 " " $3 }\' <<<"$kept")" | LC_ALL=C sort -u)"',
    '  namespaces=$(awk -v ns="$NAMESPACE" \'$1 != ns { print $1 }\' <<<"$plan" | LC_ALL=C sort -u)',
    '  for ns in $namespaces; do',
    '    if awk -v ns="$ns" \'$1 == ns { found = 1 } END { exit !found }\' <<<"$kept"; then',
    '      write_inventory "$ns" "$(awk -v ns="$ns" \'$1 == ns { print $2 " " $3 }\' <<<"$kept")"',
    '    elif [[ "$gone" != *" $ns "* ]]; then',
    '      kubectl -n "$ns" delete --ignore-not-found configmap "$INVENTORY" >/dev/null',
    '    fi',
    '  done',
    '}',
  ],
};

/** The functions `deploy` and `diff` need to read what the overlay builds. */
export const INVENTORY_FUNCTIONS = [INVENTORY_OF, PRUNE_PLAN] as const;
