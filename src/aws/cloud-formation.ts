import { CloudFormationConfig, consumerRoleOption, iamRoleName, KfpConfig, SECRETS_READER, stackInstalls } from '../config';
import { IamRoleDocuments, ROLE_POLICY_NAME } from '../iam';
import { roleBindings } from '../iam/role-bindings';
import { IamMechanism } from '../options';

/** The folder of the AWS resources as code. */
export const AWS_DIR = 'aws';
/** The CloudFormation template of the installs' AWS resources. */
export const TEMPLATE_FILE = `${AWS_DIR}/kfp.cfn.yaml`;

/** An intrinsic function, written in its long form (`Ref`, `Fn::GetAtt`), which plain YAML parsers read as it is. */
export type CfnValue = { readonly Ref: string } | { readonly 'Fn::GetAtt': readonly [string, string] };

/** One resource of the template. */
export interface CfnResource {
  readonly Type: string;
  readonly DeletionPolicy?: 'Retain';
  readonly UpdateReplacePolicy?: 'Retain';
  readonly Properties: Readonly<Record<string, unknown>>;
}

/** One output of the template: a value an option takes. */
export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnValue;
}

/** The template, as `aws cloudformation deploy` takes it. */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs: Readonly<Record<string, CfnOutput>>;
}

/**
 * An option of `.projenrc.ts` that takes an output's value; for a role an additional install gets of its own, the
 * top-level option whose role it is with `-<namespace>` appended.
 */
export interface OutputOption {
  readonly option: string;
  /** The suffix of a derived role (`-<namespace>`), and the install it is for. */
  readonly derived?: { readonly suffix: string; readonly install: string };
}

/** An option that takes an output, in words; `format` formats option names and values (as inline code in the README). */
export function outputOptionText(taker: OutputOption, format = (text: string) => text): string {
  const { option, derived } = taker;
  return derived ? `${format(option)} with ${format(derived.suffix)} appended (${derived.install})` : format(option);
}

/** An output with the options of `.projenrc.ts` that take its value, for the README. */
export interface StackOutput {
  readonly key: string;
  /** What the output holds, in words. */
  readonly what: string;
  readonly options: readonly OutputOption[];
}

/** A role of `iam/` as the template creates it. */
export interface StackRole {
  readonly logicalId: string;
  readonly documents: IamRoleDocuments;
}

/**
 * An EKS Pod Identity association of the template: what `create-pod-identity-associations.sh` would create, and that of
 * the External Secrets Operator's controller, which the README of `secretsManager` gives as a command.
 */
export interface StackAssociation {
  readonly logicalId: string;
  readonly config: KfpConfig;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The role's logical ID. */
  readonly role: string;
}

/** A bucket of the template, with the installs that keep their objects in it. */
export interface StackBucket {
  readonly logicalId: string;
  readonly name: string;
  readonly installs: readonly KfpConfig[];
}

/** The template and what it is made of, for the README and the tests. */
export interface AwsStack {
  readonly config: CloudFormationConfig;
  readonly buckets: readonly StackBucket[];
  readonly roles: readonly StackRole[];
  readonly associations: readonly StackAssociation[];
  readonly outputs: readonly StackOutput[];
  readonly template: CfnTemplate;
}

/** `kfp-artifacts` as `KfpArtifacts`: logical IDs take letters and digits only. */
const pascal = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** Logical IDs from names, each once: a name that comes out like an earlier one gets a number. */
class LogicalIds {
  private readonly taken = new Set<string>();
  public of(prefix: string, ...names: string[]): string {
    const base = `${prefix}${names.map(pascal).join('')}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}${n}`;
    this.taken.add(id);
    return id;
  }
}

/** The option of an install that sets its bucket, as messages name it. */
const bucketOption = (config: KfpConfig) => `${config.optionPrefix}bucket`;

/**
 * The options that take a role's ARN, each once: those that give it to its uses, the top-level ones where an install
 * shares them, and for an install's own role derived from a top-level one, that role with the install's suffix.
 */
function roleTakers(role: IamRoleDocuments): OutputOption[] {
  const takers = new Map<string, OutputOption>();
  for (const { config, consumer } of role.uses) {
    const option = consumerRoleOption(config, consumer);
    // The role of `secretsManager` is each install's own option; the others follow the install's IAM role source.
    const roleSource = consumer === SECRETS_READER ? 'own' : config.iam.roleSource;
    const taker: OutputOption = roleSource === 'derived'
      ? { option, derived: { suffix: `-${config.namespace}`, install: config.optionPrefix.slice(0, -1) } }
      : { option: roleSource === 'own' ? `${config.optionPrefix}${option}` : option };
    takers.set(outputOptionText(taker), taker);
  }
  return [...takers.values()];
}

/**
 * The bucket's resource: Block Public Access on, the default encryption of `bucketKmsKeyArn` (SSE-KMS) or SSE-S3,
 * versioning and a lifecycle rule per install's artifacts when asked, and kept when the stack is deleted or the bucket
 * replaced, since it holds every run's artifacts and every pipeline package (AWS::S3::Bucket in @aws-cdk/aws-service-spec).
 */
