/**
 * A credential variant: one `overlay/<variant>` folder. The base is rendered with no variant (credential-agnostic)
 * and each overlay holds what its variant changes.
 */
export type Variant = 'accesskey' | 'iam';

/** Every variant, in the order the README and the scripts list them. */
export const VARIANTS: readonly Variant[] = ['accesskey', 'iam'];
