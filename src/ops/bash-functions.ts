/**
 * The prefix of every variable the secret scripts read, from their env file or the environment. Unprefixed, the names
 * would be those of the AWS CLI and the MySQL clients, which a shell often exports for its own session: the secret
 * scripts would store an administrator's key in the cluster without a word.
 */
export const ENV_PREFIX = 'KFP_';

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
 * `load_env_file FILE NAME...`: sets each NAME the environment leaves empty from FILE, and says where each value came
 * from (never the value). The file is read as data, never sourced, with the rules of dotenv and Docker Compose: `#`
 * comment lines and blank lines, an optional `export `, `NAME=value` with spaces around either, an inline comment
 * after a space in an unquoted value, single quotes literal, double quotes with `\"` and `\\`, a trailing CR dropped.
 * Nothing is expanded (`$` is a character); a value is one line. A name that is not one of NAMES stops the script, and
 * one that lacks the {@link ENV_PREFIX} of a NAME says so.
 */
export const LOAD_ENV_FILE: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'load_env_file() {',
    "  local file=$1 line number=0 name raw rest value after from_env=' ' i char",
    "  local entry_re='^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=(.*)$'",
    "  local blank_re='^[[:space:]]*(#.*)?$'",
    '  shift',
    '  for name in "$@"; do',
    '    if [[ -n "${!name-}" ]]; then from_env="$from_env$name "; fi',
    '  done',
    '  if [[ -f "$file" ]]; then',
    '    while IFS= read -r line || [[ -n "$line" ]]; do',
    '      number=$((number + 1))',
    "      line=${line%$'\\r'}",
    '      if [[ "$line" =~ $blank_re ]]; then continue; fi',
    '      # The messages name the line, never its text: it may hold a secret.',
    '      [[ "$line" =~ $entry_re ]] || die "$file, line $number: expected NAME=value"',
    '      name=${BASH_REMATCH[2]}',
    '      raw=${BASH_REMATCH[3]}',
    '      rest=${raw#"${raw%%[![:space:]]*}"}',
    '      case "$rest" in',
    '        \\"*)',
    "          value='' after=''",
    '          i=1',
    '          while [[ $i -lt ${#rest} ]]; do',
    '            char=${rest:i:1}',
    '            if [[ "$char" == "\\\\" && $((i + 1)) -lt ${#rest} ]]; then',
    '              case "${rest:i+1:1}" in',
    '                \\" | \\\\) i=$((i + 1)); char=${rest:i:1} ;;',
    '              esac',
    '            elif [[ "$char" == \'"\' ]]; then',
    '              after=${rest:i+1}',
    '              break',
    '            fi',
    '            value="$value$char"',
    '            i=$((i + 1))',
    '          done',
    '          [[ $i -lt ${#rest} ]] || die "$file, line $number: $name has no closing quote (a value is one line)"',
    '          ;;',
    "        \\'*)",
    '          after=${rest:1}',
    '          [[ "$after" == *\\\'* ]] || die "$file, line $number: $name has no closing quote (a value is one line)"',
    "          value=${after%%\\'*}",
    "          after=${after#*\\'}",
    '          ;;',
    '        *)',
    '          value=${raw%%[[:space:]]#*}',
    '          value=${value#"${value%%[![:space:]]*}"}',
    '          value=${value%"${value##*[![:space:]]}"}',
    "          after=''",
    '          ;;',
    '      esac',
    '      [[ "$after" =~ $blank_re ]] || die "$file, line $number: text after the closing quote of $name"',
    '      case " $* " in',
    '        *" $name "*) ;;',
    `        *" ${ENV_PREFIX}$name "*) die "$file, line $number: $name is now ${ENV_PREFIX}$name, so that what your shell exports for itself never reaches the cluster: rename it" ;;`,
    '        *) die "$file, line $number: unknown name \'$name\'; expected: $*" ;;',
    '      esac',
    '      if [[ "$from_env" != *" $name "* ]]; then printf -v "$name" \'%s\' "$value"; fi',
    '    done <"$file"',
    '  fi',
    '  for name in "$@"; do',
    '    if [[ "$from_env" == *" $name "* ]]; then log "$name: from the environment"',
    '    elif [[ -n "${!name-}" ]]; then log "$name: from $file"',
    '    fi',
    '  done',
    '}',
  ],
};

/** `env_line NAME`: the line of an env file that {@link LOAD_ENV_FILE} reads back as NAME's value (no single quote in it). */
export const ENV_LINE: BashFunction = {
  lines: [
    'env_line() {',
    "  local plain_re='^[A-Za-z0-9_./+@:-]*$'",
    '  if [[ "${!1}" =~ $plain_re ]]; then printf \'%s=%s\\n\' "$1" "${!1}"; else printf "%s=\'%s\'\\n" "$1" "${!1}"; fi',
    '}',
  ],
};

/** 48 hex digits (192 bits) from the kernel's generator: no quoting problem in MySQL, URLs or env files. */
export const RANDOM_PASSWORD: BashFunction = {
  lines: ["random_password() { od -An -tx1 -N24 /dev/urandom | tr -d ' \\n'; }"],
};
