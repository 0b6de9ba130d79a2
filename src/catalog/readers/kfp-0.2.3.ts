import { tensorflowS3Env, viewerTemplateReaders } from './tensorflow';
import type { SettingReaders } from '../release';

/*
 * Who reads each setting the generator writes for KFP 0.2.3, read at the tags the release pins. The paths are in
 * kubeflow/pipelines unless another repository is named.
 */
const KFP = 'kubeflow/pipelines@0.2.3';
const ARGO = 'argoproj/argo-workflows@v2.3.0';
const MLMD = 'google/ml-metadata@v0.21.1';
const MYSQL_ENTRYPOINT = 'docker-library/mysql@aa60002^:5.6/docker-entrypoint.sh';
const ARGO_CONFIG = `${ARGO}:workflow/controller/config.go`;
const ARGO_S3 = `${ARGO}:pkg/apis/workflow/v1alpha1/types.go (S3Bucket)`;
/** The api server reads its config file through viper (`backend/src/apiserver/main.go`). */
const API_SERVER_CONFIG = `${KFP}:backend/src/apiserver/client_manager.go`;
const UI_CONFIG = `${KFP}:frontend/server/configs.ts`;
const MLMD_MAIN = `${MLMD}:ml_metadata/metadata_store/metadata_store_server_main.cc`;
const VIEWER_TEMPLATE = 'viewer-tensorboard-template.json';

