import { PLACEHOLDER_CLUSTER_NAME } from '../config/types';
import { BashFunction, DIE, LOG } from '../ops/bash-functions';

/*
 * What EKS Pod Identity needs in a cluster, and the bash functions that check it (install.sh, doctor.sh) or read an
 * association (the associations script).
 */

/** The service EKS Pod Identity assumes roles as, which their trust policies admit. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/** The EKS add-on that serves Pod Identity credentials on every node, and the DaemonSet it runs as in `kube-system`. */
export const POD_IDENTITY_AGENT = 'eks-pod-identity-agent';
/** The CRD of the ACK EKS controller's `PodIdentityAssociation` (aws-controllers-k8s/eks-controller v1.20.0). */
export const ACK_ASSOCIATION_CRD = 'podidentityassociations.eks.services.k8s.aws';

/**
 * Prints `<association id> <role ARN>` of the Pod Identity association of ServiceAccount `$1` in `$NAMESPACE` of
 * cluster `$CLUSTER`, nothing when there is none. The list omits the role, so a second call reads it
 * (`aws eks list-pod-identity-associations`, `describe-pod-identity-association`).
 */
export const ASSOCIATION_OF: BashFunction = {
  uses: [DIE],
  lines: [
    'association_of() {',
    '  local id role',
    '  id=$(aws eks list-pod-identity-associations --cluster-name "$CLUSTER" --namespace "$NAMESPACE" --service-account "$1" \\',
    "    --query 'associations[0].associationId' --output text) ||",
    '    die "cannot list the Pod Identity associations of cluster $CLUSTER (the AWS CLI\'s error is above)"',
    '  [[ -n "$id" && "$id" != None ]] || return 0',
    '  role=$(aws eks describe-pod-identity-association --cluster-name "$CLUSTER" --association-id "$id" \\',
    "    --query 'association.roleArn' --output text) ||",
    '    die "cannot read Pod Identity association $id of cluster $CLUSTER (the AWS CLI\'s error is above)"',
    '  printf \'%s %s\\n\' "$id" "$role"',
    '}',
  ],
};

/**
 * Stops `install.sh` unless Pod Identity can give the pods their roles: the agent runs, and each association exists
 * with its role (read with the AWS CLI when it is installed), or, with ACK objects, the ACK EKS controller's CRD exists.
 */
/** The name of the Pod Identity preflight function of installs with (`ack`) or without ACK association objects. */
export const podIdentityPreflightName = (ack: boolean) => (ack ? 'pod_identity_ack_preflight' : 'pod_identity_preflight');

const preflight = (ack: boolean): BashFunction => ({
  uses: [DIE, LOG, ...(ack ? [] : [ASSOCIATION_OF])],
  lines: [
    `${podIdentityPreflightName(ack)}() {`,
    `  [[ "$CLUSTER" != ${PLACEHOLDER_CLUSTER_NAME} ]] ||`,
    '    die "iam.clusterName is still the placeholder $CLUSTER: set it in .projenrc.ts to the EKS cluster and run npx projen"',
    `  [[ -n "$(kubectl -n kube-system get daemonset ${POD_IDENTITY_AGENT} --ignore-not-found -o name)" ]] ||`,
    `    die "the EKS Pod Identity Agent does not run in this cluster (no DaemonSet kube-system/${POD_IDENTITY_AGENT}): aws eks create-addon --cluster-name $CLUSTER --addon-name ${POD_IDENTITY_AGENT}"`,
    ...(ack ? [
      `  [[ -n "$(kubectl get customresourcedefinition ${ACK_ASSOCIATION_CRD} --ignore-not-found -o name)" ]] ||`,
      `    die "the ACK EKS controller is not installed (no CRD ${ACK_ASSOCIATION_CRD}), which creates the Pod Identity associations of $OVERLAYS_DIR/iam (README.md, \\"IAM roles\\")"`,
    ] : [
      '  if ! command -v aws >/dev/null; then',
      '    log "warning: the AWS CLI is not on PATH, so the Pod Identity associations were not checked"',
      '    return 0',
      '  fi',
      '  local entry found',
      '  for entry in "${ASSOCIATIONS[@]}"; do',
      '    found=$(association_of "${entry%%=*}") || exit 1',
      '    [[ -n "$found" ]] ||',
      '      die "ServiceAccount ${entry%%=*} has no Pod Identity association in cluster $CLUSTER: create them with $ASSOCIATION_SCRIPT"',
      '    [[ "${found#* }" == "${entry#*=}" ]] ||',
      '      die "the Pod Identity association of ServiceAccount ${entry%%=*} gives ${found#* }, not ${entry#*=}: run $ASSOCIATION_SCRIPT --update"',
      '  done',
    ]),
    '}',
  ],
});

/**
 * One function object per kind, each with its own name, so that a script checking several installs (doctor) defines
 * each once, and installs with and without ACK associations each call their own.
 */
const PREFLIGHTS = { ack: preflight(true), cli: preflight(false) };

/** The Pod Identity preflight of installs with (`ack`) or without ACK association objects. */
export const podIdentityPreflight = (ack: boolean): BashFunction => (ack ? PREFLIGHTS.ack : PREFLIGHTS.cli);

