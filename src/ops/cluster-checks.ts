import { BashFunction, DIE, LOG } from './bash-functions';

/**
 * What `install` checks in the cluster before it applies (storage), and what it reads when the rollout times out.
 */

/** How long `install` waits for every Deployment; a first start pulls every image and initializes MySQL. */
export const ROLLOUT_TIMEOUT = '10m';

/** How many of its last log lines `install` shows of a container that keeps crashing. */
export const CRASH_LOG_LINES = 20;

/** The README section that lists what a new EKS cluster needs; `install` points to it by name. */
export const PREPARE_SECTION = 'Before you deploy';

/** The CSI driver of EBS volumes, which the in-tree provisioner `kubernetes.io/aws-ebs` is migrated to (Kubernetes 1.23+). */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

/**
 * `check_storage`: whether the claim of the in-cluster MySQL's volume can be provisioned; says what is missing and
 * returns 1 when not. A bound claim needs nothing. Otherwise its StorageClass (`mysql.storageClassName`, else the
 * cluster's default, which EKS 1.30 and later do not mark) must exist, and its provisioner must run: for a CSI
 * provisioner, a CSIDriver of its name is registered (the EBS CSI driver's chart creates `ebs.csi.aws.com`), which is
 * certain for EBS; of other provisioners without one the script only warns.
 */
export const CHECK_STORAGE: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'check_storage() {',
    '  local phase classes names line class provisioner driver found',
    '  phase=$(kubectl -n "$NAMESPACE" get persistentvolumeclaim "$MYSQL_PVC" --ignore-not-found -o jsonpath=\'{.status.phase}\') ||',
    '    die "cannot read PersistentVolumeClaims in namespace $NAMESPACE (kubectl\'s error is above)"',
    '  [[ "$phase" != Bound ]] || return 0',
    '  classes=$(kubectl get storageclasses -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.provisioner}{"\\t"}{.metadata.annotations.storageclass\\.kubernetes\\.io/is-default-class}{.metadata.annotations.storageclass\\.beta\\.kubernetes\\.io/is-default-class}{"\\n"}{end}\') ||',
    '    die "cannot read StorageClasses (kubectl\'s error is above)"',
    '  names=$(cut -f1 <<<"$classes" | paste -s -d \' \' -)',
    '  if [[ -n "$STORAGE_CLASS" ]]; then',
    '    line=$(awk -F \'\\t\' -v class="$STORAGE_CLASS" \'$1 == class\' <<<"$classes")',
    '    if [[ -z "$line" ]]; then',
    '      printf \'StorageClass %s (mysql.storageClassName) does not exist, so the volume claim %s of MySQL would stay Pending; the cluster has: %s\\n\' "$STORAGE_CLASS" "$MYSQL_PVC" "${names:-none}" >&2',
    '      return 1',
    '    fi',
    '  else',
    '    line=$(awk -F \'\\t\' \'$3 ~ /true/\' <<<"$classes" | tail -n 1)',
    '    if [[ -z "$line" ]]; then',
    '      printf \'No StorageClass is the default, which the volume claim %s of MySQL needs (EKS 1.30 and later mark none): make one the default, or set mysql.storageClassName (README.md, "%s"); the cluster has: %s\\n\' "$MYSQL_PVC" "$PREPARE_SECTION" "${names:-none}" >&2',
    '      return 1',
    '    fi',
    '  fi',
    '  class=$(cut -f1 <<<"$line")',
    '  provisioner=$(cut -f2 <<<"$line")',
    '  driver=$provisioner',
    '  if [[ "$provisioner" == kubernetes.io/aws-ebs ]]; then driver=$EBS_CSI_DRIVER; fi',
    '  found=$(kubectl get csidriver "$driver" --ignore-not-found -o name) ||',
    '    die "cannot read CSIDrivers (kubectl\'s error is above)"',
    '  [[ -z "$found" ]] || return 0',
    '  if [[ "$driver" == "$EBS_CSI_DRIVER" ]]; then',
    '    printf \'StorageClass %s provisions with %s, but the EBS CSI driver is not installed (no CSIDriver %s), so the volume claim %s of MySQL would stay Pending: add the aws-ebs-csi-driver add-on (README.md, "%s")\\n\' "$class" "$provisioner" "$EBS_CSI_DRIVER" "$MYSQL_PVC" "$PREPARE_SECTION" >&2',
    '    return 1',
    '  fi',
    '  log "warning: no CSIDriver $driver is registered for StorageClass $class; unless $driver provisions volumes without one, the volume claim $MYSQL_PVC of MySQL stays Pending"',
    '}',
  ],
};

/** The CRDs of cert-manager that the cache webhook's Issuer and Certificate need. */
export const CERT_MANAGER_CRDS = ['certificates.cert-manager.io', 'issuers.cert-manager.io'];

