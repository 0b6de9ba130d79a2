import type { CrdSpec, KfpRelease } from './release';

const ARGO_VERSION = 'v4.0.5';

function argoCrd(kind: string, plural: string, shortNames: string[], extra: Partial<CrdSpec> = {}): CrdSpec {
  return {
    group: 'argoproj.io',
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    scope: 'Namespaced',
    version: 'v1alpha1',
    ...extra,
  };
}

/** Kubeflow Pipelines 2.17.0 (`manifests/kustomize/env/platform-agnostic`), Argo Workflows v4.0.5. */
export const KFP_2_17_0: KfpRelease = {
  version: '2.17.0',
  images: {
    workflowController: `quay.io/argoproj/workflow-controller:${ARGO_VERSION}`,
    argoExecutor: `quay.io/argoproj/argoexec:${ARGO_VERSION}`,
  },
  argo: {
    version: ARGO_VERSION,
    crds: [
      argoCrd('ClusterWorkflowTemplate', 'clusterworkflowtemplates', ['clusterwftmpl', 'cwft'], { scope: 'Cluster' }),
      argoCrd('CronWorkflow', 'cronworkflows', ['cwf', 'cronwf']),
      argoCrd('WorkflowArtifactGCTask', 'workflowartifactgctasks', ['wfat'], { statusSubresource: true }),
      argoCrd('WorkflowEventBinding', 'workfloweventbindings', ['wfeb']),
      argoCrd('Workflow', 'workflows', ['wf'], { statusSubresource: true }),
      argoCrd('WorkflowTaskResult', 'workflowtaskresults', []),
      argoCrd('WorkflowTaskSet', 'workflowtasksets', ['wfts'], { statusSubresource: true }),
      argoCrd('WorkflowTemplate', 'workflowtemplates', ['wftmpl']),
    ],
  },
  supportsIrsa: true,
  knownIssues: [],
};
