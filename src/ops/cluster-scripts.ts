import { BashFunction, CHECK_VARIANT, DIE, LOG, OBJECT_EXISTS, REQUIRE_CONTEXT, REQUIRE_KUBECTL, USAGE_ERROR, VARIANT_ARGUMENT } from './bash-functions';
import { CERT_MANAGER_CRDS, CHECK_CERT_MANAGER, CHECK_STORAGE, CRASH_LOG_LINES, EBS_CSI_DRIVER, EXPLAIN_ROLLOUT, PREPARE_SECTION, ROLLOUT_TIMEOUT } from './cluster-checks';
import { crdRefs, portForwardCommand, variantUsage } from './commands';
import { defaultVariant } from './default-variant';
import { externalSecretsInstallParts, managedSecret, managedSource } from './external-secrets-checks';
import { DATABASE_SECTION, INCLUDE_CRDS_FLAG, scriptOf, taskOf, UPGRADE_SECTION } from './paths';
import { INVENTORY_CONFIGMAP, INVENTORY_FUNCTIONS, pruneParams, PRUNE, PRUNE_DATA_FLAG, SHOW_PRUNE_PLAN, YES_FLAG } from './prune';
import { ShellScriptSpec, shellWord } from './shell-script';
import { KfpConfig, PLACEHOLDER_BUCKET, placeholderRoleOptions, placeholderRoles } from '../config';
import { mechanismOf } from '../iam/mechanisms';
import { roleBindings } from '../iam/role-bindings';
import { CRDS_DIR, DeploymentManifests, inInstall, OVERLAYS_DIR } from '../layout/deployment-manifests';
import { UI_SIGNING_SECRET } from '../manifests/aws';
import { API_SERVER, API_SERVER_CONTAINER } from '../manifests/components/api-server';
import { KFP_VERSION_CONFIGMAP } from '../manifests/components/kubeflow-pipelines-public';
import { MYSQL_PVC } from '../manifests/components/mysql';
import { ALB_INGRESS_CLASS } from '../manifests/components/ui-load-balancer';
import type { Variant } from '../manifests/variant';
import { CacheWebhook } from '../options';

const ACCESS_KEY: Variant = 'accesskey';
const IAM: Variant = 'iam';

/** The folder of the install's overlays. */
const overlaysOf = (config: KfpConfig) => inInstall(config.root, OVERLAYS_DIR);

/** What every script that takes a variant reads. */
function variantParams(config: KfpConfig) {
  return { NAMESPACE: config.namespace, VARIANTS: config.variants, DEFAULT_VARIANT: defaultVariant(config), OVERLAYS_DIR: overlaysOf(config) };
}

/**
 * Where `deploy` and `diff` look for what earlier deploys applied: the repo (its projen project name) and, for the first
 * install only, every namespace of the repo's installs, whose inventories it leaves alone.
 */
export interface PruneScope {
  readonly repo: string;
  readonly namespaces?: readonly string[];
}

/** The params of {@link PruneScope} for the scripts of `config`. */
const pruneScopeParams = (config: KfpConfig, scope: PruneScope, writes: boolean) =>
  pruneParams(scope.repo, config.root ? undefined : scope.namespaces, writes);

/** The flag of `install` that installs over another running release. */
export const FORCE_FLAG = '--force';

/** `newer A B`: whether release A is newer than release B, comparing major, minor and patch as numbers. */
const NEWER: BashFunction = {
  lines: [
    'newer() {',
    '  local a b i x y',
    '  IFS=. read -r -a a <<<"$1"',
    '  IFS=. read -r -a b <<<"$2"',
    '  for i in 0 1 2; do',
    '    x=${a[i]-0} y=${b[i]-0}',
    '    x=${x%%[!0-9]*} y=${y%%[!0-9]*}',
    '    if [[ $((10#${x:-0})) -ne $((10#${y:-0})) ]]; then [[ $((10#${x:-0})) -gt $((10#${y:-0})) ]]; return; fi',
    '  done',
    '  return 1',
    '}',
  ],
};

