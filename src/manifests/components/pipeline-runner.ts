import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { serviceAccountAnnotations } from '../aws';
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
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: [''], resources: ['persistentvolumes', 'persistentvolumeclaims'], verbs: ['*'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['create', 'delete', 'get'] },
        { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods', 'pods/exec', 'pods/log', 'services'], verbs: ['*'] },
        { apiGroups: ['', 'apps', 'extensions'], resources: ['deployments', 'replicasets'], verbs: ['*'] },
        { apiGroups: ['kubeflow.org'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['*'] },
        { apiGroups: ['machinelearning.seldon.io'], resources: ['seldondeployments'], verbs: ['*'] },
        { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
        { apiGroups: ['mlflow.kubeflow.org'], resources: ['experiments'], verbs: ['get', 'list', 'create', 'update'] },
      ],
    });

    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: `${PIPELINE_RUNNER}-binding` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: PIPELINE_RUNNER },
      subjects: [{ kind: 'ServiceAccount', name: PIPELINE_RUNNER, namespace: config.namespace }],
    });
  }
}
