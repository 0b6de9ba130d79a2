import type { ProjectOptions } from 'projen';

/**
 * How pods of the `overlay/iam` variant get AWS credentials.
 */
export enum IamMechanism {
  /**
   * IAM roles for service accounts (EKS): the role ARN is annotated on the service accounts of the pods that reach S3.
   */
  IRSA = 'irsa',
  /**
   * kube2iam (or kiam): the role is annotated on the pod templates of the pods that reach S3.
   */
  KUBE2IAM = 'kube2iam',
}

/**
 * Settings of the `overlay/accesskey` variant: pods read an AWS access key from a Secret that you create.
 */
export interface AccessKeyOptions {
  /**
   * Name of the Secret that holds the AWS access key.
   * @default "ml-pipeline-aws-secret"
   */
  readonly secretName?: string;
  /**
   * Key in the Secret that holds the access key ID.
   * @default "accesskey"
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key in the Secret that holds the secret access key.
   * @default "secretkey"
   */
  readonly secretAccessKeyKey?: string;
}

/**
 * Settings of the `overlay/iam` variant: no keys anywhere, pods get credentials from an IAM role.
 */
export interface IamOptions {
  /**
   * How the role reaches the pods.
   * @default - IamMechanism.IRSA, or IamMechanism.KUBE2IAM for releases whose AWS clients cannot use IRSA (0.2.3)
   */
  readonly mechanism?: IamMechanism;
  /**
   * The IAM role the pods that reach S3 assume (an ARN for IRSA; an ARN or role name for kube2iam).
   * @default - a placeholder ARN; the generated README tells you to set this
   */
  readonly roleArn?: string;
  /**
   * Annotation key that kube2iam reads on pod templates.
   * @default "iam.amazonaws.com/role"
   */
  readonly kube2iamAnnotationKey?: string;
}

/**
 * The in-cluster MySQL that holds KFP's databases.
 */
export interface MysqlOptions {
  /**
   * Image of the MySQL server.
   * @default - the release's MySQL: `mysql:8.4` for KFP 2.17.0, `mysql:5.6` for KFP 0.2.3
   */
  readonly image?: string;
  /**
   * StorageClass of the MySQL volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Size of the MySQL volume.
   * @default "20Gi"
   */
  readonly storageSize?: string;
  /**
   * Name of the Secret (you create it) with the database user (`username`, `password`) and `root-password`.
   * @default "mysql-secret"
   */
  readonly secretName?: string;
}

/**
 * Options of a Kubeflow Pipelines on AWS deployment repo.
 */
export interface KfpAwsProjectOptions extends ProjectOptions {
  /**
   * Kubeflow Pipelines release to deploy: "2.17.0" or "0.2.3".
   * @default "2.17.0"
   * @featured
   */
  readonly kfpVersion?: string;

  /**
   * Kubernetes namespace of the install.
   * @default "kubeflow"
   * @featured
   */
  readonly namespace?: string;

  /**
   * S3 bucket for artifacts, archived logs and pipeline packages (you create it).
   * @default "change-me-kfp-artifacts"
   * @featured
   */
  readonly bucket?: string;

  /**
   * AWS region of the bucket.
   * @default "us-east-1"
   * @featured
   */
  readonly region?: string;

  /**
   * Whether Argo archives the logs of every step to S3, so the UI shows them after the pod is gone.
   * @default true
   */
  readonly archiveLogs?: boolean;

  /**
   * Key prefix in the bucket for workflow artifacts and archived logs.
   * @default "artifacts"
   */
  readonly artifactPrefix?: string;

  /**
   * Key prefix in the bucket for uploaded pipeline packages.
   * @default "pipelines"
   */
  readonly pipelinePrefix?: string;

  /**
   * Settings of the access-key variant (`overlay/accesskey`).
   * @default - Secret `ml-pipeline-aws-secret` with keys `accesskey` and `secretkey`
   */
  readonly accessKey?: AccessKeyOptions;

  /**
   * Settings of the IAM variant (`overlay/iam`).
   * @default - the release's mechanism (IRSA; kube2iam for 0.2.3) with a placeholder role ARN
   */
  readonly iam?: IamOptions;

  /**
   * The in-cluster MySQL.
   * @default - the release's MySQL image with a 20Gi volume of the default StorageClass
   */
  readonly mysql?: MysqlOptions;

  /**
   * Whether the repo gets a GitHub Actions workflow that re-synthesizes and fails on any difference, then builds and validates every overlay.
   * @default true
   */
  readonly deploymentCi?: boolean;

  /**
   * Extra development dependencies of the deployment repo, as npm specs (`projen new --from` records the package here).
   * @default []
   */
  readonly devDeps?: string[];
}
