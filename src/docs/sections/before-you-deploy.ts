import { code } from '../markdown';
import { databaseAddress, ReadmeContext, s3Arn } from './common';
import { IAM_DIR } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';
import { s3EndpointUrl } from '../../manifests/aws';
import { DATABASE_SECTION } from '../../ops/paths';

export function beforeYouDeploy({ config }: ReadmeContext): string[] {
  const { s3 } = config;
  return [
    '## Before you deploy',
    '',
    '1. Create the S3 bucket if it does not exist:',
    '',
    '   ```bash',
    `   aws s3api create-bucket --bucket ${s3.bucket} --region ${s3.region}${s3.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${s3.region}`}${s3.customEndpoint ? ` --endpoint-url ${s3EndpointUrl(s3)}` : ''}`,
    '   ```',
    '',
    `2. Let the pods use it: in ${code(overlayDir('iam'))} through IAM roles, which you create from ${code(`${IAM_DIR}/`)} as under "IAM roles";`,
    `   in ${code(overlayDir('accesskey'))} through the access key of an IAM user, which needs \`s3:ListBucket\` on ${code(s3Arn(config, s3.bucket))}`,
    `   and \`s3:GetObject\`, \`s3:PutObject\` and \`s3:DeleteObject\` on ${code(s3Arn(config, `${s3.bucket}/*`))}.`,
    '',
    ...(config.mysql.external
      ? [`3. Prepare the database server ${code(databaseAddress(config))}: KFP's user and its grants${config.mysql.tls ? ', and the CA ConfigMap' : ''} (see "${DATABASE_SECTION}").`, '']
      : []),
    `${config.mysql.external ? 4 : 3}. Create the Secrets: \`npx projen create-secrets\` (see "Secrets").`,
    '',
  ];
}
