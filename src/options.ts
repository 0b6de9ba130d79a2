import type { ProjectOptions } from 'projen';
import type { CloudFormationOptions } from './cloud-formation-options';
import type { GitOpsOptions } from './gitops/options';
import type { ImageOptions } from './image-options';
import type { ContainerResources, PodSchedulingOptions, WorkflowOptions } from './pod-options';
import type { SecretsManagerOptions } from './secrets-manager-options';
import type { ExternalDatabaseOptions, MysqlOptions, S3EndpointOptions } from './storage-options';
import type { UiLoadBalancerOptions } from './ui-load-balancer-options';

/**
 * How pods of the `overlay/iam` variant get AWS credentials.
 */
export enum IamMechanism {
  /**
   * IAM roles for service accounts (EKS): the role ARN is annotated on the service accounts of the pods that reach S3. Not for KFP 0.2.3, whose S3 clients cannot use it.
   */
  IRSA = 'irsa',
  /**
   * kube2iam (or kiam): the role is annotated on the pod templates of the pods that reach S3.
   */
  KUBE2IAM = 'kube2iam',
  /**
   * EKS Pod Identity: an association of the EKS cluster gives the role to the ServiceAccount of the pods that reach S3 (KFP 2.17.0; the generated scripts create the associations, or ACK objects with `ackAssociations`). Needs the EKS Pod Identity Agent add-on.
   */
  POD_IDENTITY = 'podIdentity',
}

/**
 * How the cache webhook, which lets KFP v1 pipeline steps reuse the results of earlier identical steps, gets the TLS
 * certificate the Kubernetes API server requires of a webhook. KFP v2 pipelines cache without it, through the api
 * server.
 */
export enum CacheWebhook {
  /**
   * No cache webhook and no cache server: v1 pipeline steps always run. Works on every cluster.
   */
  NONE = 'none',
  /**
   * The cache server with a certificate from cert-manager (a self-signed Issuer and a Certificate in the install's
   * namespace), whose CA cert-manager injects into the webhook configuration. Needs cert-manager in the cluster.
   */
  CERT_MANAGER = 'certManager',
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
   * @default - IamMechanism.IRSA, or IamMechanism.KUBE2IAM for releases whose AWS clients cannot use IRSA (0.2.3); an option of another mechanism (`nodeRoleArn` with IRSA) is an error
   */
  readonly mechanism?: IamMechanism;
  /**
   * The IAM role the pods that reach S3 assume (an ARN for IRSA and EKS Pod Identity; an ARN or role name for kube2iam), for every one that `roleArns` does not name. An additional install without an `iam` of its own gets a role of its own instead, this role's name with `-<namespace>` appended (likewise each of `roleArns`), so that each install reaches only its own prefixes; with `sessionTagIsolation` it shares this one.
   * @default - a placeholder ARN (for an additional install with an `iam` of its own, the placeholder with `-<namespace>` appended); the generated README tells you to set this
   */
  readonly roleArn?: string;
  /**
   * A role per ServiceAccount (IRSA, EKS Pod Identity) or pod (kube2iam) that reaches S3, so that each gets only the access it needs.
   * @default - every one uses `roleArn`
   */
  readonly roleArns?: IamRoleArns;
  /**
   * The EKS cluster's OIDC provider, as in its issuer URL without `https://` (`oidc.eks.<region>.amazonaws.com/id/<id>`): the generated IRSA trust policies name it.
   * @default - a placeholder the trust policies in `iam/` keep until you set it
   */
  readonly oidcProvider?: string;
  /**
   * The IAM role of the nodes, which kube2iam uses to assume the pods' roles: the generated kube2iam trust policies name it.
   * @default - a placeholder the trust policies in `iam/` keep until you set it
   */
  readonly nodeRoleArn?: string;
  /**
   * Annotation key that kube2iam reads on pod templates.
   * @default "iam.amazonaws.com/role"
   */
  readonly kube2iamAnnotationKey?: string;
  /**
   * The name of the EKS cluster, for EKS Pod Identity: the associations are created in it, and the trust policies admit only its pods.
   * @default - a placeholder; the generated scripts refuse to create associations until you set it
   */
  readonly clusterName?: string;
  /**
   * For EKS Pod Identity: also render the associations as `PodIdentityAssociation` objects of the ACK EKS controller (`eks.services.k8s.aws/v1alpha1`) in `overlay/iam`, for GitOps; the controller must run in the cluster.
   * @default false - the associations script creates them with the AWS CLI
   */
  readonly ackAssociations?: boolean;
  /**
   * For EKS Pod Identity: scope each pod's S3 access to the prefixes of its own install through the session tag `kubernetes-namespace`, so that installs sharing one role cannot read each other's objects. Every install's prefixes then start with its namespace (`<namespace>/artifacts`, `<namespace>/pipelines` by default).
   * @default false - a role shared by installs may reach the prefixes of each of them
   */
  readonly sessionTagIsolation?: boolean;
  /**
   * IAM's "Role trust policy length" quota of the account, in characters: synthesis refuses a generated trust policy longer than this (white space not counted, as IAM counts), which `aws iam create-role` would refuse. Set it once Service Quotas has raised the quota (IAM, quota code L-C07B4B0D); at most 8192.
   * @default 2048
   */
  readonly trustPolicyQuota?: number;
}