/**
 * Stops the script, unless `$force`, while the install's namespace runs another KFP release than this repo's: upgrading
 * migrates the database (and 0.x to 2.x cannot), so it waits for a backup. A 2.x install publishes its release in
 * {@link KFP_VERSION_CONFIGMAP}; 0.2.3 has no such ConfigMap, and there the tag of the api server's image is the
 * release: KFP tags each image it publishes with its release (`gcr.io/ml-pipeline/api-server:0.2.3`,
 * `ghcr.io/kubeflow/kfp-api-server:2.17.0`), and the api server runs in every release.
 */
const CHECK_RUNNING_RELEASE: BashFunction = {
  uses: [DIE, LOG, NEWER],
  lines: [
    'check_running_release() {',
    '  local running source image what',
    '  running=$(kubectl -n "$NAMESPACE" get configmap "$VERSION_CONFIGMAP" --ignore-not-found -o "jsonpath={.data.$VERSION_KEY}") ||',
    '    die "cannot read ConfigMap $VERSION_CONFIGMAP in namespace $NAMESPACE (kubectl\'s error is above)"',
    '  source="ConfigMap $VERSION_CONFIGMAP"',
    '  if [[ -z "$running" ]]; then',
    '    image=$(kubectl -n "$NAMESPACE" get deployment "$API_SERVER" --ignore-not-found -o "jsonpath={.spec.template.spec.containers[?(@.name==\\"$API_SERVER_CONTAINER\\")].image}") ||',
    '      die "cannot read Deployment $API_SERVER in namespace $NAMESPACE (kubectl\'s error is above)"',
    '    [[ -n "$image" ]] || return 0',
    '    source="the image of Deployment $API_SERVER, $image"',
    '    image=${image%%@*}',
    '    image=${image##*/}',
    '    if [[ "$image" == *:* ]]; then running=${image##*:}; fi',
    '  fi',
    '  running=${running#v}',
    '  [[ "$running" != "$KFP_VERSION" ]] || return 0',
    '  what="namespace $NAMESPACE runs Kubeflow Pipelines ${running:-of a release that cannot be told} ($source), not $KFP_VERSION"',
    '  if $force; then',
    `    log "warning: $what; installing $KFP_VERSION over it (${FORCE_FLAG})"`,
    '    return 0',
    '  fi',
    '  [[ -n "$running" ]] ||',
    `    die "$what. Back up its database (README.md, \\"${UPGRADE_SECTION}\\"), then run again with ${FORCE_FLAG}"`,
    '  if newer "$running" "$KFP_VERSION"; then',
    `    die "$what, a newer release, whose database $KFP_VERSION may not read: set kfpVersion to $running in .projenrc.ts, or back up and uninstall it first (README.md, \\"${UPGRADE_SECTION}\\"); ${FORCE_FLAG} installs over it anyway"`,
    '  fi',
    '  if [[ "${running%%.*}" != "${KFP_VERSION%%.*}" ]]; then',
    `    die "$what. Kubeflow Pipelines has no upgrade from $running to $KFP_VERSION: back up its database, uninstall it and deploy $KFP_VERSION as a new install (README.md, \\"${UPGRADE_SECTION}\\"); ${FORCE_FLAG} installs over it anyway"`,
    '  fi',
    `  die "$what. Back up its database first (README.md, \\"${UPGRADE_SECTION}\\"), then run again with ${FORCE_FLAG} to upgrade it"`,
    '}',
  ],
};

