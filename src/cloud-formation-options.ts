/**
 * A CloudFormation template of the AWS side of the installs, `aws/kfp.cfn.yaml`: the S3 bucket, the IAM roles with the
 * policies of `iam/`, and with EKS Pod Identity the associations, for `aws cloudformation deploy`.
 *
 * The template is written from the same options as `iam/`, so every role ARN and the settings its trust policy names
 * must be real before it is generated: synthesis refuses placeholders.
 */
export interface CloudFormationOptions {
  /**
   * The name of the stack that `npx projen deploy-aws` creates or updates (letters, digits and `-`, starting with a letter).
   * @default "kfp-<namespace>" with the top-level install's namespace
   */
  readonly stackName?: string;

  /**
   * Whether the template creates the S3 bucket of each install on AWS S3 (Block Public Access, default encryption, kept when the stack is deleted); every bucket must then be in the top-level `region`, where the stack is deployed. Set it to false for buckets that exist: the template then holds the IAM resources only.
   * @default true
   */
  readonly createBucket?: boolean;

  /**
   * Whether the buckets the template creates keep every version of an object (S3 Versioning), so that an overwritten or deleted artifact can be restored.
   * @default false
   */
  readonly bucketVersioning?: boolean;

  /**
   * Days after which S3 deletes the objects under each install's `artifactPrefix` (run artifacts and archived logs), through a lifecycle rule of the buckets the template creates; with `bucketVersioning`, noncurrent versions are deleted that many days after they became noncurrent. Pipeline packages (`pipelinePrefix`) never expire.
   * @default - no lifecycle rule: artifacts are kept
   */
  readonly artifactExpirationDays?: number;
}
