import type { ImageMapping } from './images';
import type { PodsConfig } from './pods';
import type { KfpRelease, S3Consumer } from '../catalog';
import type { SecretsManagerConfig } from './secrets-manager';
import type { UiLoadBalancerConfig } from './ui-load-balancer';
import type { Variant } from './variant';
import type { IamMechanism, CacheWebhook } from '../options';

/** The bucket a repo scaffolded without `--bucket` gets; the README warns while it is in use. */
export const PLACEHOLDER_BUCKET = 'change-me-kfp-artifacts';
/** The role a repo gets without `iam.roleArn`; the README warns while it is in use. */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-kfp-s3-access';
/** The OIDC provider the IRSA trust policies name until `iam.oidcProvider` is set. */
export const PLACEHOLDER_OIDC_PROVIDER = 'oidc.eks.REGION.amazonaws.com/id/CHANGE-ME';
/** The EKS cluster the Pod Identity scripts refuse to use until `iam.clusterName` is set. */
export const PLACEHOLDER_CLUSTER_NAME = 'change-me-eks-cluster';
/** The node role the kube2iam trust policies name until `iam.nodeRoleArn` is set. */
export const PLACEHOLDER_NODE_ROLE_ARN = 'arn:aws:iam::111122223333:role/change-me-eks-node-role';
/**
 * IAM's "Role trust policy length" quota: 2,048 characters by default, adjustable in Service Quotas (quota code
 * L-C07B4B0D) up to 8,192; IAM does not count white space (docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_iam-quotas.html, "Default quotas for IAM entities"). The maximum was 4,096 until May 2026 (the archived
 * awsdocs/iam-user-guide still says so); FogSecurity/aws-size d8978be and pytorch/test-infra#5825 record the change.
 */
export const TRUST_POLICY_QUOTA = { default: 2048, max: 8192 } as const;
/** Where the installs of `additionalInstalls` keep their `base/` and `overlay/`. */
export const INSTALLS_DIR = 'installs';
/** Where the GitOps objects of `gitops` are, one folder per tool. */
export const GITOPS_DIR = 'gitops';


/** Where and how KFP stores objects in S3. */
export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  /** The AWS partition of `region` (`aws`, `aws-cn`, `aws-us-gov`), for ARNs. */
  readonly partition: string;
  /** The store's host, without scheme or port: the regional S3 endpoint, or `s3Endpoint.host`. */
  readonly endpoint: string;
  /** The store's port; `undefined` for the default port of the scheme. */
  readonly port?: number;
  /** Whether clients use HTTPS. */
  readonly tls: boolean;
  /** Whether clients put the bucket in the path rather than the host name. */
  readonly pathStyle: boolean;
  /** Whether `s3Endpoint` replaced AWS S3 with an S3-compatible store. */
  readonly customEndpoint: boolean;
  /**
   * Whether the store's host is one KFP's clients take for AWS S3 (`s3*.amazonaws.com`, which includes S3's FIPS and
   * VPC endpoints): only for those does the 2.17.0 UI sign requests with IAM credentials
   * (`frontend/server/aws-helper.ts` `isAWSS3Endpoint`).
   */
  readonly awsHost: boolean;
  readonly artifactPrefix: string;
  readonly pipelinePrefix: string;
  readonly archiveLogs: boolean;
  /** The KMS key of the bucket's default encryption (`bucketKmsKeyArn`); `undefined` for SSE-S3. */
  readonly kmsKeyArn?: string;
}

/** The access-key Secret of `overlay/accesskey`. */
export interface AccessKeySecret {
  readonly secretName: string;
  readonly accessKeyIdKey: string;
  readonly secretAccessKeyKey: string;
}

/**
 * Where an install's roles come from: its own options (`own`: the top-level install, or an additional install with an
 * `iam` of its own), the top-level `iam` as it is (`shared`: session-tag isolation keeps each pod to its own prefixes),
 * or the top-level `iam` with each role replaced by one of the install's own (`derived`, `installRole`).
 */
export type RoleSource = 'own' | 'shared' | 'derived';

/** The roles of `overlay/iam`. */
export interface IamRole {
  readonly mechanism: IamMechanism;
  /** The role of every consumer that `iam.roleArns` does not name. */
  readonly roleArn: string;
  /** The role of each consumer. */
  readonly roles: Readonly<Record<S3Consumer, string>>;
  readonly kube2iamAnnotationKey: string;
  /** The OIDC provider (issuer without `https://`) the IRSA trust policies name. */
  readonly oidcProvider: string;
  /** The node role the kube2iam trust policies name. */
  readonly nodeRoleArn: string;
  /** The EKS cluster whose Pod Identity associations give the roles. */
  readonly clusterName: string;
  /** Whether `overlay/iam` carries the associations as ACK `PodIdentityAssociation` objects. */
  readonly ackAssociations: boolean;
  /** Whether the policies scope each pod to its install's prefixes through the session tag `kubernetes-namespace`. */
  readonly sessionTagIsolation: boolean;
  /** Where the install's roles come from. */
  readonly roleSource: RoleSource;
  /** The longest trust policy IAM accepts in the account (`iam.trustPolicyQuota`). */
  readonly trustPolicyQuota: number;
}

