import { IamMechanism } from '../options';
import { argoCrd, kfpCrd } from './crd-specs';
import { KFP_0_2_3_SETTINGS } from './readers/kfp-0.2.3';
import { KfpRelease, ML_METADATA_NATIVE_PASSWORD, S3Consumer, WorkloadLayout } from './release';

const VERSION = '0.2.3';
const ARGO_VERSION = 'v2.3.0-license-compliance';
/**
 * The newest Argo executor that speaks the v2.3 controller's protocol (template from the `podmetadata` annotations
 * file, outputs as the `workflows.argoproj.io/outputs` annotation, only `ARGO_POD_NAME` and
 * `ARGO_CONTAINER_RUNTIME_EXECUTOR` in its environment) and whose PNS executor finds containers under the systemd cgroup
 * driver of current EKS nodes (`parseContainerIDFromCgroupLine`, argoproj/argo-workflows#4309, first in v2.12.0). Read in
 * argoproj/argo-workflows at v2.3.0 and v2.12.13 (`workflow/controller/workflowpod.go`, `workflow/executor/pns/pns.go`,
 * `workflow/executor/executor.go`); v3.0 writes output artifacts without their bucket, which the 0.2.3 UI needs.
 */
const ARGO_EXECUTOR = 'quay.io/argoproj/argoexec:v2.12.13';

/** Regions missing from minio-go v6.0.5's endpoint map (`s3-endpoints.go`), which the api server and Argo 2.3 use. */
const MINIO_GO_V6_UNREACHABLE = 'its api server and Argo 2.3 (minio-go v6.0.5) address buckets of regions missing from their endpoint map through s3.amazonaws.com, which does not serve this region';
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
    argoExecutor: ARGO_EXECUTOR,
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
    // No `tensorboard`: the UI writes `tensorflow/tensorflow:<version>` into each Viewer (frontend/server/k8s-helper.ts)
    // and the viewer controller defaults to tensorflow/tensorflow:1.13.2 (reconciler.go); neither can be set.
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
    // Argo 2.3 takes a keyFormat too, but the 0.2.3 UI reads archived logs from `<ARGO_ARCHIVE_PREFIX>/<workflow>/<pod>/main.log`,
    // Argo's layout under keyPrefix (frontend/server/workflow-helper.ts).
    archiveKeys: 'keyPrefix',
    workflowDefaults: false,
    awsEndpoint: 'global',
    sdkCredentials: false,
    // The default, docker, needs a Docker socket, which containerd nodes lack; PNS runs with the executor image above.
    containerRuntimeExecutor: 'pns',
    // The PNS executor of v2.12.13 maps each process of the pod to its container by the last element of
    // /proc/<pid>/cgroup, without a `.scope` suffix, a `cri-containerd:` part or a `<runtime>-` prefix, and compares it
    // with the container ID of the pod's status after `<runtime>://` (workflow/executor/pns/pns.go
    // `parseContainerIDFromCgroupLine`, workflow/executor/common/common.go `GetContainerID`): the cgroup paths of
    // Docker, containerd and CRI-O end in the container ID.
    executorRuntimes: ['docker', 'containerd', 'cri-o'],
  },
  crds: {
    ScheduledWorkflow: kfpCrd('ScheduledWorkflow', 'scheduledworkflows', ['swf']),
    Viewer: kfpCrd('Viewer', 'viewers', ['vi']),
  },
  workloads: WorkloadLayout.PLAIN,
  // The PNS executor's wait container adds SYS_PTRACE, which the baseline level refuses.
  podSecurity: { enforce: 'privileged' },
  mysql: { args: [], databases: ['pipeline', 'metadata'], tls: false, connectionLifetime: false, nativePasswordFor: ML_METADATA_NATIVE_PASSWORD('v0.21.1') },
  defaultIamMechanism: IamMechanism.KUBE2IAM,
  // Its api server calls BucketExists, then MakeBucket when the bucket seems missing, and exits when that fails
  // (backend/src/apiserver/client_manager.go).
  apiServerChecksBucket: true,
  knownIssues: [
    {
      summary: 'With kube2iam, pipeline step pods do not carry a role annotation: Argo 2.3 has no workflow defaults to add one. Their executor reaches S3 with kube2iam\'s default role, so kube2iam must run with `--default-role` set to the pipeline steps\' role (`npx projen deploy iam` checks that), unless every pipeline annotates its steps (`ContainerOp.add_pod_annotation`).',
    },
    {
      summary: 'Pipeline steps run with Argo\'s executor v2.12.13 in PNS mode. The executor of Argo 2.3 cannot find a step\'s container under the systemd cgroup driver, which every current EKS node image uses (Amazon Linux 2023, Amazon Linux 2 with containerd, Bottlerocket); v2.12.13 parses those cgroup paths and is the newest executor that speaks the 0.2.3 controller\'s protocol. This was established by reading both releases\' source (argoproj/argo-workflows v2.3.0 and v2.12.13), not on a cluster: run one pipeline with outputs on your nodes before you rely on it. Its wait container adds `SYS_PTRACE`, so the namespace enforces the `privileged` Pod Security level.',
    },
    {
      summary: 'In `overlay/iam` the UI shows no run-output visualizations: it reads every `mlpipeline-ui-metadata` file with its MinIO client, which signs with static keys only (frontend/src/lib/WorkflowParser.ts, server/handlers/artifacts.ts). Logs, artifact links and TensorBoard viewers work; visualizations need `overlay/accesskey`.',
    },
    {
      summary: 'The UI cannot read buckets of the China and GovCloud partitions: its S3 client looks up every bucket\'s region at `s3.amazonaws.com`.',
    },
  ],
  uiSigningKey: false,
  // The workflow controller has no S3 client (Argo 2.3's controller imports no artifact driver): only the step pods'
  // executor moves artifacts.
  s3Consumers: [S3Consumer.API_SERVER, S3Consumer.UI, S3Consumer.PIPELINE_RUNNER, S3Consumer.VIEWER, S3Consumer.VISUALIZATION_SERVER],
  unsupportedIamMechanisms: {
    [IamMechanism.IRSA]: 'none of its S3 clients reads the web-identity token IRSA mounts: the api server (minio-go v6.0.5, which added web identity in v6.0.45) and the UI (minio-js 7.0.11) read instance-profile credentials only; use kube2iam',
    [IamMechanism.POD_IDENTITY]: 'none of its S3 clients can read the credentials EKS Pod Identity gives: minio-go v6.0.5 and minio-js 7.0.11 are of 2019, and Pod Identity came in 2023 (minio-go supports it from v7.0.69, minio-go commit e2c82fe); use kube2iam',
  },
  unsupportedRegions: Object.fromEntries([
    'ca-west-1', 'mx-central-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'me-south-1', 'me-central-1', 'il-central-1',
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6',
    'ap-southeast-7', 'me-west-1', 'sa-west-1', 'us-gov-east-1',
  ].map((region) => [region, MINIO_GO_V6_UNREACHABLE])),
  settings: KFP_0_2_3_SETTINGS,
};
