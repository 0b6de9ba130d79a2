import type { KfpConfig } from '../config';
import { CacheWebhook } from '../options';
import type { ExternalObject } from '../validate';

/**
 * The cache webhook's TLS key and certificate (`tls.key`, `tls.crt`). No manifest defines it and the user does not
 * create it: cert-manager writes it at run time from the install's Certificate, and cache-server mounts it.
 */
export const WEBHOOK_SERVER_TLS = 'webhook-server-tls';

/**
 * Secrets that a workload of the install creates in its namespace at run time. A reference check accepts these
 * although neither the rendered objects nor the user's Secrets include them.
 */
export function runTimeSecrets(config: KfpConfig): ExternalObject[] {
  if (config.cacheWebhook === CacheWebhook.NONE) return [];
  return [{ kind: 'Secret', namespace: config.namespace, name: WEBHOOK_SERVER_TLS }];
}
