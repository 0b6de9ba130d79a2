import { IamMechanism } from '../options';
import { argoCrd, kfpCrd } from './crd-specs';
import { KfpRelease, WorkloadLayout } from './release';

const VERSION = '0.2.3';
const ARGO_VERSION = 'v2.3.0-license-compliance';
const KFP_IMAGE = (name: string) => `gcr.io/ml-pipeline/${name}:${VERSION}`;

/**
 * Kubeflow Pipelines 0.2.3 (`manifests/kustomize/env/dev` at tag 0.2.3) as the e2fyi/kubeflow-aws overlays deployed
 * it, with Argo Workflows v2.3. Left out on purpose: MinIO (S3 replaces it), the inverse proxy agent (it serves the
 * Google Cloud console only) and the Application resource with its controller (a Google Cloud Marketplace descriptor
 * whose selector matched nothing in the AWS install).
 */
export const KFP_0_2_3: KfpRelease = {
  version: VERSION,
  images: {
    workflowController: `gcr.io/ml-pipeline/workflow-controller:${ARGO_VERSION}`,
    argoExecutor: `gcr.io/ml-pipeline/argoexec:${ARGO_VERSION}`,
    apiServer: KFP_IMAGE('api-server'),
    persistenceAgent: KFP_IMAGE('persistenceagent'),
    scheduledWorkflow: KFP_IMAGE('scheduledworkflow'),
    frontend: KFP_IMAGE('frontend'),
    viewerCrdController: KFP_IMAGE('viewer-crd-controller'),
    visualizationServer: KFP_IMAGE('visualization-server'),
    metadataServer: 'gcr.io/tfx-oss-public/ml_metadata_store_server:v0.21.1',
    metadataEnvoy: 'gcr.io/ml-pipeline/envoy:initial',
    metadataWriter: KFP_IMAGE('metadata-writer'),
    // The official image, as the seed used: its entrypoint runs /docker-entrypoint-initdb.d scripts.
    mysql: 'mysql:5.6',
  },
  components: [
    'namespace', 'mysql', 'argo-crds', 'workflow-controller', 'pipeline-runner',
    'metadata-grpc', 'metadata-envoy', 'metadata-writer',
    'api-server', 'persistence-agent', 'scheduled-workflow', 'ui', 'viewer-crd-controller', 'visualization-server',
  ],
  rbac: {
    'argo-role': [
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows', 'workflows/finalizers'], verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete'] },
    ],
    'kubeflow-pipelines-metadata-writer-role': [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    ],
    'ml-pipeline': [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['create', 'get', 'list', 'update', 'patch', 'delete'] },
    ],
    'ml-pipeline-persistenceagent-role': [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['get', 'list', 'watch'] },
    ],
    'ml-pipeline-scheduledworkflow-role': [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
    ],
    'ml-pipeline-ui': [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['create', 'get', 'list'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
      { apiGroups: ['kubeflow.org'], resources: ['viewers'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list'] },
    ],
    'ml-pipeline-viewer-controller-role': [
      { apiGroups: ['*'], resources: ['deployments', 'services'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['viewers'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
    ],
    'pipeline-runner': [
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
    ],
  },
  argo: {
    version: ARGO_VERSION,
    // Argo 2.3 writes the whole workflow, status included, with one update: a status subresource would drop it.
    crds: [argoCrd('Workflow', 'workflows', ['wf'])],
    keyFormat: false,
    sdkCredentials: false,
    // The default executor, docker, needs the Docker socket, which nodes of current clusters (containerd) lack.
    containerRuntimeExecutor: 'pns',
  },
  crds: {
    ScheduledWorkflow: kfpCrd('ScheduledWorkflow', 'scheduledworkflows', ['swf']),
    Viewer: kfpCrd('Viewer', 'viewers', ['vi']),
  },
  workloads: WorkloadLayout.PLAIN,
  // The PNS executor's wait container adds SYS_PTRACE, which the baseline level refuses.
  podSecurity: { enforce: 'privileged' },
  mysql: { args: [], databases: ['pipeline', 'metadata'], tls: false, connectionLifetime: false },
  defaultIamMechanism: IamMechanism.KUBE2IAM,
  // Its api server calls MakeBucket, then BucketExists when that fails (no s3:CreateBucket), and exits on an error.
  apiServerChecksBucket: true,
  knownIssues: [
    {
      summary: 'IRSA does not reach S3 with these images: the S3 clients of the api server and of Argo 2.3 (minio-go before v6.0.45) and of the UI read instance-profile credentials only, never the web-identity token IRSA mounts. With `IamMechanism.IRSA` the ServiceAccounts are annotated but the pods get no S3 credentials; use kube2iam (the default for this release) or the access-key variant.',
      reference: 'https://github.com/kubeflow/pipelines/issues/3398',
    },
    {
      summary: 'With kube2iam, pipeline step pods do not carry the role annotation: Argo 2.3 has no workflow defaults to add it. Their executor uploads artifacts and logs with kube2iam\'s default role (`--default-role`) unless a pipeline annotates its steps (`ContainerOp.add_pod_annotation`).',
    },
    {
      summary: 'Workflows run with Argo\'s PNS executor, because the default (docker) needs a Docker socket that current nodes lack. Its wait container adds `SYS_PTRACE`, so the namespace enforces the `privileged` Pod Security level; PNS can miss the outputs of steps that exit within a second.',
    },
    {
      summary: 'The 0.2.3 UI\'s S3 client has no endpoint or region setting: it reads `s3://` artifacts, and archived logs unless `s3Endpoint` is set, through `s3.amazonaws.com`, which does not serve buckets of the China or GovCloud partitions.',
    },
  ],
};
