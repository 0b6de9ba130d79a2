import { KfpConfig, placeholderRoleConsumers } from '../config';
import type { Variant } from '../manifests/variant';

/**
 * The overlay that `deploy`, `diff` and `uninstall` use when not told: `iam` (no keys anywhere) once every role of
 * `iam.roleArn` and `iam.roleArns` is set, `accesskey` while any is still the placeholder, which no cluster can assume,
 * or where the install has no `iam` overlay.
 */
export function defaultVariant(config: KfpConfig): Variant {
  return config.variants.includes('iam') && placeholderRoleConsumers(config).length === 0 ? 'iam' : 'accesskey';
}
