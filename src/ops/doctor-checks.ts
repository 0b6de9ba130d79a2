import { BashFunction, DIE, HELP_ONLY, LOG, OBJECT_EXISTS } from './bash-functions';

/**
 * The checks of `doctor.sh`. Each is a function that `run_check` runs in a subshell: it prints what it found (a
 * `==> warning: ` line makes it a warning) and returns 0 when it passes, {@link SKIPPED} when it does not apply, or
 * anything else when it fails, having printed what is wrong and a `fix:` line. The functions install.sh runs too
 * (check_storage, the mechanisms' preflights, check_cert_manager) say the fix in their message instead.
 */

/** The status of a check that does not apply; its output says why. */
export const SKIPPED = 3;

/** `run_check TITLE COMMAND [ARG...]`: runs one check and prints its verdict, then what it printed, indented. */
export const RUN_CHECK: BashFunction = {
  lines: [
    'run_check() {',
    '  local title=$1 out status=0 verdict',
    '  shift',
    '  out=$("$@" 2>&1) || status=$?',
    '  case $status in',
    "    0) if grep -q '^==> warning: ' <<<\"$out\"; then verdict=WARN warned=$((warned + 1)); else verdict=PASS passed=$((passed + 1)); fi ;;",
    `    ${SKIPPED}) verdict=SKIP skipped=$((skipped + 1)) ;;`,
    '    *) verdict=FAIL failed=$((failed + 1)) ;;',
    '  esac',
    "  printf '%-4s  %s\\n' \"$verdict\" \"$title\"",
    "  if [[ -n \"$out\" ]]; then sed -e 's/^==> //' -e 's/^/      /' <<<\"$out\"; fi",
    '}',
  ],
};

/** `skip REASON`: a check that does not apply. */
export const SKIP: BashFunction = {
  lines: [`skip() { printf '%s\\n' "$*"; return ${SKIPPED}; }`],
};

/** The programs doctor runs on this machine; it stops before any check when one is missing. */
export const REQUIRE_TOOLS: BashFunction = {
  uses: [DIE],
  lines: [
    'require_tools() {',
    '  command -v kubectl >/dev/null 2>&1 ||',
    '    die "kubectl is not on PATH; install it (https://kubernetes.io/docs/tasks/tools/) and run this again"',
    '  command -v aws >/dev/null 2>&1 ||',
    '    die "the AWS CLI is not on PATH; install it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) and run this again"',
    '  command -v jq >/dev/null 2>&1 ||',
    '    die "jq is not on PATH, which compares the trust policies; install it (https://jqlang.org/download/) and run this again"',
    '  local context',
    '  context=$(kubectl config current-context 2>/dev/null) || context=""',
    '  [[ -n "$context" ]] ||',
    '    die "kubectl has no current context; choose the cluster with \\`kubectl config use-context NAME\\` (or set KUBECONFIG)"',
    "  printf 'Checking against cluster %s (kubectl) with the AWS CLI'\"'\"'s credentials.\\n\\n' \"$context\"",
    '}',
  ],
};

/** `caller_identity [ACCOUNT...]`: the AWS CLI has credentials, of the account of every role ARN of the options. */
export const CALLER_IDENTITY: BashFunction = {
  lines: [
    'caller_identity() {',
    '  local arn account expected',
    '  arn=$(aws sts get-caller-identity --query Arn --output text 2>&1) || {',
    "    printf '%s\\nfix: give the AWS CLI credentials: aws configure, aws sso login, or AWS_PROFILE=<profile>\\n' \"$arn\"",
    '    return 1',
    '  }',
    '  account=$(cut -d: -f5 <<<"$arn")',
    "  printf 'as %s\\n' \"$arn\"",
    '  for expected in "$@"; do',
    '    if [[ "$account" != "$expected" ]]; then',
    "      printf 'the IAM roles of the options are in account %s, these credentials are of account %s\\nfix: use credentials of account %s (AWS_PROFILE=<profile>), or correct the role ARNs in .projenrc.ts\\n' \"$expected\" \"$account\" \"$expected\"",
    '      return 1',
    '    fi',
    '  done',
    '}',
  ],
};

/**
 * `bucket_location BUCKET REGION CREATE_COMMAND`: the bucket exists and is in REGION. GetBucketLocation answers null
 * (the CLI's text output prints `None`) for us-east-1 and `EU` for eu-west-1 (S3 API reference, GetBucketLocation).
 */
