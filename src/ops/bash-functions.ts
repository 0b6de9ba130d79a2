/** A bash function that generated scripts share, and the shared functions it calls. */
export interface BashFunction {
  readonly lines: readonly string[];
  readonly uses?: readonly BashFunction[];
}

/** `functions` and every function they call, each once, callees first. */
export function withDependencies(functions: readonly BashFunction[]): BashFunction[] {
  const ordered: BashFunction[] = [];
  const add = (f: BashFunction) => {
    if (ordered.includes(f)) return;
    (f.uses ?? []).forEach(add);
    ordered.push(f);
  };
  functions.forEach(add);
  return ordered;
}

export const LOG: BashFunction = {
  lines: ["log() { printf '==> %s\\n' \"$*\"; }"],
};

export const DIE: BashFunction = {
  lines: [
    'die() {',
    "  printf '%s: error: %s\\n' \"$SCRIPT\" \"$*\" >&2",
    '  exit 1',
    '}',
  ],
};

/** Exit status 2 and the usage text, as command-line tools do for a wrong invocation. */
export const USAGE_ERROR: BashFunction = {
  lines: [
    'usage_error() {',
    "  printf '%s: %s\\n' \"$SCRIPT\" \"$*\" >&2",
    '  usage >&2',
    '  exit 2',
    '}',
  ],
};

/** For scripts that take no argument: `-h` prints the usage, anything else is an error. */
export const HELP_ONLY: BashFunction = {
  uses: [USAGE_ERROR],
  lines: [
    'help_only() {',
    '  case "${1-}" in',
    "    '') ;;",
    '    -h | --help) usage; exit 0 ;;',
    '    *) usage_error "unexpected argument: $1" ;;',
    '  esac',
    '}',
  ],
};

export const CHECK_VARIANT: BashFunction = {
  uses: [USAGE_ERROR],
  lines: [
    'check_variant() {',
    '  case " ${VARIANTS[*]} " in',
    '    *" $1 "*) ;;',
    '    *) usage_error "unknown variant \'$1\': choose one of ${VARIANTS[*]}" ;;',
    '  esac',
    '}',
  ],
};

/** `[variant] [-h]`: sets `variant`, the default one when none is given. */
export const VARIANT_ARGUMENT: BashFunction = {
  uses: [USAGE_ERROR, CHECK_VARIANT],
  lines: [
    'variant_argument() {',
    '  variant=$DEFAULT_VARIANT',
    '  while [[ $# -gt 0 ]]; do',
    '    case "$1" in',
    '      -h | --help) usage; exit 0 ;;',
    '      -*) usage_error "unknown option: $1" ;;',
    '      *) variant=$1 ;;',
    '    esac',
    '    shift',
    '  done',
    '  check_variant "$variant"',
    '}',
  ],
};

export const REQUIRE_KUBECTL: BashFunction = {
  uses: [DIE],
  lines: [
    'require_kubectl() {',
    '  command -v kubectl >/dev/null 2>&1 ||',
    '    die "kubectl is not on PATH; install it (https://kubernetes.io/docs/tasks/tools/) and run this again"',
    '}',
  ],
};

/** Fails before any change when kubectl has no cluster to talk to, and says which cluster it is about to change. */
export const REQUIRE_CONTEXT: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'require_context() {',
    '  local context',
    '  context=$(kubectl config current-context 2>/dev/null) || context=""',
    '  [[ -n "$context" ]] ||',
    '    die "kubectl has no current context; choose the cluster with \\`kubectl config use-context NAME\\` (or set KUBECONFIG)"',
    '  log "cluster: $context, namespace: $NAMESPACE"',
    '}',
  ],
};

/**
 * `object_exists KIND NAME`: whether the install's namespace has the KIND (`secret`, `configmap`) NAME; a cluster error
 * stops the script.
 */
export const OBJECT_EXISTS: BashFunction = {
  uses: [DIE],
  lines: [
    'object_exists() {',
    '  local found',
    '  found=$(kubectl -n "$NAMESPACE" get "$1" "$2" --ignore-not-found -o name) ||',
    '    die "cannot read ${1}s in namespace $NAMESPACE (kubectl\'s error is above)"',
    '  [[ -n "$found" ]]',
    '}',
  ],
};

/**
 * Creates the namespace only when it is missing: applying a bare Namespace over the install's own would drop the Pod
 * Security labels the install applied.
 */
export const ENSURE_NAMESPACE: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'ensure_namespace() {',
    '  local found',
    '  found=$(kubectl get namespace "$NAMESPACE" --ignore-not-found -o name) ||',
    '    die "cannot read namespaces (kubectl\'s error is above)"',
    '  if [[ -z "$found" ]]; then',
    '    log "creating namespace $NAMESPACE"',
    '    kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -',
    '  fi',
    '}',
  ],
};

/**
 * `load_env_file FILE NAME...`: sets each NAME the environment leaves empty from FILE's `NAME=value` lines. The file is
 * read, never sourced: values are taken as written, less a trailing CR and one pair of surrounding quotes.
 */
export const LOAD_ENV_FILE: BashFunction = {
  uses: [DIE],
  lines: [
    'load_env_file() {',
    '  local file=$1 line name value',
    '  shift',
    '  [[ -f "$file" ]] || return 0',
    '  while IFS= read -r line || [[ -n "$line" ]]; do',
    "    line=${line%$'\\r'}",
    '    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue',
    '    [[ "$line" == *=* ]] || die "$file: a line without \'=\'; expected NAME=value lines"',
    '    name=${line%%=*}',
    '    name=${name//[[:space:]]/}',
    '    value=${line#*=}',
    '    if [[ "$value" =~ ^\\"(.*)\\"$ || "$value" =~ ^\\\'(.*)\\\'$ ]]; then value=${BASH_REMATCH[1]}; fi',
    '    case " $* " in',
    '      *" $name "*) ;;',
    '      *) die "$file: unknown name \'$name\'; expected: $*" ;;',
    '    esac',
    '    if [[ -z "${!name-}" ]]; then printf -v "$name" \'%s\' "$value"; fi',
    '  done <"$file"',
    '}',
  ],
};

/** 48 hex digits (192 bits) from the kernel's generator: no quoting problem in MySQL, URLs or env files. */
export const RANDOM_PASSWORD: BashFunction = {
  lines: ["random_password() { od -An -tx1 -N24 /dev/urandom | tr -d ' \\n'; }"],
};
