import { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import type { KfpComponentProps } from '../component';
import { boundRole } from '../rbac';
import { API_SERVER } from './api-server';

const NAME = 'kubeflow-pipelines-public';

/** The installed KFP version, in a ConfigMap that every authenticated user of the cluster may read. */
export class KubeflowPipelinesPublic extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: NAME },
      data: { kubeflow_pipelines_version: `v${config.release.version}` },
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
