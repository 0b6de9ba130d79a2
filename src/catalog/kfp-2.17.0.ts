import { IamMechanism } from '../options';
import { argoCrd, kfpCrd } from './crd-specs';
import { Kfp2Tags, kfp2Settings } from './readers/kfp-2';
import { KfpImages, KfpRelease, ML_METADATA_NATIVE_PASSWORD, S3Consumer, WorkloadLayout } from './release';

const VERSION = '2.17.0';
const ARGO_VERSION = 'v4.0.5';

/** The images KFP publishes for a 2.x release, each tagged with the release's version. */
export function kfp2Images(version: string) {
  const image = (name: string) => `ghcr.io/kubeflow/kfp-${name}:${version}`;
  return {
    apiServer: image('api-server'),
    persistenceAgent: image('persistence-agent'),
    scheduledWorkflow: image('scheduled-workflow-controller'),
    frontend: image('frontend'),
    viewerCrdController: image('viewer-crd-controller'),
    visualizationServer: image('visualization-server'),
    metadataEnvoy: image('metadata-envoy'),
    metadataWriter: image('metadata-writer'),
    cacheServer: image('cache-server'),
    v2Driver: image('driver'),
    v2Launcher: image('launcher'),
  } satisfies Partial<KfpImages>;
}

/** The upstream tags of 2.17.0, at which its setting readers were read. */
export const KFP_2_17_0_TAGS: Kfp2Tags = {
  kfp: VERSION,
  argo: ARGO_VERSION,
  mlmd: 'v1.14.0',
  mysqlEntrypoint: 'docker-library/mysql@7f30fdb:8.4/docker-entrypoint.sh',
};