/**
 * An IAM role for each KFP identity that reaches S3 (an ARN for IRSA and EKS Pod Identity; an ARN or role name for kube2iam).
 */
export interface IamRoleArns {
  /**
   * The api server (ServiceAccount `ml-pipeline`): pipeline packages, and reading artifacts.
   * @default - `iam.roleArn`
   */
  readonly apiServer?: string;
  /**
   * The UI (ServiceAccount `ml-pipeline-ui`): reading artifacts and archived logs.
   * @default - `iam.roleArn`
   */
  readonly ui?: string;
  /**
   * The Argo workflow controller (ServiceAccount `argo`) of KFP 2.x: it hands the artifact repository to the step pods and reads no object itself (KFP 0.2.3's controller has no S3 client and no role).
   * @default - `iam.roleArn`
   */
  readonly workflowController?: string;
  /**
   * The pods of pipeline steps (ServiceAccount `pipeline-runner`): writing and reading artifacts and logs.
   * @default - `iam.roleArn`
   */
  readonly pipelineRunner?: string;
  /**
   * TensorBoard viewer pods (ServiceAccount `kubeflow-pipelines-viewer`): reading artifacts.
   * @default - `iam.roleArn`
   */
  readonly viewer?: string;
  /**
   * The visualization server (ServiceAccount `ml-pipeline-visualizationserver`) of KFP 0.2.3: reading artifacts (the 2.17.0 image has no S3 client and no role).
   * @default - `iam.roleArn`
   */
  readonly visualizationServer?: string;
}

/**
 * The settings of one KFP install: its namespace, its bucket and how its pods reach S3 and MySQL.
 */
export interface KfpInstallOptions {
  /**
   * Kubernetes namespace of the install (required in `additionalInstalls`); not `default` nor a `kube-` namespace.
   * @default "kubeflow"
   * @featured
   */
  readonly namespace?: string;

  /**
   * S3 bucket for artifacts, archived logs and pipeline packages (you create it); in `additionalInstalls` the top-level one unless set.
   * @default "change-me-kfp-artifacts"
   * @featured
   */
  readonly bucket?: string;

  /**
   * The KMS key (its ARN, `arn:<partition>:kms:<region>:<account>:key/<id>`) of the bucket's default encryption, SSE-KMS: every role policy in `iam/` that reads objects may `kms:Decrypt` with it, every one that writes also `kms:GenerateDataKey`, and the CloudFormation template encrypts the bucket with it. In `additionalInstalls` the top-level one when the install keeps the top-level bucket.
   * @default - SSE-S3, S3's own keys: the policies grant no KMS action
   */
  readonly bucketKmsKeyArn?: string;