export const BUCKET_LOCATION: BashFunction = {
  lines: [
    'bucket_location() {',
    '  local bucket=$1 region=$2 location',
    '  location=$(aws s3api get-bucket-location --bucket "$bucket" --query LocationConstraint --output text 2>&1) || {',
    "    printf '%s\\n' \"$location\"",
    '    case "$location" in',
    "      *NoSuchBucket*) printf 'fix: create it: %s (README.md, \"%s\")\\n' \"$3\" \"$PREPARE_SECTION\" ;;",
    "      *) printf 'fix: let these credentials s3:GetBucketLocation on %s, or correct bucket in .projenrc.ts\\n' \"$bucket\" ;;",
    '    esac',
    '    return 1',
    '  }',
    '  case "$location" in',
    "    None | null | '') location=us-east-1 ;;",
    '    EU) location=eu-west-1 ;;',
    '  esac',
    '  if [[ "$location" != "$region" ]]; then',
    "    printf 'bucket %s is in %s, not in %s (region)\\nfix: set region to %s in .projenrc.ts and run npx projen, or use a bucket of %s\\n' \"$bucket\" \"$location\" \"$region\" \"$location\" \"$region\"",
    '    return 1',
    '  fi',
    "  printf 'exists, in %s\\n' \"$region\"",
    '}',
  ],
};

/**
 * `bucket_public_access BUCKET`: all four settings of Block Public Access are on, for the bucket or for the account
 * (`get-public-access-block` of s3api and s3control; a bucket without its own configuration answers
 * NoSuchPublicAccessBlockConfiguration).
 */
export const BUCKET_PUBLIC_ACCESS: BashFunction = {
  lines: [
    'bucket_public_access() {',
    "  local bucket=$1 query='PublicAccessBlockConfiguration.[BlockPublicAcls,IgnorePublicAcls,BlockPublicPolicy,RestrictPublicBuckets]'",
    '  local flags account a b c d',
    '  flags=$(aws s3api get-public-access-block --bucket "$bucket" --query "$query" --output text 2>&1) || {',
    '    if [[ "$flags" != *NoSuchPublicAccessBlockConfiguration* ]]; then',
    "      printf '%s\\nfix: let these credentials s3:GetBucketPublicAccessBlock on %s\\n' \"$flags\" \"$bucket\"",
    '      return 1',
    '    fi',
    "    flags='none'",
    '  }',
    '  read -r a b c d <<<"$flags" || true',
    '  if [[ "$a $b $c $d" == "True True True True" ]]; then',
    "    printf 'on for the bucket\\n'",
    '    return 0',
    '  fi',
    '  # The account\'s settings cover every bucket.',
    '  if account=$(aws sts get-caller-identity --query Account --output text 2>/dev/null) &&',
    '    flags=$(aws s3control get-public-access-block --account-id "$account" --query "$query" --output text 2>/dev/null); then',
    '    read -r a b c d <<<"$flags" || true',
    '    if [[ "$a $b $c $d" == "True True True True" ]]; then',
    "      printf 'on for account %s\\n' \"$account\"",
    '      return 0',
    '    fi',
    '  fi',
    "  printf 'bucket %s does not block public access (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets must all be on)\\n' \"$bucket\"",
    "  printf 'fix: aws s3api put-public-access-block --bucket %s --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\\n' \"$bucket\"",
    '  return 1',
    '}',
  ],
};

/**
 * A jq program: the statements of `$want` (iam/<role>.trust.json) that the role's trust policy (`$role`, the answer of
 * `get-role`) lacks, as JSON lines. Both are compared with each value a sorted list, so that `"a"` equals `["a"]` and
 * the order of a list does not count; a statement must appear whole, its principals, actions and conditions alike.
 */
const MISSING_STATEMENTS = [
  'def listed: if type == "array" then sort else [.] end;',
  'def statement: {Effect, Principal: ((.Principal // {}) | map_values(listed)), Action: (.Action | listed),',
  '  Condition: ((.Condition // {}) | map_values(map_values(listed)))};',
  '[$role.Role.AssumeRolePolicyDocument.Statement | if type == "array" then .[] else . end | statement] as $have',
  '| $want[0].Statement[] | statement | select(. as $s | any($have[]; . == $s) | not) | tojson',
].join(' ');

/**
 * `role_trust NAME TRUST_FILE ROLE`: role NAME exists, is ROLE when the options give an ARN, and its trust policy has
 * every statement of TRUST_FILE (compared with jq).
 */