export const KFP_0_2_3_SETTINGS: Readonly<Record<string, SettingReaders>> = {
  'ConfigMap/ml-pipeline-config': {
    keys: {
      'config.json.DBConfig.Host': API_SERVER_CONFIG,
      'config.json.DBConfig.Port': API_SERVER_CONFIG,
      'config.json.DBConfig.DriverName': API_SERVER_CONFIG,
      'config.json.DBConfig.DBName': API_SERVER_CONFIG,
      'config.json.DBConfig.GroupConcatMaxLen': API_SERVER_CONFIG,
      'config.json.ObjectStoreConfig': `${API_SERVER_CONFIG}, backend/src/apiserver/client/minio.go`,
      'config.json.InitConnectionTimeout': API_SERVER_CONFIG,
      'config.json.DefaultPipelineRunnerServiceAccount': `${KFP}:backend/src/apiserver/resource/resource_manager.go`,
    },
  },
  'Deployment/ml-pipeline/ml-pipeline-api-server': {
    env: {
      OBJECTSTORECONFIG_ACCESSKEY: API_SERVER_CONFIG,
      OBJECTSTORECONFIG_SECRETACCESSKEY: API_SERVER_CONFIG,
      DBCONFIG_USER: API_SERVER_CONFIG,
      DBCONFIG_PASSWORD: API_SERVER_CONFIG,
      POD_NAMESPACE: `${KFP}:backend/src/apiserver/common/config.go`,
    },
  },
  'Deployment/ml-pipeline-ui/ml-pipeline-ui': {
    env: {
      AWS_ACCESS_KEY_ID: UI_CONFIG,
      AWS_SECRET_ACCESS_KEY: UI_CONFIG,
      MINIO_ACCESS_KEY: UI_CONFIG,
      MINIO_SECRET_KEY: UI_CONFIG,
      MINIO_HOST: UI_CONFIG,
      MINIO_NAMESPACE: UI_CONFIG,
      MINIO_PORT: UI_CONFIG,
      MINIO_SSL: UI_CONFIG,
      ARGO_ARCHIVE_LOGS: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
      ARGO_ARCHIVE_ARTIFACTORY: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
      ARGO_ARCHIVE_BUCKETNAME: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
      ARGO_ARCHIVE_PREFIX: `${UI_CONFIG}, frontend/server/workflow-helper.ts`,
      VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH: UI_CONFIG,
      ALLOW_CUSTOM_VISUALIZATIONS: UI_CONFIG,
    },
  },
  'ConfigMap/ml-pipeline-ui-viewer-template': { keys: viewerTemplateReaders(KFP, VIEWER_TEMPLATE) },
  /** The visualization server runs on `tensorflow/tensorflow:2.1.0-py3` and reads S3 through TensorFlow. */
  'Deployment/ml-pipeline-visualizationserver/ml-pipeline-visualizationserver': { env: tensorflowS3Env() },
  'ConfigMap/workflow-controller-configmap': {
    keys: {
      'config.namespace': ARGO_CONFIG,
      'config.executorImage': ARGO_CONFIG,
      'config.containerRuntimeExecutor': `${ARGO_CONFIG}, workflow/controller/workflowpod.go`,
      'config.artifactRepository.archiveLogs': ARGO_CONFIG,
      'config.artifactRepository.s3.endpoint': ARGO_S3,
      'config.artifactRepository.s3.bucket': ARGO_S3,
      'config.artifactRepository.s3.region': ARGO_S3,
      'config.artifactRepository.s3.insecure': ARGO_S3,
      'config.artifactRepository.s3.accessKeySecret': ARGO_S3,
      'config.artifactRepository.s3.secretKeySecret': ARGO_S3,
      'config.artifactRepository.s3.keyPrefix': `${ARGO_CONFIG} (S3ArtifactRepository)`,
    },
  },
  'Deployment/workflow-controller/workflow-controller': {
    args: {
      '--configmap': `${ARGO}:cmd/workflow-controller/main.go`,
      '--executor-image': `${ARGO}:cmd/workflow-controller/main.go`,
    },
  },
  'Deployment/metadata-deployment/container': {
    args: {
      '--grpc_port': MLMD_MAIN,
      '--mysql_config_database': MLMD_MAIN,
      '--mysql_config_host': MLMD_MAIN,
      '--mysql_config_port': MLMD_MAIN,
      '--mysql_config_user': MLMD_MAIN,
      '--mysql_config_password': MLMD_MAIN,
    },
  },
  'ConfigMap/metadata-grpc-configmap': {
    keys: {
      METADATA_GRPC_SERVICE_HOST: 'tensorflow/tfx@v0.21.5:tfx/orchestration/kubeflow/kubeflow_dag_runner.py (mounted into TFX pipeline steps)',
      METADATA_GRPC_SERVICE_PORT: 'tensorflow/tfx@v0.21.5:tfx/orchestration/kubeflow/kubeflow_dag_runner.py (mounted into TFX pipeline steps)',
    },
  },
  'Deployment/metadata-writer/main': { env: { NAMESPACE_TO_WATCH: `${KFP}:backend/metadata_writer/src/metadata_writer.py` } },
  'Deployment/ml-pipeline-persistenceagent/ml-pipeline-persistenceagent': {
    env: { NAMESPACE: `${KFP}:backend/Dockerfile.persistenceagent (CMD)` },
  },
  'Deployment/ml-pipeline-scheduledworkflow/ml-pipeline-scheduledworkflow': {
    env: { NAMESPACE: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)` },
  },
  'Deployment/ml-pipeline-viewer-crd/ml-pipeline-viewer-crd': {
    env: {
      MAX_NUM_VIEWERS: `${KFP}:backend/Dockerfile.viewercontroller (CMD)`,
      NAMESPACE: `${KFP}:backend/Dockerfile.viewercontroller (CMD)`,
    },
  },
  'Deployment/mysql/mysql': {
    args: { '--datadir': `${MYSQL_ENTRYPOINT} (passed to mysqld)` },
    env: { MYSQL_ROOT_PASSWORD: MYSQL_ENTRYPOINT, MYSQL_USER: MYSQL_ENTRYPOINT, MYSQL_PASSWORD: MYSQL_ENTRYPOINT },
  },
  'ConfigMap/mysql-initdb': { keys: { 'create-kfp-databases.sh': `${MYSQL_ENTRYPOINT} (init files)` } },
};
