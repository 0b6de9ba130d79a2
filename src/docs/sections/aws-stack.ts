import { code, codeBlock, table, words } from '../markdown';
import type { ReadmeContext } from './common';
import { AwsStack, outputOptionText, StackAssociation, TEMPLATE_FILE } from '../../aws';
import { DEPLOY_AWS_TASK, deployCommand, outputsCommand } from '../../aws/cloud-formation-stack';
import { KfpConfig, SECRETS_READER, stackInstalls } from '../../config';
import { IAM_DIR, ROLE_POLICY_NAME } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';

/** The title of the section, which others refer to. */
export const AWS_STACK_SECTION = 'AWS resources (CloudFormation)';

/** What the template makes of a bucket, in words. */
function bucketWords(stack: AwsStack): string[] {
  const { config } = stack;
  return stack.buckets.map((bucket) => {
    const key = bucket.installs[0].s3.kmsKeyArn;
    return [
      `the S3 bucket ${code(bucket.name)} (Block Public Access on; default encryption ${key ? `SSE-KMS with ${code(key)}` : 'SSE-S3'}`,
      ...(config.bucketVersioning ? ['; versioning on'] : []),
      ...(config.artifactExpirationDays !== undefined
        ? [`; objects under ${words(bucket.installs.map((i) => code(`${i.s3.artifactPrefix}/`)))} expire after ${config.artifactExpirationDays} days${config.bucketVersioning ? ', and their old versions as many days after they were replaced' : ''}`]
        : []),
      '; kept, with its objects, when the stack is deleted)',
    ].join('');
  });
}

/**
 * What the IAM user of `overlay/accesskey` needs for `config`: the policies of the roles its pods would take (not the
 * role ESO reads `secretsManager`'s secrets with, which no pod of KFP takes).
 */
function accessKeyUser(config: KfpConfig, stack: AwsStack): string[] {
  const roles = stack.roles.filter((role) => role.documents.uses
    .some((use) => use.config.namespace === config.namespace && use.consumer !== SECRETS_READER));
  return [
    ...codeBlock(roles.flatMap(({ documents }) => [
      `aws iam create-policy --policy-name ${documents.name}-policy --policy-document file://${documents.policyFile}`,
      `aws iam attach-user-policy --user-name <user> --policy-arn arn:${config.s3.partition}:iam::<account>:policy/${documents.name}-policy`,
    ])),
    ...(config.iam.sessionTagIsolation ? [
      '',
      `With \`iam.sessionTagIsolation\` these policies name the namespace as the session tag ${code('kubernetes-namespace')}, which EKS Pod Identity`,
      `gives a pod; a user has it only as a tag of its own: ${code(`aws iam tag-user --user-name <user> --tags Key=kubernetes-namespace,Value=${config.namespace}`)}.`,
    ] : []),
  ];
}

/** The association of ESO's controller that `stack` creates (`secretsManager` with EKS Pod Identity), if any. */
export function esoAssociation(stack: AwsStack | undefined): StackAssociation | undefined {
  return stack?.associations.find((a) => a.config.secretsManager && a.namespace === a.config.secretsManager.controllerNamespace
    && a.serviceAccount === a.config.secretsManager.controllerServiceAccount);
}

export function awsStackSection({ stack, installs }: ReadmeContext): string[] {
  if (!stack) return [];
  const { config, associations, outputs, buckets } = stack;
  const accounts = [...new Set(stack.roles.flatMap((role) => (role.documents.role.includes(':') ? [role.documents.role.split(':')[4]] : [])))];
  const what = [
    ...bucketWords(stack),
    `the IAM roles of ${code(`${IAM_DIR}/`)}, each with exactly the trust policy of its ${code('<role>.trust.json')} and, as its inline policy ${code(ROLE_POLICY_NAME)}, its ${code('<role>.policy.json')}`,
    ...(associations.length > 0
      ? [`the EKS Pod Identity association of each ServiceAccount that reaches S3${esoAssociation(stack) ? ' and of the External Secrets Operator\'s controller' : ''} `
        + `(${associations.length}, in cluster ${words([...new Set(associations.map((a) => code(a.config.iam.clusterName)))])})`]
      : []),
  ];
  const [first, ...others] = stackInstalls(installs);
  return [
    `## ${AWS_STACK_SECTION}`,
    '',
    `${code(TEMPLATE_FILE)} (\`cloudFormation\`) is a CloudFormation template of the AWS side of this repo, written from the same options:`,
    '',
    ...what.map((line, i) => `- ${line}${i === what.length - 1 ? '.' : ';'}`),
    '',
    `It has no parameters. Deploy it with the AWS CLI, with credentials of ${accounts.length === 1 ? `account ${code(accounts[0])}, the account of the roles' ARNs,` : 'the account of the roles'}`,
    'that may create these resources (`CAPABILITY_NAMED_IAM`: the roles get the names of their ARNs):',
    '',
    ...codeBlock([`npx projen ${DEPLOY_AWS_TASK}`, '# which runs:', deployCommand(config), outputsCommand(config)]),
    '',
    `The stack is ${code(config.stackName)} (\`cloudFormation.stackName\`) in ${code(config.region)}, the region of the top-level install${associations.length > 0 ? ', which must also be the EKS cluster\'s' : ''}.`,
    'Its outputs are values the options already hold; each must equal its option, which tells that the stack made what',
    'the manifests name:',
    '',
    ...table(['output', 'value', 'option in `.projenrc.ts`'], outputs.map((o) => [code(o.key), o.what, o.options.map((t) => outputOptionText(t, code)).join(', ')])),
    '',
    'Deploy again after a change of the options and `npx projen`: the stack follows. CloudFormation does not take over what',
    `exists: a role${buckets.length > 0 ? ' or bucket' : ''} of the same name created by hand makes the deployment fail, so delete such a role first${buckets.length > 0 ? ' (for a' : '.'}`,
    ...(buckets.length > 0 ? ['bucket that exists, set `cloudFormation.createBucket` to false).'] : []),
    ...(associations.length > 0 ? [
      'A ServiceAccount takes one association only: with this stack, do not run `npx projen create-associations`, and delete',
      'the associations it made before you deploy the stack.',
    ] : []),
    `Deleting the stack deletes the roles${associations.length > 0 ? ' and the associations' : ''}${buckets.length > 0 ? ', not the bucket' : ''}.`,
    '',
    '**Access key.** The template creates no IAM user and no access key, so no secret is ever in the stack\'s outputs. The user whose',
    `key ${code(overlayDir('accesskey'))} reads needs what the roles of the install's pods may do together: give it their policies${others.length > 0 ? ' (to the user of an additional install, those of its roles)' : ''}:`,
    '',
    ...accessKeyUser(first, stack),
    '',
  ];
}