/** The database KFP uses, and the Secret its credentials come from. */
export interface MysqlConfig {
  /** Whether the server is outside the cluster (`externalDatabase`); then no MySQL is deployed. */
  readonly external: boolean;
  /** Host name and port the components connect to. */
  readonly host: string;
  readonly port: number;
  /** Database names: pipelines (api server), ML metadata, cache. */
  readonly pipelineDb: string;
  readonly metadataDb: string;
  readonly cacheDb: string;
  /** The databases of the release's components, which the init script (in-cluster) or you (external) create. */
  readonly databases: readonly string[];
  /** TLS to the server, verified against the CA bundle in a ConfigMap you create; `undefined` without TLS. */
  readonly tls?: MysqlTls;
  /** How long the api server keeps a connection open (Go duration). */
  readonly connectionMaxLifetime: string;
  /** The in-cluster server; unused when `external`. */
  readonly image: string;
  readonly storageClassName?: string;
  readonly storageSize: string;
  /** The Secret the user creates; never generated. */
  readonly secret: MysqlSecret;
}

/** Where the CA bundle of an external MySQL server is. */
export interface MysqlTls {
  readonly caConfigMap: string;
  readonly caKey: string;
}

/** Names in the MySQL Secret. */
export interface MysqlSecret {
  readonly name: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
  /** Only the in-cluster MySQL reads the root password. */
  readonly rootPasswordKey: string;
}

/**
 * The options of one install with every default applied and every value checked: the one input of the constructs,
 * the layout and the docs.
 */
export interface KfpConfig {
  readonly release: KfpRelease;
  readonly namespace: string;
  /**
   * Where the install's `base/` and `overlay/` are, relative to the repo root: `""` for the first install,
   * `installs/<namespace>` for each of `additionalInstalls`.
   */
  readonly root: string;
  /** What the install's options are called in messages: `""` for the top-level install, `additionalInstalls[<i>].`. */
  readonly optionPrefix: string;
  readonly s3: S3Config;
  readonly accessKey: AccessKeySecret;
  readonly iam: IamRole;
  readonly mysql: MysqlConfig;
  /**
   * The credential variants the install gets an overlay for: `accesskey` always, `iam` where the store can be reached
   * with IAM credentials (AWS S3, not an S3-compatible store elsewhere).
   */
  readonly variants: readonly Variant[];
  /** How the cache webhook of v1 pipelines gets its certificate, if there is one. */
  readonly cacheWebhook: CacheWebhook;
  /**
   * The GitOps tools that apply the install (`gitops.argoCd`, `gitops.flux`): the objects whose loss loses data carry
   * their annotations that keep an object from being pruned.
   */
  readonly gitopsTools: readonly GitOpsTool[];
  /** Scheduling and resources of the install's pods and of its pipeline steps. */
  readonly pods: PodsConfig;
  /** Where the images come from: the `images` option of the repo, the same for every install. */
  readonly images: ImageMapping;
  /** The UI's load balancer (`uiLoadBalancer`); `undefined` without one. */
  readonly uiLoadBalancer?: UiLoadBalancerConfig;
  /** The Secrets ESO creates from AWS Secrets Manager (`secretsManager`); `undefined` when the scripts create them all. */
  readonly secretsManager?: SecretsManagerConfig;
}

/** A GitOps tool the repo has objects for. */
export type GitOpsTool = 'argoCd' | 'flux';

/** Every GitOps tool, in the order the README lists them. */
export const GITOPS_TOOLS: readonly GitOpsTool[] = ['argoCd', 'flux'];

/** `gitops.argoCd` with its defaults. */
export interface ArgoCdConfig {
  readonly namespace: string;
  readonly project: string;
  readonly destinationServer: string;
  /** The Git repository Argo CD clones. */
  readonly repoUrl: string;
  /** The branch, tag or commit it deploys. */
  readonly revision: string;
}

/** `gitops.flux` with its defaults. */
export interface FluxConfig {
  readonly namespace: string;
  readonly sourceName: string;
  readonly sourceNamespace: string;
  readonly interval: string;
}

/** `gitops` with every default applied and every value checked. */
export interface GitOpsConfig {
  readonly argoCd?: ArgoCdConfig;
  readonly flux?: FluxConfig;
  /** The repo's folder in its Git repository: `""` for the root, else a relative path without `.` or `..`. */
  readonly path: string;
  /** The variant `gitops.variant` sets for every install; `undefined` for each install's default. */
  readonly variant?: Variant;
  readonly namePrefix: string;
}

/** The key of the CA bundle in `externalDatabase.tlsCaConfigMap`. */
export const MYSQL_CA_KEY = 'ca.pem';
