import { code, table } from '../markdown';
import type { ReadmeContext } from './common';
import type { KfpConfig } from '../../config';
import { mechanismOf } from '../../iam';
import { PREPARE_SECTION } from '../../ops/cluster-checks';
import { defaultVariant } from '../../ops/default-variant';
import { DATABASE_SECTION, SCRIPTS } from '../../ops/paths';
import { CacheWebhook } from '../../options';

const namespaces = (installs: readonly KfpConfig[]) => installs.map((config) => code(config.namespace)).join(', ');

/** When to run `doctor` and what each of its checks, for these installs, means. */
export function doctor({ installs }: ReadmeContext): string[] {
  const aws = installs.filter((config) => !config.s3.customEndpoint);
  const iam = installs.filter((config) => config.variants.includes('iam'));
  const irsa = iam.filter((config) => defaultVariant(config) === 'iam' && mechanismOf(config).title === 'IRSA');
  const inCluster = installs.filter((config) => !config.mysql.external);
  const external = installs.filter((config) => config.mysql.external);
  const certManager = installs.filter((config) => config.cacheWebhook === CacheWebhook.CERT_MANAGER);
  const executor = installs.find((config) => config.release.argo.executorRuntimes);
  const native = external.map((config) => config.release.mysql.nativePasswordFor).find(Boolean);
  const rows: string[][] = [
    ['AWS credentials', '`aws sts get-caller-identity` answers, with credentials of the account of the role ARNs in the options'],
    ...(aws.length > 0 ? [
      ['bucket: exists, in its region', `GetBucketLocation of each bucket answers the configured region (us-east-1 answers null); the fix creates a missing bucket as under "${PREPARE_SECTION}"`],
      ['bucket: Block Public Access', 'all four settings are on, for the bucket or for the whole account'],
    ] : []),
    ...(iam.length > 0 ? [
      ['IAM role', '`aws iam get-role` finds each role of `iam/`, with the ARN the options give, and its trust policy has every statement of `iam/<role>.trust.json` (compared with jq; extra statements are fine)'],
      ['IAM: the mechanism', `what \`deploy\` checks before it applies \`overlay/iam\`, for each install whose deploy installs it (${iam.map((config) => `${code(config.namespace)}: ${mechanismOf(config).title}`).join(', ')}); skipped while a role is still the placeholder`],
    ] : []),
    ...(irsa.length > 0 ? [['IAM OIDC provider', 'the provider the IRSA trust policies name is registered in IAM and accepts the audience `sts.amazonaws.com`']] : []),
    ...(inCluster.length > 0 ? [['storage for MySQL\'s volume', `what \`deploy\` checks for the in-cluster MySQL (${namespaces(inCluster)}): its StorageClass (\`mysql.storageClassName\`, else the default one) exists, and for EBS the EBS CSI driver is installed`]] : []),
    ...(certManager.length > 0 ? [['cert-manager', `its CRDs exist, which the cache webhook of ${namespaces(certManager)} needs`]] : []),
    ...(external.length > 0 ? [['external MySQL', [
      `a short-lived pod in the namespace of the install (${namespaces(external)}), with the release's MySQL image, logs in to the server as the user of`,
      'the MySQL Secret, which it reads from the Secret itself; it shows whether the server accepts connections from the cluster\'s pods',
      ...(native ? [`and whether the user authenticates with \`mysql_native_password\`, which ${native} needs (see "${DATABASE_SECTION}")`] : []),
    ].join(' ')]] : []),
    ...(executor ? [['container runtime of the nodes', `pipeline steps of KFP ${executor.release.version} run Argo's executor ${code(executor.release.images.argoExecutor)} in ${executor.release.argo.containerRuntimeExecutor} mode, which finds a step's container through the cgroups of ${executor.release.argo.executorRuntimes!.join(', ')} only: every node must run one of them (\`containerRuntimeVersion\` of \`kubectl get nodes -o wide\`)`]] : []),
  ];
  return [
    '## Checking the setup',
    '',
    `\`npx projen doctor\` (${code(SCRIPTS.doctor)}) checks what the installs need of AWS and of the cluster, with your AWS CLI`,
    'credentials and the current kubectl context: run it before the first deploy, once the steps of',
    `"${PREPARE_SECTION}" are done, and again whenever pods cannot reach S3 or MySQL. Each check prints PASS, FAIL with`,
    'the fix, WARN, or SKIP with the reason, and the script exits 1 when one fails. It needs kubectl, the AWS CLI and jq,',
    `and reads only${external.length > 0 ? ', except for one short-lived pod per external MySQL server, which it deletes when it ends' : ''}. The checks:`,
    '',
    ...table(['check', 'what passes'], rows),
    '',
  ];
}