export function installScript(config: KfpConfig, manifests: DeploymentManifests, scope: PruneScope): ShellScriptSpec {
  const { namespace, release, accessKey, mysql, s3, root } = config;
  const uiSecret = release.uiSigningKey;
  const lb = config.uiLoadBalancer;
  const certManager = config.cacheWebhook === CacheWebhook.CERT_MANAGER;
  // No cluster can assume a placeholder, and the roles are known now: stop before pods that fail on S3.
  const placeholders = placeholderRoles(config);
  const eso = externalSecretsInstallParts(config);
  const [mysqlEso, accessKeyEso, uiEso] = (['mysql', 'accessKey', 'uiSigningKey'] as const).map((option) => managedSecret(config, option));
  const iamPreflight = config.variants.includes(IAM)
    ? mechanismOf(config).preflight(config, { bindings: roleBindings(config), associationScript: scriptOf(root, 'createAssociations') })
    : undefined;
  return {
    summary: `Installs Kubeflow Pipelines ${release.version}: ${CRDS_DIR}/, then one overlay, then waits for the rollout.`,
    usage: [
      `Usage: ${scriptOf(root, 'install')} ${variantUsage(config)} [${FORCE_FLAG}] [${YES_FLAG}] [${PRUNE_DATA_FLAG}]`,
      '',
      `Installs Kubeflow Pipelines ${release.version} into namespace ${namespace} of the current kubectl context:`,
      `  1. ${CRDS_DIR}/ (shared by every install in the cluster), then waits until its CRDs are established;`,
      `  2. ${overlaysOf(config)}/<variant> (default: ${defaultVariant(config)});`,
      `  3. waits until every Deployment in ${namespace} is available (at most ${ROLLOUT_TIMEOUT});`,
      '  4. removes what an earlier deploy from this repo applied and the overlay no longer builds (its record is',
      `     ConfigMap ${INVENTORY_CONFIGMAP} in ${namespace}${config.root ? '' : ', and those of namespaces no install of this repo uses any more'}), after confirmation.`,
      'First it checks that the objects you create, which the variant reads, exist:',
      ...(mysqlEso ? [] : [`  Secret ${mysql.secret.name}: ${scriptOf(root, 'createMysqlSecret')}`]),
      ...(accessKeyEso ? [] : [`  Secret ${accessKey.secretName} (${ACCESS_KEY} only): ${scriptOf(root, 'createAwsSecret')}`]),
      ...(uiSecret && !uiEso ? [`  Secret ${UI_SIGNING_SECRET.name}: ${scriptOf(root, 'createUiSecret')}`] : []),
      ...(lb?.oidc ? [`  Secret ${lb.oidc.secret.name}: ${scriptOf(root, 'createOidcSecret')}`] : []),
      ...(lb ? [`  IngressClass ${ALB_INGRESS_CLASS} of the AWS Load Balancer Controller, which serves the UI's Ingress`] : []),
      ...(eso ? [
        'and, for the Secrets the External Secrets Operator creates from AWS Secrets Manager, that its CRDs exist and',
        'secretsManager.roleArn is set; after applying, it waits until ESO has created them:',
        ...[mysqlEso, accessKeyEso, uiEso].flatMap((secret) => (secret ? [`  Secret ${secret.name}${secret.variant ? ` (${secret.variant} only)` : ''}: ${managedSource(secret)}`] : [])),
      ] : []),
      ...(mysql.tls ? [`  ConfigMap ${mysql.tls.caConfigMap}: the CA bundle of the database server (README.md, "${DATABASE_SECTION}")`] : []),
      ...(mysql.external ? [] : [
        `  a StorageClass for MySQL's volume: ${mysql.storageClassName ?? 'the default one'}, and its provisioner (for EBS, the EBS CSI driver)`,
      ]),
      ...(certManager ? [`and that cert-manager is installed (its CRDs ${CERT_MANAGER_CRDS.join(', ')}), which issues the cache webhook's certificate.`] : []),
      ...(iamPreflight ? [iamPreflight.usage] : []),
      'When the rollout times out, it prints why: Pending volume claims with their events, pods that cannot be scheduled,',
      'containers that cannot pull their image or keep crashing (with their last log lines).',
      `It changes nothing while ${namespace} runs another Kubeflow Pipelines release (ConfigMap ${KFP_VERSION_CONFIGMAP.name}, or the image`,
      'tag of the api server for releases without it), unless forced. Options:',
      `  ${FORCE_FLAG}       install over it; back up its database first (README.md, "${UPGRADE_SECTION}")`,
      `  ${YES_FLAG}         remove what is no longer generated without asking; without it the script asks on a terminal,`,
      '                and keeps it all without one',
      `  ${PRUNE_DATA_FLAG}  also remove PersistentVolumeClaims, Namespaces and CRDs, which deletes their data`,
      '  -h, --help    print this text',
    ],
    params: {
      ...variantParams(config),
      KFP_VERSION: release.version,
      VERSION_CONFIGMAP: KFP_VERSION_CONFIGMAP.name,
      VERSION_KEY: KFP_VERSION_CONFIGMAP.key,
      API_SERVER,
      API_SERVER_CONTAINER,
      ...(mysql.external ? {} : { MYSQL_PVC, STORAGE_CLASS: mysql.storageClassName ?? '', EBS_CSI_DRIVER, PREPARE_SECTION }),
      ROLLOUT_TIMEOUT,
      CRASH_LOG_LINES: String(CRASH_LOG_LINES),
      CRDS_DIR,
      CRDS: crdRefs(manifests),
      ...(mysqlEso ? {} : { MYSQL_SECRET: mysql.secret.name }),
      ...(accessKeyEso ? {} : { AWS_SECRET: accessKey.secretName }),
      ...(mysql.tls ? { MYSQL_CA_CONFIGMAP: mysql.tls.caConfigMap } : {}),
      ...(uiSecret && !uiEso ? { UI_SECRET: UI_SIGNING_SECRET.name } : {}),
      ...(lb?.oidc ? { OIDC_SECRET: lb.oidc.secret.name } : {}),
      ...(lb ? { INGRESS_CLASS: ALB_INGRESS_CLASS } : {}),
      ...(certManager ? { CERT_MANAGER_CRDS } : {}),
      ...iamPreflight?.params,
      ...eso?.params,
      BUCKET: s3.bucket,
      ...pruneScopeParams(config, scope, true),
    },
    functions: [
      USAGE_ERROR, CHECK_VARIANT, REQUIRE_KUBECTL, REQUIRE_CONTEXT, CHECK_RUNNING_RELEASE, OBJECT_EXISTS,
      ...(mysql.external ? [] : [CHECK_STORAGE]), ...(certManager ? [CHECK_CERT_MANAGER] : []), ...iamPreflight?.functions ?? [],
      ...eso?.functions ?? [], EXPLAIN_ROLLOUT, ...INVENTORY_FUNCTIONS, PRUNE, LOG, DIE,
    ],
    body: [
      'variant=$DEFAULT_VARIANT force=false assume_yes=false prune_data=false',
      'while [[ $# -gt 0 ]]; do',
      '  case "$1" in',
      '    -h | --help) usage; exit 0 ;;',
      `    ${FORCE_FLAG}) force=true ;;`,
      `    ${YES_FLAG}) assume_yes=true ;;`,
      `    ${PRUNE_DATA_FLAG}) prune_data=true ;;`,
      '    -*) usage_error "unknown option: $1" ;;',
      '    *) variant=$1 ;;',
      '  esac',
      '  shift',
      'done',
      'check_variant "$variant"',
      '# The placeholders are valid names, so kubectl would install them; stop before pods that fail on S3.',
      `[[ "$BUCKET" != ${PLACEHOLDER_BUCKET} ]] ||`,
      '  die "bucket is still the placeholder $BUCKET: set bucket in .projenrc.ts to your bucket and run npx projen"',
      ...(placeholders.length > 0 ? [
        `if [[ "$variant" == ${IAM} ]]; then`,
        `  die ${shellWord(`${overlaysOf(config)}/${IAM} still uses the placeholder role ${placeholders.join(', ')}: set ${placeholderRoleOptions(config).join(', ')} in .projenrc.ts and run npx projen, or install the ${ACCESS_KEY} variant`)}`,
        'fi',
      ] : []),
      'require_kubectl',
      'require_context',
      'check_running_release',
      '',
      'missing=0',
      ...(mysqlEso ? [] : [
        'if ! object_exists secret "$MYSQL_SECRET"; then',
        `  printf 'Secret %s is missing in namespace %s: create it with %s\\n' "$MYSQL_SECRET" "$NAMESPACE" ${scriptOf(root, 'createMysqlSecret')} >&2`,
        '  missing=1',
        'fi',
      ]),
      ...(accessKeyEso ? [] : [
        `if [[ "$variant" == ${ACCESS_KEY} ]] && ! object_exists secret "$AWS_SECRET"; then`,
        `  printf 'Secret %s is missing in namespace %s: create it with %s\\n' "$AWS_SECRET" "$NAMESPACE" ${scriptOf(root, 'createAwsSecret')} >&2`,
        '  missing=1',
        'fi',
      ]),
      ...eso?.checks ?? [],
      ...(uiSecret && !uiEso ? [
        'if ! object_exists secret "$UI_SECRET"; then',
        `  printf 'Secret %s is missing in namespace %s: create it with %s\\n' "$UI_SECRET" "$NAMESPACE" ${scriptOf(root, 'createUiSecret')} >&2`,
        '  missing=1',
        'fi',
      ] : []),
      ...(lb?.oidc ? [
        'if ! object_exists secret "$OIDC_SECRET"; then',
        `  printf 'Secret %s is missing in namespace %s: create it with %s\\n' "$OIDC_SECRET" "$NAMESPACE" ${scriptOf(root, 'createOidcSecret')} >&2`,
        '  missing=1',
        'fi',
      ] : []),
      ...(lb ? [
        'if [[ -z "$(kubectl get ingressclass "$INGRESS_CLASS" --ignore-not-found -o name)" ]]; then',
        "  printf 'IngressClass %s is missing: install the AWS Load Balancer Controller (https://kubernetes-sigs.github.io/aws-load-balancer-controller/), which creates the load balancer of the UI, or remove uiLoadBalancer from .projenrc.ts\\n' \"$INGRESS_CLASS\" >&2",
        '  missing=1',
        'fi',
      ] : []),
      ...(mysql.tls ? [
        'if ! object_exists configmap "$MYSQL_CA_CONFIGMAP"; then',
        `  printf 'ConfigMap %s is missing in namespace %s: create it from the CA bundle of the database server (README.md, "%s")\\n' "$MYSQL_CA_CONFIGMAP" "$NAMESPACE" ${shellWord(DATABASE_SECTION)} >&2`,
        '  missing=1',
        'fi',
      ] : []),
      ...(certManager ? ['if ! check_cert_manager; then missing=1; fi'] : []),
      ...(mysql.external ? [] : ['if ! check_storage; then missing=1; fi']),
      `[[ $missing -eq 0 ]] || die "nothing was applied: first create what is missing above (npx projen ${taskOf(config, 'create-secrets')} creates the Secrets of the default variant)"`,
      ...(iamPreflight ? [`if [[ "$variant" == ${IAM} ]]; then ${iamPreflight.lines.join('; ')}; fi`] : []),
      '',
      '# What the overlay builds, the user\'s components included: after the rollout, what an earlier deploy applied and',
      '# this one does not is removed, and this becomes the record.',
      'current=$(inventory_of "$OVERLAYS_DIR/$variant") || die "kubectl kustomize $OVERLAYS_DIR/$variant failed (its error is above)"',
      'log "applying $CRDS_DIR/: objects every install in the cluster shares"',
      'kubectl apply -k "$CRDS_DIR"',
      'log "waiting until the CRDs are established"',
      'kubectl wait --for condition=established --timeout=120s "${CRDS[@]}"',
      'log "applying $OVERLAYS_DIR/$variant"',
      'kubectl apply -k "$OVERLAYS_DIR/$variant"',
      ...eso?.wait ?? [],
      'log "waiting until every Deployment in namespace $NAMESPACE is available"',
      'if ! kubectl -n "$NAMESPACE" wait --for condition=Available --timeout="$ROLLOUT_TIMEOUT" deployment --all; then',
      '  explain_rollout',
      '  die "the install is applied, but not every Deployment is available after $ROLLOUT_TIMEOUT: fix what is above (README.md, \\"Troubleshooting\\"), then run this again or wait with kubectl -n $NAMESPACE wait --for condition=Available deployment --all"',
      'fi',
      'prune "$current"',
      `log "Kubeflow Pipelines $KFP_VERSION is running in namespace $NAMESPACE. UI: ${portForwardCommand(namespace)}, then http://localhost:8080"`,
    ],
  };
}