/** `check_cert_manager`: whether cert-manager's CRDs ({@link CERT_MANAGER_CRDS}) exist; says which is missing and returns 1 when not. */
export const CHECK_CERT_MANAGER: BashFunction = {
  lines: [
    'check_cert_manager() {',
    '  local crd missing=0',
    '  for crd in "${CERT_MANAGER_CRDS[@]}"; do',
    '    if [[ -z "$(kubectl get customresourcedefinition "$crd" --ignore-not-found -o name)" ]]; then',
    "      printf 'CRD %s is missing: install cert-manager (https://cert-manager.io/docs/installation/), which issues the certificate of the cache webhook, or set cacheWebhook to CacheWebhook.NONE in .projenrc.ts\\n' \"$crd\" >&2",
    '      missing=1',
    '    fi',
    '  done',
    '  return $missing',
    '}',
  ],
};

/**
 * `explain_rollout`: what the cluster says about an install whose Deployments did not become available: claims still
 * Pending, with their events; pods that cannot be scheduled; containers waiting (image pulls, crash loops, bad
 * configuration), with the last log lines of one that keeps crashing. It only reads, and never fails the script.
 */
export const EXPLAIN_ROLLOUT: BashFunction = {
  lines: [
    'explain_rollout() {',
    '  local pvcs events waiting pvc phase pod container reason message found=false',
    '  printf \'\\nNot every Deployment in namespace %s is available after %s. What the cluster reports:\\n\' "$NAMESPACE" "$ROLLOUT_TIMEOUT" >&2',
    '  pvcs=$(kubectl -n "$NAMESPACE" get persistentvolumeclaims -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}\') || pvcs=""',
    '  events=$(kubectl -n "$NAMESPACE" get events -o jsonpath=\'{range .items[*]}{.involvedObject.kind}/{.involvedObject.name}{"\\t"}{.type} {.reason}: {.message}{"\\n"}{end}\') || events=""',
    '  while IFS=$\'\\t\' read -r pvc phase; do',
    '    [[ -n "$pvc" && "$phase" == Pending ]] || continue',
    '    found=true',
    '    printf \'  PersistentVolumeClaim %s is Pending; its last events:\\n\' "$pvc" >&2',
    '    grep -F "PersistentVolumeClaim/$pvc"$\'\\t\' <<<"$events" | cut -f2- | tail -n 5 | awk \'{ print "    " $0 }\' >&2 || printf \'    (none)\\n\' >&2',
    '  done <<<"$pvcs"',
    '  # shellcheck disable=SC2016 # $pod and $container are variables of the go-template, not of the shell',
    '  waiting=$(kubectl -n "$NAMESPACE" get pods -o go-template=\'{{range .items}}{{$pod := .metadata.name}}\'\\',
    '\'{{range .status.conditions}}{{if and (eq .type "PodScheduled") (eq .status "False")}}{{$pod}}{{"\\t-\\t"}}{{.reason}}{{"\\t"}}{{.message}}{{"\\n"}}{{end}}{{end}}\'\\',
    '\'{{range .status.initContainerStatuses}}{{$container := .name}}{{with .state.waiting}}{{$pod}}{{"\\t"}}{{$container}}{{"\\t"}}{{.reason}}{{"\\t"}}{{.message}}{{"\\n"}}{{end}}{{end}}\'\\',
    '\'{{range .status.containerStatuses}}{{$container := .name}}{{with .state.waiting}}{{$pod}}{{"\\t"}}{{$container}}{{"\\t"}}{{.reason}}{{"\\t"}}{{.message}}{{"\\n"}}{{end}}{{end}}{{end}}\') || waiting=""',
    '  while IFS=$\'\\t\' read -r pod container reason message; do',
    '    case "$reason" in',
    '      "" | ContainerCreating | PodInitializing) continue ;;',
    '    esac',
    '    found=true',
    '    if [[ "$container" == - ]]; then',
    '      printf \'  Pod %s cannot be scheduled (%s): %s\\n\' "$pod" "$reason" "$message" >&2',
    '      continue',
    '    fi',
    '    printf \'  Pod %s, container %s: %s: %s\\n\' "$pod" "$container" "$reason" "$message" >&2',
    '    case "$reason" in',
    '      ImagePullBackOff | ErrImagePull)',
    '        printf \'    the nodes cannot pull the image: check its name, and that the nodes reach its registry (from private subnets, through a NAT gateway or VPC endpoints)\\n\' >&2 ;;',
    '      CrashLoopBackOff)',
    '        printf \'    its last %s log lines before it exited:\\n\' "$CRASH_LOG_LINES" >&2',
    '        kubectl -n "$NAMESPACE" logs "$pod" -c "$container" --previous --tail="$CRASH_LOG_LINES" 2>&1 | awk \'{ print "    | " $0 }\' >&2 || true ;;',
    '    esac',
    '  done <<<"$waiting"',
    '  $found || printf \'  no claim is Pending and no container is waiting: kubectl -n %s get pods shows the state of each pod\\n\' "$NAMESPACE" >&2',
    '}',
  ],
};

