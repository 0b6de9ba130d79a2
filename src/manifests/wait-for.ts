import type { k8s } from 'cdk8s-plus-32';
import { imageOf, KfpRelease } from '../catalog';
import { quantity } from './kube';
import { RESTRICTED_CONTAINER } from './security';

/** Waits (up to two minutes) until `$WAIT_HOST:$WAIT_PORT` accepts TCP connections. */
const WAIT_SCRIPT = [
  'i=0',
  'until nc -z -w 2 "$WAIT_HOST" "$WAIT_PORT"; do',
  '  i=$((i+1))',
  '  if [ "$i" -ge 60 ]; then echo "Timed out waiting for $WAIT_HOST:$WAIT_PORT"; exit 1; fi',
  '  echo "Waiting for $WAIT_HOST:$WAIT_PORT"; sleep 2',
  'done',
].join('\n');

/**
 * An init container that holds a pod until a dependency listens (KFP 2.x waits for MySQL and the metadata server
 * this way). `host` and `port` are environment variable sources.
 */
export function waitForInitContainer(release: KfpRelease, name: string, host: k8s.EnvVar, port: k8s.EnvVar): k8s.Container {
  return {
    name,
    image: imageOf(release, 'waitFor'),
    command: ['/bin/sh', '-ec'],
    args: [WAIT_SCRIPT],
    env: [{ ...host, name: 'WAIT_HOST' }, { ...port, name: 'WAIT_PORT' }],
    resources: {
      requests: { cpu: quantity('10m'), memory: quantity('16Mi') },
      limits: { cpu: quantity('100m'), memory: quantity('64Mi') },
    },
    // alpine's image user is root, which the restricted `runAsNonRoot` refuses to start; upstream runs it as 1000.
    securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000 },
  };
}
