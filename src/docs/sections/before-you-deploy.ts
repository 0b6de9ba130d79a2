import { code } from '../markdown';
import { AWS_STACK_SECTION } from './aws-stack';
import { databaseAddress, mechanismDocContext, ReadmeContext, s3Arn } from './common';
import { DEPLOY_AWS_TASK } from '../../aws/cloud-formation-stack';
import type { KfpConfig } from '../../config';
import { IAM_DIR, mechanismOf, OIDC_PROVIDER_COMMAND } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';
import { MYSQL_PVC } from '../../manifests/components/mysql';
import { EBS_CSI_DRIVER, PREPARE_SECTION } from '../../ops/cluster-checks';
import { createBucketCommand } from '../../ops/commands';
import { DATABASE_SECTION } from '../../ops/paths';
import { CacheWebhook } from '../../options';

/**
 * What a new EKS cluster lacks for the in-cluster MySQL's volume: the EBS CSI driver (an add-on, with its IAM role) and,
 * unless `mysql.storageClassName` names one, a default StorageClass (EKS marks none since Kubernetes 1.30).
 */
function storageStep(config: KfpConfig): string[] {
  const { mysql, s3: { partition } } = config;
  const role = 'AmazonEKS_EBS_CSI_DriverRole';
  const addon = [
    'eksctl create iamserviceaccount --cluster <cluster> --namespace kube-system --name ebs-csi-controller-sa \\',
    `  --role-name ${role} --role-only --approve \\`,
    `  --attach-policy-arn arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
    'aws eks create-addon --cluster-name <cluster> --addon-name aws-ebs-csi-driver \\',
    `  --service-account-role-arn arn:${partition}:iam::<account>:role/${role}${mysql.storageClassName ? '' : ' \\'}`,
    ...(mysql.storageClassName ? [] : ['  --configuration-values \'{"defaultStorageClass":{"enabled":true}}\'']),
  ];
  const needs = mysql.storageClassName
    ? [
      `Give MySQL's volume (claim ${code(MYSQL_PVC)}) its StorageClass ${code(mysql.storageClassName)} (\`mysql.storageClassName\`) and the driver that`,
      `   provisions it; \`npx projen deploy\` checks both first. For EBS that is the EBS CSI driver (CSIDriver ${code(EBS_CSI_DRIVER)}), an`,
      '   add-on that a new EKS cluster lacks. With `<cluster>` the name of the cluster and `<account>` its AWS account:',
    ]
    : [
      `Give MySQL's volume (claim ${code(MYSQL_PVC)}) a default StorageClass and the driver that provisions it, or set`,
      '   `mysql.storageClassName` to a class of the cluster; `npx projen deploy` checks both first. A new EKS cluster has',
      `   neither: the EBS CSI driver (CSIDriver ${code(EBS_CSI_DRIVER)}) is an add-on, and since Kubernetes 1.30 EKS marks no StorageClass`,
      '   as the default (its `gp2` stays, and needs the same driver). With `<cluster>` the name of the cluster and `<account>`',
      '   its AWS account:',
    ];
  return [
    ...needs,
    '',
    '   ```bash',
    ...addon.map((line) => `   ${line}`),
    '   ```',
    '',
    `   The driver's role needs the cluster's IAM OIDC provider (${code(OIDC_PROVIDER_COMMAND)} adds it).`,
    ...(mysql.storageClassName ? [] : [
      '   `defaultStorageClass` makes the add-on create `ebs-csi-default-sc` (gp3) as the default; or mark a class of yours as the',
      '   default with `kubectl annotate --overwrite storageclass <class> storageclass.kubernetes.io/is-default-class=true`.',
    ]),
  ];
}

export function beforeYouDeploy({ config, stack }: ReadmeContext): string[] {
  const { s3 } = config;
  const stackBucket = stack?.buckets.some((bucket) => bucket.name === s3.bucket);
  const extra: Array<string | string[]> = [
    ...(config.mysql.external
      ? [`Prepare the database server ${code(databaseAddress(config))}: KFP's user and its grants${config.mysql.tls ? ', and the CA ConfigMap' : ''} (see "${DATABASE_SECTION}").`]
      : []),
    ...(config.cacheWebhook === CacheWebhook.CERT_MANAGER ? ['Install cert-manager in the cluster, which issues the cache webhook\'s certificate (see "Cache").'] : []),
    ...(config.variants.includes('iam') ? mechanismOf(config).beforeYouDeploy(mechanismDocContext(config, stack)) : []),
    ...(config.mysql.external ? [] : [storageStep(config)]),
    'Create the Secrets: `npx projen create-secrets` (see "Secrets").',
  ];
  return [
    `## ${PREPARE_SECTION}`,
    '',
    ...(stackBucket ? [
      `1. Create the S3 bucket and the IAM roles: \`npx projen ${DEPLOY_AWS_TASK}\` (see "${AWS_STACK_SECTION}").`,
    ] : [
      '1. Create the S3 bucket if it does not exist:',
      '',
      '   ```bash',
      `   ${createBucketCommand(s3)}`,
      // The bucket's default encryption with its KMS key (docs.aws.amazon.com/cli/latest/reference/s3api/put-bucket-encryption).
      ...(s3.kmsKeyArn ? [
        `   aws s3api put-bucket-encryption --bucket ${s3.bucket} --region ${s3.region} \\`,
        `     --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${s3.kmsKeyArn}"}}]}'`,
      ] : []),
      '   ```',
    ]),
    '',
    ...(config.variants.includes('iam')
      ? [
        `2. Let the pods use it: in ${code(overlayDir('iam'))} through IAM roles, which you create from ${code(`${IAM_DIR}/`)} as under "IAM roles";`,
        `   in ${code(overlayDir('accesskey'))} through the access key of an IAM user, which needs \`s3:ListBucket\` and \`s3:GetBucketLocation\` on`,
        `   ${code(s3Arn(config, s3.bucket))} and \`s3:GetObject\`, \`s3:PutObject\` and \`s3:DeleteObject\` on ${code(s3Arn(config, `${s3.bucket}/*`))}`,
        `   (the UI asks for the bucket's region before it reads)${s3.kmsKeyArn ? ', and `kms:Decrypt` and `kms:GenerateDataKey` on the key of its' : '.'}`,
        ...(s3.kmsKeyArn ? [`   encryption, ${code(s3.kmsKeyArn)}.`] : []),
      ]
      : [`2. Let the pods use it, through an access key of the store that may list, read, write and delete in ${code(s3.bucket)}.`]),
    '',
    ...extra.flatMap((step, i) => {
      const [first, ...rest] = typeof step === 'string' ? [step] : step;
      return [`${i + 3}. ${first}`, ...rest, ''];
    }),
  ];
}
