import type { CredentialVariant } from '../gitops/options';

/**
 * A credential variant: one `overlay/<variant>` folder. The base is rendered with no variant (credential-agnostic)
 * and each overlay holds what its variant changes. The values of the public {@link CredentialVariant}.
 */
export type Variant = `${CredentialVariant}`;

/** Every variant, in the order the README and the scripts list them. */
export const VARIANTS: readonly Variant[] = ['accesskey', 'iam'];
