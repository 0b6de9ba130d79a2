import type { KfpConfig } from '../config';
import type { ObjectRef } from '../layout/deployment-manifests';
import { installComponents } from '../manifests/install';

/**
 * Cluster-scoped objects that the cache deployer creates at run time (see `manifests/components/cache-deployer.ts`).
 * No manifest lists them, so `kubectl delete -k` leaves them behind; named after the namespace, they belong to this
 * install alone.
 */
export function runTimeClusterObjects(config: KfpConfig): ObjectRef[] {
  if (!installComponents(config).includes('cache-deployer')) return [];
  return [
    { kind: 'MutatingWebhookConfiguration', name: `cache-webhook-${config.namespace}` },
    { kind: 'CertificateSigningRequest', name: `cache-server.${config.namespace}` },
  ];
}
