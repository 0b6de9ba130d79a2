import { BashFunction, DIE, LOG } from './bash-functions';
import { shellWord } from './shell-script';
import { KfpConfig, ManagedSecret, ManagedSecretOption, PLACEHOLDER_SECRETS_ROLE_ARN } from '../config';
import { ESO_CRDS } from '../manifests/components/external-secrets';
import type { Variant } from '../manifests/variant';

/**
 * The first release of the External Secrets Operator that serves `external-secrets.io/v1`, which the objects use
 * (external-secrets v0.16.0 `apis/externalsecrets/v1/`; v0.15.1 has only v1beta1, and v0.17.0 stops serving it).
 */
export const ESO_MIN_VERSION = 'v0.16.0';

/** How long `install` waits for ESO to create the Secrets of `secretsManager`. */
export const EXTERNAL_SECRETS_TIMEOUT = '2m';

/** The Secret of `option` that ESO creates for the install, if `secretsManager` names it. */
export function managedSecret(config: KfpConfig, option: ManagedSecretOption): ManagedSecret | undefined {
  return config.secretsManager?.secrets.find((secret) => secret.option === option);
}

/** Where a managed Secret comes from, for the scripts' texts. */
export const managedSource = (secret: ManagedSecret) =>
  `created by the External Secrets Operator from ${secret.secretId} (secretsManager.${secret.option})`;

/**
 * `wait_for_external_secrets NAME...`: waits until ESO has filled each ExternalSecret (condition `Ready`: external-secrets
 * v2.9.0 `apis/externalsecrets/v1/externalsecret_types.go`, `ExternalSecretReady`); stops with each one's message when it
 * does not, since the pods that read the Secret would not start.
 */
const WAIT_FOR_EXTERNAL_SECRETS: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'wait_for_external_secrets() {',
    '  local name',
    '  log "waiting until the External Secrets Operator has created the Secrets $* from AWS Secrets Manager"',
    '  for name in "$@"; do',
    '    kubectl -n "$NAMESPACE" wait --for=condition=Ready --timeout="$EXTERNAL_SECRETS_TIMEOUT" "externalsecret/$name" >/dev/null && continue',
    '    printf \'ExternalSecret %s is not Ready: %s\\n\' "$name" "$(kubectl -n "$NAMESPACE" get externalsecret "$name" -o jsonpath=\'{.status.conditions[?(@.type=="Ready")].message}\' 2>&1)" >&2',
    '    die "the External Secrets Operator did not create Secret $name: check that its secret exists in Secrets Manager with the properties secretsManager names, and that role $SECRETS_ROLE exists with the documents of iam/ (README.md, \\"Secrets from AWS Secrets Manager\\")"',
    '  done',
    '}',
  ],
};

/** What `install.sh` does for the Secrets of `secretsManager`: check ESO and the role before it applies, wait after. */
export interface ExternalSecretsInstallParts {
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly functions: readonly BashFunction[];
  /** Lines that add to `missing` before anything is applied. */
  readonly checks: readonly string[];
  /** Lines run after the overlay is applied, before the rollout is awaited. */
  readonly wait: readonly string[];
}

/** {@link ExternalSecretsInstallParts} of `config`; `undefined` without `secretsManager`. */
export function externalSecretsInstallParts(config: KfpConfig): ExternalSecretsInstallParts | undefined {
  const { secretsManager } = config;
  if (!secretsManager) return undefined;
  const names = (variant: Variant | undefined) => secretsManager.secrets.filter((secret) => secret.variant === variant).map((secret) => secret.name);
  const accessKey = names('accesskey');
  return {
    params: {
      ESO_CRDS,
      EXTERNAL_SECRETS: names(undefined),
      ACCESS_KEY_EXTERNAL_SECRETS: accessKey,
      EXTERNAL_SECRETS_TIMEOUT,
      SECRETS_ROLE: secretsManager.roleArn,
    },
    functions: [WAIT_FOR_EXTERNAL_SECRETS],
    checks: [
      `if [[ "$SECRETS_ROLE" == ${shellWord(PLACEHOLDER_SECRETS_ROLE_ARN)} ]]; then`,
      `  printf '%s\\n' ${shellWord(`secretsManager.roleArn is still the placeholder ${PLACEHOLDER_SECRETS_ROLE_ARN}, so the External Secrets Operator could read no secret: set it in .projenrc.ts, run npx projen and create the role (README.md, "IAM roles")`)} >&2`,
      '  missing=1',
      'fi',
      'for crd in "${ESO_CRDS[@]}"; do',
      '  if [[ -z "$(kubectl get customresourcedefinition "$crd" --ignore-not-found -o name)" ]]; then',
      `    printf 'CRD %s is missing: install the External Secrets Operator (${ESO_MIN_VERSION} or later), which creates the Secrets of secretsManager, or remove secretsManager from .projenrc.ts\\n' "$crd" >&2`,
      '    missing=1',
      '  fi',
      'done',
    ],
    wait: [
      'external_secrets=("${EXTERNAL_SECRETS[@]}")',
      ...(accessKey.length > 0 ? ['if [[ "$variant" == accesskey ]]; then external_secrets+=("${ACCESS_KEY_EXTERNAL_SECRETS[@]}"); fi'] : []),
      'if [[ ${#external_secrets[@]} -gt 0 ]]; then wait_for_external_secrets "${external_secrets[@]}"; fi',
    ],
  };
}