  /**
   * AWS region of the bucket; in `additionalInstalls` the top-level one unless set.
   * @default "us-east-1"
   * @featured
   */
  readonly region?: string;

  /**
   * Whether Argo archives the logs of every step to S3, so the UI shows them after the pod is gone; in `additionalInstalls` the top-level setting unless set.
   * @default true
   */
  readonly archiveLogs?: boolean;

  /**
   * Key prefix in the bucket for workflow artifacts and archived logs; in `additionalInstalls` `<namespace>/<top-level artifactPrefix>` unless set.
   * @default "artifacts"
   */
  readonly artifactPrefix?: string;

  /**
   * Key prefix in the bucket for uploaded pipeline packages; in `additionalInstalls` `<namespace>/<top-level pipelinePrefix>` unless set.
   * @default "pipelines"
   */
  readonly pipelinePrefix?: string;

  /**
   * An S3-compatible store to use instead of AWS S3 (host, port, TLS, path-style addressing).
   * @default - the regional AWS S3 endpoint of `region` (in `additionalInstalls`: the top-level `s3Endpoint`)
   */
  readonly s3Endpoint?: S3EndpointOptions;

  /**
   * Settings of the access-key variant (`overlay/accesskey`).
   * @default - Secret `ml-pipeline-aws-secret` with keys `accesskey` and `secretkey` (in `additionalInstalls`: the top-level `accessKey`)
   */
  readonly accessKey?: AccessKeyOptions;

  /**
   * Settings of the IAM variant (`overlay/iam`).
   * @default - the release's mechanism (IRSA; kube2iam for 0.2.3) with a placeholder role ARN (in `additionalInstalls`: the top-level `iam` with roles of the install's own, each top-level role's name with `-<namespace>` appended, unless `iam.sessionTagIsolation` makes sharing them safe)
   */
  readonly iam?: IamOptions;

  /**
   * The in-cluster MySQL.
   * @default - the release's MySQL image with a 20Gi volume of the default StorageClass (in `additionalInstalls`: the top-level `mysql`)
   */
  readonly mysql?: MysqlOptions;

  /**
   * A MySQL server outside the cluster (RDS, Aurora) instead of the in-cluster MySQL, which is then not deployed.
   * @default - the in-cluster MySQL (in `additionalInstalls`: the top-level `externalDatabase`)
   */
  readonly externalDatabase?: ExternalDatabaseOptions;

  /**
   * How the cache webhook of KFP v1 pipelines gets its certificate, or none (KFP 2.x; KFP 0.2.3 has no cache).
   * @default CacheWebhook.NONE (in `additionalInstalls`: the top-level `cacheWebhook`)
   */
  readonly cacheWebhook?: CacheWebhook;

  /**
   * Scheduling of every KFP pod of the install (the Deployments of `base/`): nodeSelector, tolerations, affinity,
   * priorityClassName, imagePullSecrets.
   * @default - the release's own (in `additionalInstalls`: the top-level `pods`)
   */
  readonly pods?: PodSchedulingOptions;

  /**
   * Scheduling of the pods of pipeline steps, through Argo's `workflowDefaults` (KFP 2.x). KFP 0.2.3's Argo 2.3 has no
   * defaults: there each pipeline sets them (kfp SDK 0.2 `ContainerOp.add_node_selector_constraint`, `add_toleration`,
   * `add_affinity`; `PipelineConf.set_image_pull_secrets`), and this option is refused.
   * @default - none (in `additionalInstalls`: the top-level `stepPods`)
   */
  readonly stepPods?: PodSchedulingOptions;