/** Kubeflow Pipelines 2.17.0 (`manifests/kustomize/env/platform-agnostic`), Argo Workflows v4.0.5. */
export const KFP_2_17_0: KfpRelease = {
  version: VERSION,
  images: {
    ...kfp2Images(VERSION),
    workflowController: `quay.io/argoproj/workflow-controller:${ARGO_VERSION}`,
    argoExecutor: `quay.io/argoproj/argoexec:${ARGO_VERSION}`,
    metadataServer: 'gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0',
    mysql: 'mysql:8.4',
    waitFor: 'docker.io/alpine:3.23',
    cacheImage: 'ghcr.io/containerd/busybox',
    // The UI's default `VIEWER_TENSORBOARD_TF_IMAGE_NAME` (frontend/server/configs.ts), to which it appends the version.
    tensorboard: 'tensorflow/tensorflow',
  },
  components: [
    'namespace', 'pipeline-install-config', 'mysql', 'argo-crds', 'workflow-controller', 'pipeline-runner',
    'metadata-grpc', 'metadata-envoy', 'metadata-writer', 'cache-server',
    'kfp-launcher', 'api-server', 'persistence-agent', 'scheduled-workflow', 'ui', 'viewer-crd-controller',
    'visualization-server', 'kubeflow-pipelines-public',
  ],
  rbac: {
    'argo-role': [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] },
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims', 'persistentvolumeclaims/finalizers'], verbs: ['create', 'update', 'delete', 'get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows', 'workflows/finalizers', 'workflowtasksets', 'workflowtasksets/finalizers', 'workflowartifactgctasks'], verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete', 'create'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtemplates', 'workflowtemplates/finalizers'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['list', 'watch', 'deletecollection'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['cronworkflows', 'cronworkflows/finalizers'], verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['create', 'get', 'delete'] },
    ],
    'kubeflow-pipelines-cache-role': [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    ],
    'kubeflow-pipelines-metadata-writer-role': [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    ],
    'kubeflow-pipelines-public': [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['kubeflow-pipelines-public'], verbs: ['get', 'list', 'watch'] },
    ],
    'ml-pipeline': [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['create', 'get', 'list', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows/finalizers'], verbs: ['update'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['pipelines'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['mlflow.kubeflow.org'], resources: ['experiments'], verbs: ['get', 'list', 'create', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['kfp-launcher'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['kfp-mlflow-credentials'], verbs: ['get'] },
    ],
    'ml-pipeline-persistenceagent-role': [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['scheduledworkflows', 'workflows'], verbs: ['report'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['runs'], verbs: ['reportMetrics', 'readArtifact'] },
    ],
    'ml-pipeline-scheduledworkflow-role': [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows', 'scheduledworkflows/finalizers'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['runs'], verbs: ['create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ],
    'ml-pipeline-ui': [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list'] },
      { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list'] },
      { apiGroups: ['kubeflow.org'], resources: ['viewers'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list'] },
    ],
    'ml-pipeline-viewer-controller-role': [
      { apiGroups: ['*'], resources: ['deployments', 'services'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['kubeflow.org'], resources: ['viewers', 'viewers/finalizers'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
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
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
      { apiGroups: ['mlflow.kubeflow.org'], resources: ['experiments'], verbs: ['get', 'list', 'create', 'update'] },
    ],
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
    archiveKeys: 'keyFormat',
    workflowDefaults: true,
    awsEndpoint: 'regional',
    sdkCredentials: true,
  },
  crds: {
    ScheduledWorkflow: kfpCrd('ScheduledWorkflow', 'scheduledworkflows', ['swf']),
    Viewer: kfpCrd('Viewer', 'viewers', ['vi']),
  },
  workloads: WorkloadLayout.RESTRICTED,
  podSecurity: { enforce: 'baseline', warn: 'restricted' },
  mysql: {
    args: ['--authentication-policy=mysql_native_password', '--mysql-native-password=ON', '--disable-log-bin'],
    databases: ['pipeline', 'metadata', 'cache'],
    tls: true,
    connectionLifetime: true,
    nativePasswordFor: ML_METADATA_NATIVE_PASSWORD('1.14.0'),
  },
  defaultIamMechanism: IamMechanism.IRSA,
  // EKS Pod Identity hands out credentials at AWS_CONTAINER_CREDENTIALS_FULL_URI (169.254.170.23) against the token in
  // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE. The api server and the v2 launcher resolve them with aws-sdk-go-v2 config
  // v1.32.11 (go.mod; support since v1.25.0), Argo's executor with config v1.29.14 (argo-workflows v4.0.5 go.mod,
  // useSDKCreds), the UI with @aws-sdk/credential-provider-http 3.972.5 (frontend/server/package-lock.json; since
  // 3.458.0), for AWS S3 hosts only (frontend/server/minio-helper.ts). The TensorBoard viewers run TensorFlow 1.7 to 2.2,
  // whose aws-sdk-cpp (1.3 to 1.7) reads only AWS_CONTAINER_AUTHORIZATION_TOKEN, not the token file (Pod Identity needs
  // aws-sdk-cpp 1.11.263: docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html).
  roleLimits: {
    [IamMechanism.POD_IDENTITY]: {
      [S3Consumer.VIEWER]: 'the TensorFlow 1.7 to 2.2 images the UI offers bundle an AWS SDK for C++ older than 1.11.263, which cannot read the Pod Identity token, and an association would take the nodes\' role from them too; without one they read S3 with the nodes\' role, where that role may',
    },
  },
  // The api server checks the bucket at startup (HeadBucket, then CreateBucket when it is missing), but a failure only
  // logs a warning (backend/src/apiserver/client_manager/client_manager.go): its role needs nothing for it.
  apiServerChecksBucket: false,
  knownIssues: [],
  uiSigningKey: true,
  // The visualization server's image has TensorFlow 2.21 without tensorflow-io, boto3 or s3fs, and reads no AWS setting
  // (backend/src/apiserver/visualization/requirements.txt, server.py): it cannot read S3, so it gets no role.
  s3Consumers: [S3Consumer.API_SERVER, S3Consumer.UI, S3Consumer.WORKFLOW_CONTROLLER, S3Consumer.PIPELINE_RUNNER, S3Consumer.VIEWER],
  settings: kfp2Settings(KFP_2_17_0_TAGS),
};
