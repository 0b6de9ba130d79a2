import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { TEMPLATE_FILE } from '../../src/aws';
import { synthFiles, TestOptions, readmeSection, hasReadmeSection } from '../util';

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TITLE = 'AWS resources (CloudFormation)';

const POD_IDENTITY: TestOptions = {
  bucket: 'acme-kfp',
  region: 'eu-west-1',
  iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: role('kfp-s3'), roleArns: { pipelineRunner: role('kfp-steps') }, clusterName: 'kfp-prod' },
  additionalInstalls: [{ namespace: 'team-b' }],
};

describe('the README with cloudFormation', () => {
  const files = synthFiles({ ...POD_IDENTITY, bucketKmsKeyArn: KEY, cloudFormation: { stackName: 'ml-kfp', artifactExpirationDays: 14 } });
  const readme: string = files['README.md'];
  const text = readmeSection(readme, TITLE);
  const template: any = yaml.load(files[TEMPLATE_FILE]);

  test('shows the commands the deploy-aws task runs', () => {
    const steps: string[] = files['.projen/tasks.json'].tasks['deploy-aws'].steps.map((s: any) => s.exec);
    expect(steps).toHaveLength(2);
    for (const step of steps) expect(text).toContain(`\n${step}\n`);
    expect(text).toContain('npx projen deploy-aws');
    expect(text).toContain('CAPABILITY_NAMED_IAM');
  });

  test('lists every output of the template with the options that take it', () => {
    const rows = [...text.matchAll(/^\| `([A-Za-z0-9]+)` \| [^|]+ \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map(([key]) => key)).toEqual(Object.keys(template.Outputs));
    expect(Object.fromEntries(rows)).toMatchObject({
      BucketAcmeKfpName: '`bucket`, `additionalInstalls[0].bucket`',
      RoleKfpS3Arn: '`iam.roleArn`',
      RoleKfpStepsArn: '`iam.roleArns.pipelineRunner`',
      RoleKfpS3TeamBArn: '`iam.roleArn` with `-team-b` appended (additionalInstalls[0])',
    });
  });

  test('says what the bucket gets: encryption with the key, expiry of the artifacts, kept on delete', () => {
    expect(text).toContain(`default encryption SSE-KMS with \`${KEY}\``);
    expect(text).toContain('objects under `artifacts/` and `team-b/artifacts/` expire after 14 days');
    expect(text).toContain('kept, with its objects, when the stack is deleted');
  });

  test('the access-key user: no key in the stack, and the policies of iam/ to give it', () => {
    expect(text).toContain('creates no IAM user and no access key');
    const policies = [...text.matchAll(/--policy-document file:\/\/(iam\/[^ ]+\.policy\.json)/g)].map((m) => m[1]);
    expect(policies.sort()).toEqual(['iam/kfp-s3.policy.json', 'iam/kfp-steps.policy.json']);
    for (const policy of policies) expect(files[policy]).toBeDefined();
  });

  test('the access-key user is not given the policy of the role ESO reads secretsManager\'s secrets with', () => {
    const withSecrets = readmeSection(synthFiles({
      ...POD_IDENTITY,
      cloudFormation: {},
      secretsManager: { roleArn: role('kfp-secrets'), mysql: { secretId: 'kfp/mysql' } },
    })['README.md'], TITLE);
    expect(withSecrets).toContain('`secretsManager.roleArn`');
    const policies = [...withSecrets.matchAll(/--policy-document file:\/\/(iam\/[^ ]+\.policy\.json)/g)].map((m) => m[1]);
    expect(policies.sort()).toEqual(['iam/kfp-s3.policy.json', 'iam/kfp-steps.policy.json']);
  });

  test('the stack replaces create-associations and the bucket command in "Before you deploy"', () => {
    const before = readmeSection(readme, 'Before you deploy');
    expect(before).toContain('1. Create the S3 bucket and the IAM roles: `npx projen deploy-aws`');
    expect(before).not.toContain('aws s3api create-bucket');
    expect(before).not.toContain('npx projen create-associations');
    expect(text).toContain('do not run `npx projen create-associations`');
    expect(readmeSection(readme, 'IAM roles')).toContain('`npx projen deploy-aws` creates these roles with exactly these documents, and their associations,');
    expect(readmeSection(readme, 'Folder structure')).toContain(`\`${TEMPLATE_FILE}\``);
  });
});

describe('the README without cloudFormation', () => {
  test('has no section of it, and with a KMS key the commands that set the bucket\'s encryption and the user\'s KMS actions', () => {
    const readme: string = synthFiles({ ...POD_IDENTITY, bucketKmsKeyArn: KEY })['README.md'];
    expect(hasReadmeSection(readme, TITLE)).toBe(false);
    const before = readmeSection(readme, 'Before you deploy');
    expect(before + readmeSection(readme, 'IAM roles')).not.toContain('deploy-aws');
    expect(before).toContain(`aws s3api put-bucket-encryption --bucket acme-kfp --region eu-west-1 \\\n     --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"}}]}'`);
    expect(before).toContain(`\`kms:Decrypt\` and \`kms:GenerateDataKey\` on the key of its\n   encryption, \`${KEY}\``);
    expect(before).toContain('npx projen create-associations');
  });

  test('without a key, only the option table names KMS', () => {
    const readme: string = synthFiles(POD_IDENTITY)['README.md'];
    expect(readme.replace(readmeSection(readme, 'Where each option lands'), '')).not.toMatch(/kms:|put-bucket-encryption/);
  });
});
