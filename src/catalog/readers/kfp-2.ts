import { viewerTemplateReaders } from './tensorflow';
import type { SettingReaders } from '../release';

/** The upstream tags a 2.x release pins, at which its readers were read. */
export interface Kfp2Tags {
  /** kubeflow/pipelines, the KFP version itself (`2.17.0`). */
  readonly kfp: string;
  /** argoproj/argo-workflows (`v4.0.5`). */
  readonly argo: string;
  /** google/ml-metadata, the metadata server image's version (`v1.14.0`). */
  readonly mlmd: string;
  /** The entrypoint script of the MySQL image, as `docker-library/mysql@<commit>:<version>/docker-entrypoint.sh`. */
  readonly mysqlEntrypoint: string;
}

/**
 * Who reads each setting the generator writes for a KFP 2.x release, as read at `tags`. The paths are in
 * kubeflow/pipelines unless another repository is named. A release after 2.17.0 passes its own tags once every file
 * named here has been read again at them (see "Adding a release" in the package README): a reader whose code changed
 * gets a record of its own in that release's entry.
 */
export function kfp2Settings(tags: Kfp2Tags): Record<string, SettingReaders> {
  const KFP = `kubeflow/pipelines@${tags.kfp}`;
  const ARGO = `argoproj/argo-workflows@${tags.argo}`;
  const MLMD = `google/ml-metadata@${tags.mlmd}`;
  const MYSQL_ENTRYPOINT = tags.mysqlEntrypoint;
  const WAIT_FOR = 'kfp-aws-project:src/manifests/wait-for.ts';
  const WAIT_ENV = { WAIT_HOST: WAIT_FOR, WAIT_PORT: WAIT_FOR };

  /** The api server reads every setting through viper: `OBJECTSTORECONFIG_HOST` is `ObjectStoreConfig.Host`. */
  const API_SERVER_CONFIG = `${KFP}:backend/src/apiserver/client_manager/client_manager.go`;
  const API_COMMON_CONFIG = `${KFP}:backend/src/apiserver/common/config.go`;
  const API_COMPILER = `${KFP}:backend/src/v2/compiler/argocompiler/container.go`;
  const UI_CONFIG = `${KFP}:frontend/server/configs.ts`;
  const ARGO_CONFIG = `${ARGO}:config/config.go`;
  const ARGO_S3 = `${ARGO}:pkg/apis/workflow/v1alpha1/workflow_types.go (S3Bucket)`;
  const LAUNCHER_S3 = `${KFP}:backend/src/v2/config/s3.go`;
  const CACHE_MAIN = `${KFP}:backend/src/cache/main.go`;
  const CACHE_MUTATION = `${KFP}:backend/src/cache/server/mutation.go`;
  const MLMD_MAIN = `${MLMD}:ml_metadata/metadata_store/metadata_store_server_main.cc`;
  const VIEWER_TEMPLATE = 'viewer-pod-template.json';

  return {
    'Deployment/ml-pipeline/ml-pipeline-api-server': {
      env: {
        OBJECTSTORECONFIG_ACCESSKEY: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_SECRETACCESSKEY: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_HOST: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_PORT: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_REGION: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_SECURE: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_BUCKETNAME: API_SERVER_CONFIG,
        OBJECTSTORECONFIG_PIPELINEPATH: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_USER: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_PASSWORD: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_DBNAME: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_HOST: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_PORT: API_SERVER_CONFIG,
        DBCONFIG_MYSQLCONFIG_EXTRAPARAMS: API_SERVER_CONFIG,
        DBCONFIG_CONMAXLIFETIME: API_SERVER_CONFIG,
        SSL_CERT_DIR: 'golang/go:src/crypto/x509/root_unix.go (the api server is Go)',
        PUBLISH_LOGS: API_COMPILER,
        PIPELINE_LOG_LEVEL: API_COMPILER,
        V2_DRIVER_IMAGE: API_COMPILER,
        V2_LAUNCHER_IMAGE: API_COMPILER,
        LOG_LEVEL: `${KFP}:backend/Dockerfile (CMD --logLevel)`,
        AUTO_UPDATE_PIPELINE_DEFAULT_VERSION: API_COMMON_CONFIG,
        POD_NAMESPACE: API_COMMON_CONFIG,
        CLUSTER_DOMAIN: API_COMMON_CONFIG,
        COMPILED_PIPELINE_SPEC_PATCH: API_COMMON_CONFIG,
        DEFAULT_SECURITY_CONTEXT_RUN_AS_USER: API_COMMON_CONFIG,
        DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP: API_COMMON_CONFIG,
        DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT: API_COMMON_CONFIG,
        DEFAULT_SECURITY_CONTEXT_HOST_USERS: API_COMMON_CONFIG,
        BLOCK_V1_PIPELINES: `${KFP}:backend/src/apiserver/resource/resource_manager.go`,
        V1_ALLOWED_NAMESPACES: `${KFP}:backend/src/apiserver/resource/resource_manager.go`,
      },
    },
    'Deployment/ml-pipeline/wait-for-database': { env: WAIT_ENV },
    'Deployment/ml-pipeline/wait-for-metadata-grpc': { env: WAIT_ENV },
    'Deployment/ml-pipeline-ui/ml-pipeline-ui': {
      env: {
        AWS_ACCESS_KEY_ID: UI_CONFIG,
        AWS_SECRET_ACCESS_KEY: UI_CONFIG,
        AWS_REGION: UI_CONFIG,
        AWS_S3_ENDPOINT: UI_CONFIG,
        AWS_SSL: UI_CONFIG,
        MINIO_ACCESS_KEY: `${UI_CONFIG}, frontend/server/workflow-helper.ts`,
        MINIO_SECRET_KEY: `${UI_CONFIG}, frontend/server/workflow-helper.ts`,
        MINIO_HOST: UI_CONFIG,
        MINIO_NAMESPACE: UI_CONFIG,
        MINIO_PORT: UI_CONFIG,
        MINIO_SSL: UI_CONFIG,
        MINIO_ENDPOINT_REWRITE: `${KFP}:frontend/server/minio-helper.ts (applyEndpointRewrite)`,
        TENSORBOARD_PROXY_SIGNING_SECRET: `${UI_CONFIG}, frontend/server/handlers/tensorboard-proxy.ts`,
        ARGO_ARCHIVE_LOGS: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
        ARGO_ARCHIVE_ARTIFACTORY: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
        ARGO_ARCHIVE_BUCKETNAME: `${UI_CONFIG}, frontend/server/handlers/pod-logs.ts`,
        ARGO_KEYFORMAT: `${UI_CONFIG}, frontend/server/workflow-helper.ts`,
        VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH: UI_CONFIG,
        VIEWER_TENSORBOARD_TF_IMAGE_NAME: `${UI_CONFIG}, frontend/server/handlers/tensorboard.ts, frontend/server/k8s-helper.ts (newTensorboardInstance)`,
        ALLOW_CUSTOM_VISUALIZATIONS: UI_CONFIG,
        FRONTEND_SERVER_NAMESPACE: UI_CONFIG,
        DISABLE_GKE_METADATA: UI_CONFIG,
        ARTIFACTS_SERVICE_PROXY_ENABLED: `${KFP}:frontend/server/handlers/artifacts.ts`,
      },
    },
    /** TensorBoard viewers run TensorFlow images the UI offers (`tensorflow/tensorflow` 1.7 to 2.2). */
    'ConfigMap/ml-pipeline-ui-configmap': { keys: viewerTemplateReaders(KFP, VIEWER_TEMPLATE) },
    'ConfigMap/workflow-controller-configmap': {
      keys: {
        'artifactRepository.archiveLogs': `${ARGO}:pkg/apis/workflow/v1alpha1/artifact_repository_types.go`,
        'artifactRepository.s3.endpoint': ARGO_S3,
        'artifactRepository.s3.bucket': ARGO_S3,
        'artifactRepository.s3.region': ARGO_S3,
        'artifactRepository.s3.insecure': ARGO_S3,
        'artifactRepository.s3.accessKeySecret': ARGO_S3,
        'artifactRepository.s3.secretKeySecret': ARGO_S3,
        'artifactRepository.s3.useSDKCreds': ARGO_S3,
        'artifactRepository.s3.keyFormat': `${ARGO}:pkg/apis/workflow/v1alpha1/artifact_repository_types.go`,
        'executor': `${ARGO_CONFIG} (Executor, a Container)`,
        'workflowDefaults': `${ARGO_CONFIG} (WorkflowDefaults, a Workflow)`,
      },
    },
    'Deployment/workflow-controller/workflow-controller': {
      args: {
        '--configmap': `${ARGO}:cmd/workflow-controller/main.go`,
        '--executor-image': `${ARGO}:cmd/workflow-controller/main.go`,
        '--namespaced': `${ARGO}:cmd/workflow-controller/main.go`,
      },
      env: {
        TRANSIENT_ERROR_PATTERN: `${ARGO}:util/errors/errors.go`,
        LEADER_ELECTION_IDENTITY: `${ARGO}:cmd/workflow-controller/main.go`,
      },
    },
    'ConfigMap/kfp-launcher': {
      keys: {
        'defaultPipelineRoot': `${KFP}:backend/src/v2/config/env.go`,
        'providers.s3.default.endpoint': LAUNCHER_S3,
        'providers.s3.default.region': LAUNCHER_S3,
        'providers.s3.default.disableSSL': LAUNCHER_S3,
        'providers.s3.default.forcePathStyle': LAUNCHER_S3,
        'providers.s3.default.credentials.fromEnv': LAUNCHER_S3,
        'providers.s3.default.credentials.secretRef': LAUNCHER_S3,
      },
    },
    'Deployment/metadata-grpc-deployment/wait-for-database': { env: WAIT_ENV },
    'Deployment/metadata-grpc-deployment/container': {
      args: {
        '--grpc_port': MLMD_MAIN,
        '--grpc_channel_arguments': MLMD_MAIN,
        '--mysql_config_database': MLMD_MAIN,
        '--mysql_config_host': MLMD_MAIN,
        '--mysql_config_port': MLMD_MAIN,
        '--mysql_config_user': MLMD_MAIN,
        '--mysql_config_password': MLMD_MAIN,
        '--enable_database_upgrade': MLMD_MAIN,
        '--metadata_source_config_type': MLMD_MAIN,
        '--metadata_store_server_config_file': `${MLMD_MAIN}; the file is a MetadataStoreServerConfig (ml_metadata/proto/metadata_store.proto)`,
      },
    },
    'Deployment/metadata-grpc-deployment/write-config': {
      env: {
        DBCONFIG_USER: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
        DBCONFIG_PASSWORD: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
        MYSQL_HOST: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
        MYSQL_PORT: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
        MYSQL_DATABASE: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
        MLMD_CONFIG: 'kfp-aws-project:src/manifests/components/metadata-grpc.ts (mlmdConfigScript)',
      },
    },
    'ConfigMap/metadata-grpc-configmap': {
      keys: {
        METADATA_GRPC_SERVICE_HOST: `${KFP}:backend/src/v2/compiler/argocompiler/common.go (envFrom of launcher and importer pods)`,
        METADATA_GRPC_SERVICE_PORT: `${KFP}:backend/src/v2/compiler/argocompiler/common.go (envFrom of launcher and importer pods)`,
      },
    },
    'ConfigMap/metadata-envoy-configmap': {
      keys: { 'envoy-config.yaml': `${KFP}:third_party/metadata_envoy/Dockerfile (envoy -c, the container's argument)` },
    },
    'Deployment/metadata-writer/wait-for-metadata-grpc': { env: WAIT_ENV },
    'Deployment/metadata-writer/main': {
      env: {
        NAMESPACE_TO_WATCH: `${KFP}:backend/metadata_writer/src/metadata_writer.py`,
        POD_NAMESPACE: `${KFP}:backend/metadata_writer/src/metadata_helpers.py`,
      },
    },
    'Deployment/cache-server/server': {
      args: {
        '--db_driver': CACHE_MAIN,
        '--db_host': CACHE_MAIN,
        '--db_port': CACHE_MAIN,
        '--db_name': CACHE_MAIN,
        '--db_user': CACHE_MAIN,
        '--db_password': CACHE_MAIN,
        '--db_extra_params': CACHE_MAIN,
        '--namespace_to_watch': CACHE_MAIN,
        '--listen_port': CACHE_MAIN,
        '--tls_cert_filename': CACHE_MAIN,
        '--tls_key_filename': CACHE_MAIN,
      },
      env: {
        DEFAULT_CACHE_STALENESS: CACHE_MUTATION,
        MAXIMUM_CACHE_STALENESS: CACHE_MUTATION,
        CACHE_IMAGE: CACHE_MUTATION,
        CACHE_NODE_RESTRICTIONS: CACHE_MUTATION,
        SSL_CERT_DIR: 'golang/go:src/crypto/x509/root_unix.go (the cache server is Go)',
      },
    },
    'Deployment/ml-pipeline-persistenceagent/wait-for-ml-pipeline': { env: WAIT_ENV },
    'Deployment/ml-pipeline-persistenceagent/ml-pipeline-persistenceagent': {
      env: {
        NAMESPACE: `${KFP}:backend/Dockerfile.persistenceagent (CMD)`,
        TTL_SECONDS_AFTER_WORKFLOW_FINISH: `${KFP}:backend/Dockerfile.persistenceagent (CMD)`,
        NUM_WORKERS: `${KFP}:backend/Dockerfile.persistenceagent (CMD)`,
        LOG_LEVEL: `${KFP}:backend/Dockerfile.persistenceagent (CMD)`,
      },
    },
    'Deployment/ml-pipeline-scheduledworkflow/wait-for-ml-pipeline': { env: WAIT_ENV },
    'Deployment/ml-pipeline-scheduledworkflow/ml-pipeline-scheduledworkflow': {
      env: {
        METRICS_PORT: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        CLIENT_QPS: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        RESYNC_INTERVAL_SECONDS: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        CLIENT_BURST: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        LOG_LEVEL: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        NAMESPACE: `${KFP}:backend/Dockerfile.scheduledworkflow (CMD)`,
        CRON_SCHEDULE_TIMEZONE: `${KFP}:backend/src/crd/controller/scheduledworkflow/main.go`,
      },
    },
    'Deployment/ml-pipeline-viewer-crd/ml-pipeline-viewer-crd': {
      env: {
        MAX_NUM_VIEWERS: `${KFP}:backend/Dockerfile.viewercontroller (CMD)`,
        NAMESPACE: `${KFP}:backend/Dockerfile.viewercontroller (CMD)`,
      },
    },
    'Deployment/mysql/mysql': {
      args: {
        '--datadir': `${MYSQL_ENTRYPOINT} (passed to mysqld)`,
        '--authentication-policy': `${MYSQL_ENTRYPOINT} (passed to mysqld)`,
        '--mysql-native-password': `${MYSQL_ENTRYPOINT} (passed to mysqld)`,
        '--disable-log-bin': `${MYSQL_ENTRYPOINT} (passed to mysqld)`,
      },
      env: { MYSQL_ROOT_PASSWORD: MYSQL_ENTRYPOINT, MYSQL_USER: MYSQL_ENTRYPOINT, MYSQL_PASSWORD: MYSQL_ENTRYPOINT },
    },
    'ConfigMap/mysql-initdb': { keys: { 'create-kfp-databases.sh': `${MYSQL_ENTRYPOINT} (docker_process_init_files)` } },
    'ConfigMap/kubeflow-pipelines-public': {
      keys: { kubeflow_pipelines_version: `${KFP}:manifests/kustomize/base/pipeline/kustomization.yaml (published for clients; readable by every authenticated user)` },
    },
  };
}
