import { Construct } from 'constructs';
import type { KfpComponentProps } from '../component';
import { boundRole } from '../rbac';
import { API_SERVER } from './api-server';
import { KubeConfigMap } from '../kube';

const NAME = 'kubeflow-pipelines-public';

/**
 * Where a 2.x install publishes its release, as upstream does (`manifests/kustomize/base/pipeline/kustomization.yaml`):
 * key `kubeflow_pipelines_version` of this ConfigMap, the version with a leading `v`. `deploy` reads it to tell the
 * running release.
 */
export const KFP_VERSION_CONFIGMAP = { name: NAME, key: 'kubeflow_pipelines_version' } as const;

/** The installed KFP version, in a ConfigMap that every authenticated user of the cluster may read. */
export class KubeflowPipelinesPublic extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: NAME },
      data: { [KFP_VERSION_CONFIGMAP.key]: `v${config.release.version}` },
    });

    boundRole(this, config, {
      role: NAME,
      binding: NAME,
      subject: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
      roleLabels: { app: API_SERVER },
      bindingLabels: { app: API_SERVER },
    });
  }
}
