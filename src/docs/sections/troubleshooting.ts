import { managedSecret } from '../../ops/external-secrets-checks';
import { code } from '../markdown';
import { databaseAddress, mechanismDocContext, ReadmeContext, s3Arn } from './common';
import { WorkloadLayout } from '../../catalog';
import type { KfpConfig } from '../../config';
import { IAM_DIR, mechanismOf } from '../../iam';
import { s3EndpointUrl } from '../../manifests/aws';
import { ROLLOUT_TIMEOUT } from '../../ops/cluster-checks';
import { restartCommand } from '../../ops/commands';
import { DATABASE_SECTION, MYSQL_CREDENTIALS, SCRIPTS } from '../../ops/paths';

export function troubleshooting({ config }: ReadmeContext): string[] {
  const { s3, mysql, release } = config;
  const identity = mechanismOf(config).troubleshooting(mechanismDocContext(config));
  const endpoint = s3.customEndpoint
    ? [
      `**Components cannot reach the store, or it refuses their requests.** Every component uses ${code(s3EndpointUrl(s3))}`,
      `(\`s3Endpoint\`) and signs for the region ${code(s3.region)}: check that the pods resolve and reach that address, that a`,
      'store with `tls` has a certificate from a public CA (no custom CA is configured) and that it accepts the region.',
      `Argo, the api server and the UI use path-style requests for any store other than AWS S3; \`pathStyle\` ${release.components.includes('kfp-launcher')
        ? 'reaches only the v2 launcher (`forcePathStyle`).'
        : `changes nothing in KFP ${release.version}.`}`,
    ]
    : [
      '**S3 answers 301 / `PermanentRedirect` ("the bucket you are attempting to access must be addressed using the',
      `specified endpoint").** The bucket is not in ${code(s3.region)}, the region every component uses (endpoint ${code(s3.endpoint)}).`,
      `\`aws s3api get-bucket-location --bucket ${s3.bucket}\` gives its region (an empty \`LocationConstraint\` means us-east-1): set`,
      `\`region\` in \`.projenrc.ts\`, run \`npx projen\` and \`npx projen deploy\`, then ${code(restartCommand(config.namespace))}, since the`,
      'servers read the setting when they start.',
    ];
  return [
    '## Troubleshooting',
    '',
    `**\`npx projen deploy\` times out.** When a Deployment is not available after ${ROLLOUT_TIMEOUT}, it prints what the cluster reports:`,
    'volume claims still Pending with their events (no default StorageClass, no EBS CSI driver, or a driver whose role may',
    'not create volumes: `UnauthorizedOperation`; see "Before you deploy"), pods that no node can take (too little CPU or',
    'memory), images the nodes cannot pull (a node in a private subnet needs a NAT gateway or VPC endpoints to reach the',
    'registry), and containers that keep crashing, with their last log lines. The install is applied: fix the cause and',
    'run `npx projen deploy` again.',
    '',
    ...endpoint,
    '',
    ...identity,
    '',
    '**Logs of finished steps do not show in the UI.** Argo archives a step\'s logs to S3 only with `archiveLogs` (now',
    `${s3.archiveLogs}), and only for steps that run after that; the UI reads them from S3 once the pod is gone, under the key`,
    'Argo wrote them to. Both keys come from `artifactPrefix` (see "Where each option lands"): change that option, never',
    'one of the generated objects. The role of the pipeline steps (or the key) needs `s3:PutObject` and the UI\'s needs',
    `\`s3:GetObject\` on ${code(s3Arn(config, `${s3.bucket}/${s3.artifactPrefix}/*`))}: the policies in ${code(`${IAM_DIR}/`)} give them that.`,
    '',
    ...(mysql.external ? externalDatabaseTroubles(config) : inClusterMysqlTroubles(config)),
  ];
}

function inClusterMysqlTroubles(config: KfpConfig): string[] {
  const { mysql } = config;
  return [
    // Only MySQL versions that default to caching_sha2_password need the native-password flags and this advice.
    ...(config.release.mysql.args.some((arg) => arg.includes('mysql_native_password')) ? [
      '**MySQL 8: "Client does not support authentication protocol requested by server" or `caching_sha2_password`',
      'errors.** KFP\'s MySQL clients use `mysql_native_password`. The in-cluster MySQL makes it the default for the user it',
      'creates on its first start; a user created another way (an existing volume) needs',
      '`ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<password>\';`.',
      '',
    ] : []),
    `**"Access denied for user" after changing ${code(mysql.secret.name)}.** MySQL reads the Secret only when it initializes an`,
    'empty volume; later changes to the Secret do not change the passwords in MySQL. Put back the values it first started',
    `with (${managedSecret(config, 'mysql') ? 'in Secrets Manager' : `in ${code(MYSQL_CREDENTIALS.path)}, then ${code(SCRIPTS.createMysqlSecret)} and ${code(restartCommand(config.namespace))}`}), or change the`,
    'password in MySQL as under "Secrets". An install without data worth keeping can start over: `npx projen uninstall`',
    'deletes the volume with the namespace, then create the Secrets and deploy again.',
  ];
}

function externalDatabaseTroubles(config: KfpConfig): string[] {
  const { mysql, namespace, release } = config;
  const restart = code(restartCommand(namespace));
  return [
    `**The pods cannot reach ${code(databaseAddress(config))}** (connection timeouts in their logs${release.workloads === WorkloadLayout.RESTRICTED
      ? ', or pods that stay in `Init` while their `wait-for-database` container waits'
      : ''}). The server must accept TCP`,
    `connections on port ${mysql.port} from the cluster's pods: on RDS, the instance's security group must allow them from the nodes,`,
    'and the instance must be reachable from the cluster\'s VPC.',
    '',
    '**"Client does not support authentication protocol requested by server", `caching_sha2_password`, or "Plugin',
    `'mysql_native_password' is not loaded".** KFP's user on ${code(mysql.host)} must use \`mysql_native_password\`:`,
    '`ALTER USER \'<user>\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'<password>\';`, which MySQL 8.4 accepts only while',
    `the server runs with \`mysql_native_password=ON\` (see "${DATABASE_SECTION}").`,
    '',
    `**"Access denied for user" in the logs of the api server, ML Metadata or the cache server.** ${code(mysql.secret.name)} must`,
    `hold a user and password that ${code(mysql.host)} accepts from the pods' addresses, with the grants under "${DATABASE_SECTION}".`,
    `After fixing the values, ${managedSecret(config, 'mysql') ? 'change them in Secrets Manager (ESO updates the Secret, Reloader restarts the pods)' : `run ${code(SCRIPTS.createMysqlSecret)} and ${restart}`}.`,
    ...(mysql.tls ? [
      '',
      '**TLS errors: "x509: certificate signed by unknown authority" (api server, cache server) or SSL errors of ML',
      `Metadata.** ConfigMap ${code(mysql.tls.caConfigMap)} must hold, under ${code(mysql.tls.caKey)}, the bundle that signed the server's certificate,`,
      `and ${code(mysql.host)} must be a name in that certificate (the RDS endpoint, not an IP address or an alias of your own).`,
      `After replacing the ConfigMap, ${restart}.`,
    ] : []),
  ];
}
