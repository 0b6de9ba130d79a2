import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { serviceAccountAnnotations } from '../aws';
import { rulesOf } from '../../catalog';
import type { KfpComponentProps } from '../component';

/** The ServiceAccount every pipeline step runs as; the Argo executor in those pods writes artifacts and logs to S3. */
export const PIPELINE_RUNNER = 'pipeline-runner';

/** The identity of pipeline steps: ServiceAccount `pipeline-runner` and its Role. */
export class PipelineRunner extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: PIPELINE_RUNNER, annotations: serviceAccountAnnotations(config, variant) },
    });

    new k8s.KubeRole(this, 'Role', {
      metadata: { name: PIPELINE_RUNNER },
      rules: rulesOf(config.release, PIPELINE_RUNNER),
    });

    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: `${PIPELINE_RUNNER}-binding` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: PIPELINE_RUNNER },
      subjects: [{ kind: 'ServiceAccount', name: PIPELINE_RUNNER, namespace: config.namespace }],
    });
  }
}