/**
 * What goes with the install's namespace besides its workloads, as `uninstall` and the README say it: the data of an
 * in-cluster MySQL; the objects you created beside it, but not an external server's databases.
 */
export function namespaceLoss(config: KfpConfig, name: (text: string) => string = (text) => text): string {
  const { mysql } = config;
  if (!mysql.external) return 'the MySQL volume (every pipeline, run and metadata) and the Secrets included';
  const created = mysql.tls ? `the Secrets and ConfigMap ${name(mysql.tls.caConfigMap)}` : 'the Secrets';
  return `${created} included; the databases on ${name(mysql.host)} (every pipeline, run and metadata) stay`;
}

/** Printed before `uninstall` deletes `crds/`, and shown in the README. */
export const SHARED_OBJECTS_WARNING: readonly string[] = [
  `${CRDS_DIR}/ holds objects that every Kubeflow Pipelines install in this cluster shares, in any namespace: the CRDs`,
  'above all. Deleting a CRD deletes every object of its kind in every namespace',
  '(workflows, recurring runs, viewers). Only delete them when no other install in the cluster uses them.',
];

export function uninstallScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, root } = config;
  return {
    summary: `Deletes this install from namespace ${namespace}; ${CRDS_DIR}/ only with ${INCLUDE_CRDS_FLAG}.`,
    usage: [
      `Usage: ${scriptOf(root, 'uninstall')} ${variantUsage(config)} [${INCLUDE_CRDS_FLAG}] [--dry-run] [--yes]`,
      '',
      `Deletes this install from namespace ${namespace} of the current kubectl context: every object that`,
      `${overlaysOf(config)}/<variant> (default: ${defaultVariant(config)}) applies, so the namespace with everything in it:`,
      `${namespaceLoss(config)}.`,
      `${CRDS_DIR}/ stays: its objects are shared by every Kubeflow Pipelines install in the cluster.`,
      '',
      `  ${INCLUDE_CRDS_FLAG}  also delete ${CRDS_DIR}/; deleting a CRD deletes every object of its kind in every namespace`,
      '  --dry-run       print what would be deleted, delete nothing',
      '  --yes           delete without asking; without it the script asks on a terminal, and refuses without one',
      '  -h, --help      print this text',
    ],
    params: {
      ...variantParams(config),
      CRDS_DIR,
    },
    functions: [USAGE_ERROR, CHECK_VARIANT, REQUIRE_KUBECTL, REQUIRE_CONTEXT, LOG, DIE],
    body: [
      'variant=$DEFAULT_VARIANT include_crds=false dry_run=false assume_yes=false',
      'while [[ $# -gt 0 ]]; do',
      '  case "$1" in',
      '    -h | --help) usage; exit 0 ;;',
      `    ${INCLUDE_CRDS_FLAG}) include_crds=true ;;`,
      '    --dry-run) dry_run=true ;;',
      `    ${YES_FLAG}) assume_yes=true ;;`,
      '    -*) usage_error "unknown option: $1" ;;',
      '    *) variant=$1 ;;',
      '  esac',
      '  shift',
      'done',
      'check_variant "$variant"',
      'require_kubectl',
      'require_context',
      '',
      'if $dry_run; then log "dry run: what would be deleted"; else log "this deletes:"; fi',
      `printf '  - %s\\n' "$OVERLAYS_DIR/$variant: namespace $NAMESPACE and everything in it, ${namespaceLoss(config)}"`,
      'if $include_crds; then',
      "  printf '  - %s\\n' \"$CRDS_DIR/: CRDs and other cluster-scoped objects shared by every install in the cluster\"",
      `  printf '%s\\n' ${[`WARNING: ${SHARED_OBJECTS_WARNING[0]}`, ...SHARED_OBJECTS_WARNING.slice(1)].map(shellWord).join(' ')} >&2`,
      'else',
      `  log "$CRDS_DIR/ stays (shared by every install in the cluster; ${INCLUDE_CRDS_FLAG} deletes it)"`,
      'fi',
      '',
      'if ! $dry_run && ! $assume_yes; then',
      '  [[ -t 0 ]] ||',
      '    die "nobody can confirm (standard input is not a terminal), so nothing was deleted; run again with --yes to delete, or with --dry-run to see what would be deleted"',
      '  printf \'Type the namespace (%s) to delete: \' "$NAMESPACE" >&2',
      '  answer=""',
      '  read -r answer || true',
      '  [[ "$answer" == "$NAMESPACE" ]] || die "not confirmed, nothing was deleted"',
      'fi',
      '',
      '# delete ARG...: kubectl delete, or only its client-side dry run.',
      'delete() {',
      '  if $dry_run; then kubectl delete --dry-run=client "$@"; else kubectl delete "$@"; fi',
      '}',
      'delete --ignore-not-found -k "$OVERLAYS_DIR/$variant"',
      'if $include_crds; then delete --ignore-not-found -k "$CRDS_DIR"; fi',
      'if $dry_run; then log "dry run: nothing was deleted"; else log "uninstalled"; fi',
    ],
  };
}

