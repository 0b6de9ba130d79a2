import { code, codeBlock } from '../markdown';
import type { ReadmeContext } from './common';
import { CacheWebhook } from '../../options';

/** How v1 steps reuse earlier results, and what the cache webhook needs; nothing for a release without a cache. */
export function cache({ config }: ReadmeContext): string[] {
  if (!config.release.components.includes('cache-server')) return [];
  const { namespace } = config;
  const v2 = 'KFP v2 pipelines reuse the results of earlier identical steps through the api server, whatever this setting.';
  if (config.cacheWebhook === CacheWebhook.NONE) {
    return [
      '## Cache',
      '',
      `${v2} KFP v1 pipelines do so through the cache webhook, which this repo leaves out (\`cacheWebhook\`, now`,
      `${code(CacheWebhook.NONE)}): their steps always run. The webhook needs a TLS certificate that the Kubernetes API server`,
      'trusts. Upstream\'s cache deployer asks the cluster to sign one for the kubelet signer, which EKS signs only for its',
      'nodes, so the cache server would wait for ever for its certificate. With cert-manager in the cluster, set',
      '`cacheWebhook: CacheWebhook.CERT_MANAGER` in `.projenrc.ts` to deploy it with a certificate cert-manager issues.',
      '',
    ];
  }
  return [
    '## Cache',
    '',
    `${v2} KFP v1 pipelines do so through the cache webhook (\`cacheWebhook: CacheWebhook.CERT_MANAGER\`): the API`,
    'server sends the creation of every pod of this namespace labelled `pipelines.kubeflow.org/cache_enabled: "true"` to the',
    `cache server, which answers from the cache database. Its certificate comes from cert-manager: Issuer ${code('kfp-cache-selfsigned-issuer')}`,
    `and Certificate ${code('kfp-cache-cert')} (for ${code(`cache-server.${namespace}.svc`)}) in ${code('base/cache-server/')}, stored in Secret`,
    `${code('webhook-server-tls')}; cert-manager's CA injector writes its CA into MutatingWebhookConfiguration ${code(`cache-webhook-${namespace}`)}.`,
    'cert-manager must run in the cluster: `npx projen deploy` stops before any change while its CRDs are missing. To',
    'install it, see https://cert-manager.io/docs/installation/. To check the certificate after deploying:',
    '',
    ...codeBlock([
      `kubectl -n ${namespace} get certificate kfp-cache-cert    # READY True`,
      `kubectl get mutatingwebhookconfiguration cache-webhook-${namespace} -o jsonpath='{.webhooks[0].clientConfig.caBundle}' | head -c 20`,
    ]),
    '',
  ];
}
