import { Component, Project, Task } from 'projen';
import { AwsStack, awsStack, TEMPLATE_FILE } from './cloud-formation';
import type { CloudFormationConfig, KfpConfig } from '../config';
import { GeneratedFile, HASH_COMMENT } from '../generated-file';
import type { IamRoleDocuments } from '../iam';
import { toYaml } from '../yaml';

/** The task that deploys the template. */
export const DEPLOY_AWS_TASK = 'deploy-aws';

/**
 * Creates or updates the stack from the template (`aws cloudformation deploy`; `CAPABILITY_NAMED_IAM` since the roles
 * have names of their own; no change is no error): docs.aws.amazon.com/cli/latest/reference/cloudformation/deploy.
 */
export function deployCommand(config: CloudFormationConfig): string {
  return `aws cloudformation deploy --template-file ${TEMPLATE_FILE} --stack-name ${config.stackName} --region ${config.region} --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset`;
}

/** Prints the stack's outputs: the bucket and the role ARNs the options take. */
export function outputsCommand(config: CloudFormationConfig): string {
  return `aws cloudformation describe-stacks --stack-name ${config.stackName} --region ${config.region} --query 'Stacks[0].Outputs' --output table`;
}

/** `aws/kfp.cfn.yaml`, the CloudFormation template of the installs' AWS resources, and the task that deploys it. */
export class CloudFormationStack extends Component {
  public readonly stack: AwsStack;
  /** Deploys the template as the stack `cloudFormation.stackName`, then prints its outputs. */
  public readonly deploy: Task;

  constructor(project: Project, installs: readonly KfpConfig[], config: CloudFormationConfig, roles: readonly IamRoleDocuments[]) {
    super(project);
    this.stack = awsStack(installs, config, roles);
    new GeneratedFile(project, TEMPLATE_FILE, { comment: HASH_COMMENT, text: toYaml(this.stack.template) });
    this.deploy = project.addTask(DEPLOY_AWS_TASK, {
      description: `Creates or updates the CloudFormation stack ${config.stackName} in ${config.region} from ${TEMPLATE_FILE} (the AWS CLI with credentials of the roles' account), then prints its outputs`,
    });
    this.deploy.exec(deployCommand(config));
    this.deploy.exec(outputsCommand(config));
  }
}