export function diffScript(config: KfpConfig, scope: PruneScope): ShellScriptSpec {
  return {
    summary: `Shows how the cluster differs from ${CRDS_DIR}/ and one overlay (kubectl diff).`,
    usage: [
      `Usage: ${scriptOf(config.root, 'diff')} ${variantUsage(config)}`,
      '',
      `Shows how the current kubectl context differs from ${CRDS_DIR}/ and ${overlaysOf(config)}/<variant> (default: ${defaultVariant(config)}), with`,
      'kubectl diff: a server-side dry run, nothing changes. Then lists what an earlier deploy from this repo applied',
      'and the overlay no longer builds, which deploy removes. Exits 0 whether or not there are differences, and',
      'non-zero when kubectl cannot compare.',
    ],
    params: { ...variantParams(config), CRDS_DIR, ...pruneScopeParams(config, scope, false) },
    functions: [VARIANT_ARGUMENT, REQUIRE_KUBECTL, REQUIRE_CONTEXT, ...INVENTORY_FUNCTIONS, SHOW_PRUNE_PLAN, LOG, DIE],
    body: [
      'variant_argument "$@"',
      'require_kubectl',
      'require_context',
      'for dir in "$CRDS_DIR" "$OVERLAYS_DIR/$variant"; do',
      '  log "kubectl diff -k $dir"',
      '  status=0',
      '  kubectl diff -k "$dir" || status=$?',
      '  case $status in',
      '    0) log "$dir: no differences" ;;',
      '    1) log "$dir: differences above" ;;',
      '    *) die "kubectl diff -k $dir failed (exit $status)" ;;',
      '  esac',
      'done',
      'current=$(inventory_of "$OVERLAYS_DIR/$variant") || die "kubectl kustomize $OVERLAYS_DIR/$variant failed (its error is above)"',
      'show_prune_plan "$(prune_plan "$current")"',
      `log "deploy removes them after confirmation, or with ${YES_FLAG}; PersistentVolumeClaims, Namespaces and CRDs only with ${PRUNE_DATA_FLAG}"`,
    ],
  };
}
