import { DIE, LOG, USAGE_ERROR } from './bash-functions';
import { scriptOf } from './paths';
import { ShellScriptSpec, shellWord } from './shell-script';
import { isPlaceholderRole, KfpConfig, placeholderRoleOptions } from '../config';
import { PLACEHOLDER_CLUSTER_NAME } from '../config/types';
import { associationEntries } from '../iam/mechanisms';
import { ASSOCIATION_OF } from '../iam/pod-identity-preflight';
import { roleBindings } from '../iam/role-bindings';

/**
 * Creates the EKS Pod Identity associations of an install with the AWS CLI: one per ServiceAccount that gets a role.
 * It can run again: an association that gives the role already stays, one that gives another is reported (and
 * replaced with `--update`), since `create-pod-identity-association` fails on a ServiceAccount that has one.
 */
export function associationScript(config: KfpConfig): ShellScriptSpec {
  const { namespace, root, iam } = config;
  const bindings = roleBindings(config);
  const placeholders = bindings.filter((binding) => isPlaceholderRole(binding.role));
  return {
    summary: `Creates the EKS Pod Identity associations that give the pods of namespace ${namespace} their IAM roles.`,
    usage: [
      `Usage: ${scriptOf(root, 'createAssociations')} [--update] [-h]`,
      '',
      `Creates, in EKS cluster ${iam.clusterName} (iam.clusterName), the Pod Identity association of each ServiceAccount`,
      `of namespace ${namespace} whose pods reach S3:`,
      ...bindings.map((b) => `  ${b.serviceAccount}: ${b.role}`),
      'An association that gives that role already is left as it is; one that gives another role is reported and left,',
      'and the script ends with an error, unless:',
      '  --update    give such an association the role above',
      '  -h, --help  print this text',
      'Needs the AWS CLI (2.15 or 1.30 and later) with credentials that may eks:ListPodIdentityAssociations,',
      'eks:DescribePodIdentityAssociation, eks:CreatePodIdentityAssociation and eks:UpdatePodIdentityAssociation on the',
      'cluster, and iam:PassRole on the roles. Create the roles first (README.md, "IAM roles").',
    ],
    params: { CLUSTER: iam.clusterName, NAMESPACE: namespace, ASSOCIATIONS: associationEntries(bindings) },
    functions: [USAGE_ERROR, ASSOCIATION_OF, LOG, DIE],
    body: [
      'update=false',
      'while [[ $# -gt 0 ]]; do',
      '  case "$1" in',
      '    -h | --help) usage; exit 0 ;;',
      '    --update) update=true ;;',
      '    *) usage_error "unexpected argument: $1" ;;',
      '  esac',
      '  shift',
      'done',
      'command -v aws >/dev/null || die "the AWS CLI is not on PATH (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"',
      `[[ "$CLUSTER" != ${PLACEHOLDER_CLUSTER_NAME} ]] ||`,
      '  die "iam.clusterName is still the placeholder $CLUSTER: set it in .projenrc.ts to the EKS cluster and run npx projen"',
      // The roles are known now; no cluster can assume a placeholder.
      ...(placeholders.length > 0 ? [
        `die ${shellWord(`ServiceAccount ${placeholders[0].serviceAccount} still has the placeholder role ${placeholders[0].role}: set ${placeholderRoleOptions(config).join(', ')} in .projenrc.ts and run npx projen`)}`,
      ] : []),
      'mismatched=0',
      'for entry in "${ASSOCIATIONS[@]}"; do',
      '  account=${entry%%=*} role=${entry#*=}',
      '  found=$(association_of "$account") || exit 1',
      '  if [[ -z "$found" ]]; then',
      '    aws eks create-pod-identity-association --cluster-name "$CLUSTER" --namespace "$NAMESPACE" \\',
      '      --service-account "$account" --role-arn "$role" --query \'association.associationId\' --output text >/dev/null',
      '    log "ServiceAccount $account: associated with $role"',
      '  elif [[ "${found#* }" == "$role" ]]; then',
      '    log "ServiceAccount $account: associated with $role already"',
      '  elif $update; then',
      '    aws eks update-pod-identity-association --cluster-name "$CLUSTER" --association-id "${found%% *}" \\',
      '      --role-arn "$role" --query \'association.associationId\' --output text >/dev/null',
      '    log "ServiceAccount $account: association ${found%% *} now gives $role (it gave ${found#* })"',
      '  else',
      '    printf \'ServiceAccount %s: association %s gives %s, not %s\\n\' "$account" "${found%% *}" "${found#* }" "$role" >&2',
      '    mismatched=1',
      '  fi',
      'done',
      '[[ $mismatched -eq 0 ]] || die "the associations above give other roles and were left as they are: run again with --update to change them"',
      'log "every ServiceAccount of namespace $NAMESPACE that reaches S3 has its association; pods started before it get it when restarted"',
    ],
  };
}
