import { code } from '../markdown';
import { databaseAddress, mechanismDocContext, ReadmeContext, s3Arn } from './common';
import { IAM_DIR, mechanismOf } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';
import { s3EndpointUrl } from '../../manifests/aws';
import { DATABASE_SECTION } from '../../ops/paths';
import { CacheWebhook } from '../../options';

export function beforeYouDeploy({ config }: ReadmeContext): string[] {
  const { s3 } = config;
  const extra = [
    ...(config.mysql.external
      ? [`Prepare the database server ${code(databaseAddress(config))}: KFP's user and its grants${config.mysql.tls ? ', and the CA ConfigMap' : ''} (see "${DATABASE_SECTION}").`]
      : []),
    ...(config.cacheWebhook === CacheWebhook.CERT_MANAGER ? ['Install cert-manager in the cluster, which issues the cache webhook\'s certificate (see "Cache").'] : []),
    ...(config.variants.includes('iam') ? mechanismOf(config).beforeYouDeploy(mechanismDocContext(config)) : []),
    'Create the Secrets: `npx projen create-secrets` (see "Secrets").',
  ];
  return [
    '## Before you deploy',
    '',
    '1. Create the S3 bucket if it does not exist:',
    '',
    '   ```bash',
    `   aws s3api create-bucket --bucket ${s3.bucket} --region ${s3.region}${s3.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${s3.region}`}${s3.customEndpoint ? ` --endpoint-url ${s3EndpointUrl(s3)}` : ''}`,
    '   ```',
    '',
    ...(config.variants.includes('iam')
      ? [
        `2. Let the pods use it: in ${code(overlayDir('iam'))} through IAM roles, which you create from ${code(`${IAM_DIR}/`)} as under "IAM roles";`,
        `   in ${code(overlayDir('accesskey'))} through the access key of an IAM user, which needs \`s3:ListBucket\` and \`s3:GetBucketLocation\` on`,
        `   ${code(s3Arn(config, s3.bucket))} and \`s3:GetObject\`, \`s3:PutObject\` and \`s3:DeleteObject\` on ${code(s3Arn(config, `${s3.bucket}/*`))}`,
        '   (the UI asks for the bucket\'s region before it reads).',
      ]
      : [`2. Let the pods use it, through an access key of the store that may list, read, write and delete in ${code(s3.bucket)}.`]),
    '',
    ...extra.flatMap((step, i) => [`${i + 3}. ${step}`, '']),
  ];
}