export const ROLE_TRUST: BashFunction = {
  lines: [
    'role_trust() {',
    '  local name=$1 file=$2 role=$3 got arn missing',
    '  got=$(aws iam get-role --role-name "$name" --output json 2>&1) || {',
    "    printf '%s\\n' \"$got\"",
    '    case "$got" in',
    "      *NoSuchEntity*) printf 'fix: create it with the trust policy %s (README.md, \"IAM roles\")\\n' \"$file\" ;;",
    "      *) printf 'fix: let these credentials iam:GetRole on %s\\n' \"$name\" ;;",
    '    esac',
    '    return 1',
    '  }',
    '  arn=$(jq -r .Role.Arn <<<"$got")',
    '  if [[ "$role" == *:* && "$arn" != "$role" ]]; then',
    "    printf 'role %s is %s, but the options give %s\\nfix: correct the role ARN in .projenrc.ts, or create the role with the path of its ARN (README.md, \"IAM roles\")\\n' \"$name\" \"$arn\" \"$role\"",
    '    return 1',
    '  fi',
    `  missing=$(jq -rn --argjson role "$got" --slurpfile want "$file" '${MISSING_STATEMENTS}') || {`,
    "    printf 'cannot compare the trust policy of %s with %s (the error of jq is above)\\nfix: run npx projen, which writes %s again\\n' \"$name\" \"$file\" \"$file\"",
    '    return 1',
    '  }',
    '  if [[ -n "$missing" ]]; then',
    "    printf 'the trust policy of role %s lacks these statements of %s:\\n' \"$name\" \"$file\"",
    "    awk '{ print \"  \" $0 }' <<<\"$missing\"",
    "    printf 'fix: aws iam update-assume-role-policy --role-name %s --policy-document file://%s\\n' \"$name\" \"$file\"",
    '    return 1',
    '  fi',
    "  printf '%s trusts what %s says\\n' \"$arn\" \"$file\"",
    '}',
  ],
};

/** `oidc_provider ARN`: the IAM OIDC provider of IRSA exists and accepts the audience of ServiceAccount tokens. */
export const OIDC_PROVIDER: BashFunction = {
  lines: [
    'oidc_provider() {',
    '  local arn=$1 audiences',
    "  audiences=$(aws iam get-open-id-connect-provider --open-id-connect-provider-arn \"$arn\" --query 'ClientIDList' --output text 2>&1) || {",
    "    printf '%s\\n' \"$audiences\"",
    '    case "$audiences" in',
    "      *NoSuchEntity*) printf 'fix: add the cluster'\"'\"'s IAM OIDC provider: %s, and check that iam.oidcProvider is the issuer of aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer, without https://\\n' \"$OIDC_PROVIDER_COMMAND\" ;;",
    "      *) printf 'fix: let these credentials iam:GetOpenIDConnectProvider\\n' ;;",
    '    esac',
    '    return 1',
    '  }',
    '  if [[ " $(tr -s \'[:space:]\' \' \' <<<"$audiences") " != *" $IRSA_AUDIENCE "* ]]; then',
    "    printf 'OIDC provider %s does not accept the audience %s, which the ServiceAccount tokens of IRSA carry\\nfix: aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn %s --client-id %s\\n' \"$arn\" \"$IRSA_AUDIENCE\" \"$arn\" \"$IRSA_AUDIENCE\"",
    '    return 1',
    '  fi',
    "  printf 'registered, for audience %s\\n' \"$IRSA_AUDIENCE\"",
    '}',
  ],
};

/** `node_runtimes EXECUTOR RUNTIME...`: every node runs one of the container runtimes the executor of pipeline steps follows. */
export const NODE_RUNTIMES: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'node_runtimes() {',
    '  local executor=$1 nodes others',
    '  shift',
    '  nodes=$(kubectl get nodes -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.nodeInfo.containerRuntimeVersion}{"\\n"}{end}\') ||',
    '    die "cannot read the nodes (kubectl\'s error is above)"',
    '  if [[ -z "$nodes" ]]; then',
    '    log "warning: the cluster has no nodes yet; run this again once it has"',
    '    return 0',
    '  fi',
    '  others=$(awk -F \'\\t\' -v known=" $* " \'{ runtime = $2; sub(/:\\/\\/.*/, "", runtime) } index(known, " " runtime " ") == 0 { print $1 ": " $2 }\' <<<"$nodes")',
    '  if [[ -n "$others" ]]; then',
    "    printf 'pipeline steps run %s, which follows the containers of %s only; these nodes run another runtime:\\n' \"$executor\" \"$*\"",
    "    awk '{ print \"  \" $0 }' <<<\"$others\"",
    "    printf 'fix: run pipeline steps on nodes with %s (every EKS node image runs containerd)\\n' \"$*\"",
    '    return 1',
    '  fi',
    "  printf 'every node runs one of: %s\\n' \"$*\"",
    '}',
  ],
};