  /**
   * CPU and memory of containers, by Deployment name (its main container, named like the Deployment or its only one)
   * or `<deployment>/<container>`; each request and limit replaces the release's own.
   * @default - the release's requests (the generated README lists them) and no limits (in `additionalInstalls`: the top-level `resources`)
   */
  readonly resources?: { [container: string]: ContainerResources };

  /**
   * How long Argo keeps a finished run's workflow, and how often it retries a step that errors (KFP 2.x; refused for
   * 0.2.3, whose pipelines set them: `PipelineConf.set_ttl_seconds_after_finished`).
   * @default - 3600 seconds and 2 retries, as upstream (in `additionalInstalls`: the top-level `workflows`)
   */
  readonly workflows?: WorkflowOptions;

  /**
   * The UI behind an AWS Application Load Balancer (an Ingress for the AWS Load Balancer Controller) with HTTPS and
   * Cognito or OIDC sign-in. Not inherited by `additionalInstalls`: each install opts in with its own host.
   * @default - no load balancer: the UI is reached by port-forward
   */
  readonly uiLoadBalancer?: UiLoadBalancerOptions;

  /**
   * Take the MySQL, access-key and UI Secrets (each opt-in) from AWS Secrets Manager through the External Secrets Operator, instead of the scripts.
   * @default - the scripts create every Secret (in `additionalInstalls`: the same, unless set; each install's secrets are its own)
   */
  readonly secretsManager?: SecretsManagerOptions;
}

/**
 * Options of a Kubeflow Pipelines on AWS deployment repo.
 */
export interface KfpAwsProjectOptions extends ProjectOptions, KfpInstallOptions {
  /**
   * Kubeflow Pipelines release to deploy: "2.17.0" or "0.2.3".
   * @default "2.17.0"
   * @featured
   */
  readonly kfpVersion?: string;

  /**
   * More installs of the same release in other namespaces of the cluster, each with its own overlays in `installs/<namespace>/`; all share `crds/`.
   * @default []
   */
  readonly additionalInstalls?: KfpInstallOptions[];

  /**
   * Argo CD Applications (`gitops/argocd/`) and/or Flux Kustomizations (`gitops/flux/`) that deploy `crds/` first, then the overlay of every install, from Git, pruning what a later commit drops.
   * @default - no GitOps objects; deploy with the scripts
   */
  readonly gitops?: GitOpsOptions;

  /**
   * A registry mirror (such as an Amazon ECR pull-through cache) and per-image overrides, for the images of every install.
   * @default - every image from its upstream registry, as the release pins it
   */
  readonly images?: ImageOptions;

  /**
   * Generate `aws/kfp.cfn.yaml`, a CloudFormation template of the S3 bucket and the IAM roles (and Pod Identity associations) of every install on AWS S3, with the policies of `iam/`, and the `deploy-aws` task that deploys it.
   * @default - no template; create the bucket and the roles with the commands of the README
   */
  readonly cloudFormation?: CloudFormationOptions;

  /**
   * Whether the repo gets a GitHub Actions workflow that re-synthesizes and fails on any difference, then builds and validates every overlay.
   * @default true
   */
  readonly deploymentCi?: boolean;

  /**
   * Whether the repo gets projen's dependency upgrade: the `upgrade` task raises kfp-aws-project and projen within the ranges of `package.json` and re-synthesizes the repo, and `.github/workflows/upgrade.yml` runs it every Monday and opens a pull request with the diff (with the secret `PROJEN_GITHUB_TOKEN`).
   * @default true
   */
  readonly depsUpgrade?: boolean;

  /**
   * Extra development dependencies of the deployment repo, as npm specs. `projen new --from` records kfp-aws-project here: `package.json` installs it in the range `^<the version running>` when the spec names no range (`kfp-aws-project`, an exact version, a dist-tag), and as written when it is a range or a tarball, folder, URL or Git spec.
   * @default []
   */
  readonly devDeps?: string[];
}
