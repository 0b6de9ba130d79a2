import { KfpConfig, PLACEHOLDER_ROLE_ARN } from '../config';
import type { Variant } from '../manifests/variant';

/**
 * The overlay that `deploy`, `diff` and `uninstall` use when not told: `iam` (no keys anywhere) once `iam.roleArn` is
 * set, `accesskey` while the role is still the placeholder, which no cluster can assume.
 */
export function defaultVariant(config: KfpConfig): Variant {
  return config.iam.roleArn === PLACEHOLDER_ROLE_ARN ? 'accesskey' : 'iam';
}