/**
 * `mysql_probe`: from a short-lived pod of `$NAMESPACE` (`$PROBE_POD`, the only object doctor creates, deleted
 * before the function returns), the MySQL client of `$MYSQL_IMAGE` logs in to the external server as the user of
 * `$MYSQL_SECRET` and reads the user's authentication plugin. The pod spec (`$MYSQL_OVERRIDES`) reads the user and
 * the password from the Secret itself; `$NATIVE_PASSWORD_FOR`, when set, names what needs `mysql_native_password`.
 */
export const MYSQL_PROBE: BashFunction = {
  uses: [OBJECT_EXISTS, LOG],
  lines: [
    'mysql_probe() {',
    '  local out status=0 plugin',
    '  if ! object_exists secret "$MYSQL_SECRET"; then',
    "    printf 'Secret %s is missing in namespace %s, which holds the user the components log in as\\nfix: create it with %s\\n' \"$MYSQL_SECRET\" \"$NAMESPACE\" \"$MYSQL_SECRET_SCRIPT\"",
    '    return 1',
    '  fi',
    '  out=$(kubectl -n "$NAMESPACE" run "$PROBE_POD" --image="$MYSQL_IMAGE" --restart=Never --rm --attach --quiet \\',
    '    --pod-running-timeout="$PROBE_TIMEOUT" --overrides="$MYSQL_OVERRIDES" 2>&1) || status=$?',
    '  kubectl -n "$NAMESPACE" delete pod "$PROBE_POD" --ignore-not-found --wait=false >/dev/null 2>&1 || true',
    '  if [[ "$out" != *"kfp-doctor: connected"* ]]; then',
    "    grep -v '^kfp-doctor: ' <<<\"$out\" || true",
    "    printf 'the pod could not log in to %s (exit status %s)\\n' \"$MYSQL_ADDRESS\" \"$status\"",
    "    printf 'fix: the server must accept connections from the pods of namespace %s on port %s (on RDS, its security group), and Secret %s must hold KFP'\"'\"'s user and password (%s replaces it; README.md, \"%s\")\\n' \"$NAMESPACE\" \"${MYSQL_ADDRESS##*:}\" \"$MYSQL_SECRET\" \"$MYSQL_SECRET_SCRIPT\" \"$DATABASE_SECTION\"",
    '    return 1',
    '  fi',
    '  plugin=$(sed -n \'s/^kfp-doctor: plugin //p\' <<<"$out")',
    "  printf 'logged in to %s as the user of Secret %s\\n' \"$MYSQL_ADDRESS\" \"$MYSQL_SECRET\"",
    '  [[ -n "$NATIVE_PASSWORD_FOR" ]] || return 0',
    '  case "$plugin" in',
    "    mysql_native_password) printf 'the user authenticates with mysql_native_password, which %s needs\\n' \"$NATIVE_PASSWORD_FOR\" ;;",
    "    '') log \"warning: could not read the user's authentication plugin (SHOW CREATE USER needs MySQL 5.7 or later); $NATIVE_PASSWORD_FOR needs mysql_native_password\" ;;",
    '    *)',
    "      printf 'the user authenticates with %s, but %s needs mysql_native_password\\n' \"$plugin\" \"$NATIVE_PASSWORD_FOR\"",
    "      printf 'fix: as an administrator: ALTER USER '\"'\"'<user>'\"'\"'@'\"'\"'%%'\"'\"' IDENTIFIED WITH mysql_native_password BY '\"'\"'<password>'\"'\"'; (on MySQL 8.4 the server needs mysql_native_password=ON; README.md, \"%s\")\\n' \"$DATABASE_SECTION\"",
    '      return 1 ;;',
    '  esac',
    '}',
  ],
};

/** `remove_probe_pods`: on exit, deletes the probe pod from every namespace it may have been created in. */
export const REMOVE_PROBE_PODS: BashFunction = {
  lines: [
    'remove_probe_pods() {',
    '  local namespace',
    '  for namespace in ${probe_namespaces[@]+"${probe_namespaces[@]}"}; do',
    '    kubectl -n "$namespace" delete pod "$PROBE_POD" --ignore-not-found --wait=false >/dev/null 2>&1 || true',
    '  done',
    '}',
  ],
};

/** The functions every doctor uses. */
export const DOCTOR_FUNCTIONS = [HELP_ONLY, RUN_CHECK, SKIP, REQUIRE_TOOLS, DIE, LOG];