function bucketResource(bucket: StackBucket, config: CloudFormationConfig): CfnResource {
  const { kmsKeyArn } = bucket.installs[0].s3;
  const days = config.artifactExpirationDays;
  return {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BucketName: bucket.name,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: kmsKeyArn ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyArn } : { SSEAlgorithm: 'AES256' },
        }],
      },
      ...(config.bucketVersioning ? { VersioningConfiguration: { Status: 'Enabled' } } : {}),
      ...(days !== undefined ? {
        LifecycleConfiguration: {
          Rules: bucket.installs.map((install) => ({
            Id: `expire-artifacts-${install.namespace}`,
            Status: 'Enabled',
            Prefix: `${install.s3.artifactPrefix}/`,
            ExpirationInDays: days,
            ...(config.bucketVersioning ? { NoncurrentVersionExpiration: { NoncurrentDays: days } } : {}),
          })),
        },
      } : {}),
    },
  };
}

/** The role's resource, with exactly the documents of `iam/`: its trust policy, and its policy inline. */
function roleResource(role: IamRoleDocuments): CfnResource {
  const namespaces = [...new Set(role.uses.map((use) => use.config.namespace))];
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: role.name,
      ...(role.path === '/' ? {} : { Path: role.path }),
      Description: `S3 access of Kubeflow Pipelines in ${namespaces.join(', ')}`,
      AssumeRolePolicyDocument: role.trust,
      Policies: [{ PolicyName: ROLE_POLICY_NAME, PolicyDocument: role.policy }],
    },
  };
}

/**
 * The AWS resources of the installs on AWS S3 as a CloudFormation template: what the README's `aws` commands would
 * create, from the same data. The roles are `roles`, the documents `iam/` holds, so the two cannot differ; the
 * associations are those of `roleBindings`, which `create-pod-identity-associations.sh` creates.
 */
export function awsStack(installs: readonly KfpConfig[], config: CloudFormationConfig, roles: readonly IamRoleDocuments[]): AwsStack {
  const ids = new LogicalIds();
  const aws = stackInstalls(installs);
  const byBucket = new Map<string, KfpConfig[]>();
  for (const install of aws) byBucket.set(install.s3.bucket, [...byBucket.get(install.s3.bucket) ?? [], install]);
  const buckets: StackBucket[] = config.createBucket
    ? [...byBucket].map(([name, list]) => ({ logicalId: ids.of('Bucket', name), name, installs: list }))
    : [];
  const stackRoles: StackRole[] = roles.map((documents) => ({ logicalId: ids.of('Role', documents.name), documents }));
  const roleIds = new Map(stackRoles.map((role) => [role.documents.name, role.logicalId]));
  const associations: StackAssociation[] = aws
    .filter((install) => install.iam.mechanism === IamMechanism.POD_IDENTITY && !install.iam.ackAssociations)
    .flatMap((install) => roleBindings(install).map((binding) => ({
      logicalId: ids.of('Association', install.namespace, binding.serviceAccount),
      config: install,
      namespace: install.namespace,
      serviceAccount: binding.serviceAccount,
      role: roleIds.get(iamRoleName(binding.role))!,
    })));
  // With EKS Pod Identity, ESO reads `secretsManager`'s secrets as its own controller: one association, which every
  // install with the option shares (the options refuse two roles or controllers for it).
  const eso = aws.find((install) => install.secretsManager?.mechanism === IamMechanism.POD_IDENTITY && !install.iam.ackAssociations);
  if (eso) {
    const { controllerNamespace, controllerServiceAccount, roleArn } = eso.secretsManager!;
    associations.push({
      logicalId: ids.of('Association', controllerNamespace, controllerServiceAccount),
      config: eso,
      namespace: controllerNamespace,
      serviceAccount: controllerServiceAccount,
      role: roleIds.get(iamRoleName(roleArn))!,
    });
  }

  const outputs: Array<StackOutput & { readonly value: CfnValue }> = [
    ...buckets.map((bucket) => ({
      key: `${bucket.logicalId}Name`,
      what: `the bucket ${bucket.name}`,
      options: [...new Set(bucket.installs.map(bucketOption))].map((option) => ({ option })),
      value: { Ref: bucket.logicalId },
    })),
    ...stackRoles.map((role) => ({
      key: `${role.logicalId}Arn`,
      what: `the ARN of role ${role.documents.name}`,
      options: roleTakers(role.documents),
      value: { 'Fn::GetAtt': [role.logicalId, 'Arn'] as const },
    })),
  ];
  const resources: Record<string, CfnResource> = {
    ...Object.fromEntries(buckets.map((bucket) => [bucket.logicalId, bucketResource(bucket, config)])),
    ...Object.fromEntries(stackRoles.map((role) => [role.logicalId, roleResource(role.documents)])),
    ...Object.fromEntries(associations.map((association) => [association.logicalId, {
      Type: 'AWS::EKS::PodIdentityAssociation',
      Properties: {
        ClusterName: association.config.iam.clusterName,
        Namespace: association.namespace,
        ServiceAccount: association.serviceAccount,
        RoleArn: { 'Fn::GetAtt': [association.role, 'Arn'] },
      },
    }])),
  };
  const { version } = installs[0].release;
  const template: CfnTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `AWS resources of Kubeflow Pipelines ${version} in ${aws.map((install) => install.namespace).join(', ')}: ${[
      ...(buckets.length > 0 ? ['the S3 bucket'] : []), 'the IAM roles of iam/', ...(associations.length > 0 ? ['their Pod Identity associations'] : []),
    ].join(', ')}. Generated by kfp-aws-project: change .projenrc.ts, not this file.`,
    Resources: resources,
    Outputs: Object.fromEntries(outputs.map(({ key, what, options, value }) => [key, { Description: `${what}, for ${options.map((o) => outputOptionText(o)).join(', ')}`, Value: value }])),
  };
  return { config, buckets, roles: stackRoles, associations, outputs: outputs.map(({ key, what, options }) => ({ key, what, options })), template };
}

