import { Construct } from 'constructs';
import type { KfpComponentProps } from '../component';
import { KubeNamespace } from '../kube';

/**
 * The install's Namespace, with the Pod Security levels its release's pods need. It belongs to one install, so it goes
 * to `base/` rather than to the shared `crds/`.
 */
export class InstallNamespace extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { enforce, warn } = props.config.release.podSecurity;
    new KubeNamespace(props.installClusterScope, 'Namespace', {
      metadata: {
        name: props.config.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': enforce,
          ...(warn ? { 'pod-security.kubernetes.io/warn': warn } : {}),
        },
      },
    });
  }
}
