import { BashFunction, OBJECT_EXISTS, withDependencies } from './bash-functions';
import { CERT_MANAGER_CRDS, CHECK_CERT_MANAGER, CHECK_STORAGE, EBS_CSI_DRIVER, PREPARE_SECTION } from './cluster-checks';
import { createBucketCommand } from './commands';
import { defaultVariant } from './default-variant';
import {
  BUCKET_LOCATION, BUCKET_PUBLIC_ACCESS, CALLER_IDENTITY, DOCTOR_FUNCTIONS, MYSQL_PROBE, NODE_RUNTIMES, OIDC_PROVIDER,
  REMOVE_PROBE_PODS, ROLE_TRUST,
} from './doctor-checks';
import { DATABASE_SECTION, scriptOf, SCRIPTS } from './paths';
import { ShellScriptSpec, shellValue, shellWord } from './shell-script';
import { KfpConfig, placeholderRoleOptions } from '../config';
import { mapImage } from '../config/images';
import { PLACEHOLDER_OIDC_PROVIDER } from '../config/types';
import { iamRoleDocuments, IRSA_AUDIENCE, mechanismOf, OIDC_PROVIDER_COMMAND } from '../iam';
import { roleBindings } from '../iam/role-bindings';
import { inInstall, OVERLAYS_DIR } from '../layout/deployment-manifests';
import { MYSQL_PVC } from '../manifests/components/mysql';
import { mysqlCredentialEnv, mysqlTlsClient } from '../manifests/mysql-env';
import { withScheduling } from '../manifests/pod-settings';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from '../manifests/security';
import { CacheWebhook } from '../options';

/** How long `kubectl run` waits for the probe pod to start; the first start pulls the MySQL image. */
const PROBE_TIMEOUT = '3m';
/** The `mysql` user and group of the official MySQL images (5.6 and 8.4), in which the probe runs. */
const MYSQL_UID = 999;
const PROBE_USER_ENV = 'KFP_DOCTOR_USER';
const PROBE_PASSWORD_ENV = 'KFP_DOCTOR_PASSWORD';

/** What an install's checks are called after: its namespace. */
const where = (config: KfpConfig) => `namespace ${config.namespace}`;

/** Whether doctor checks the IAM side of `config`: its `deploy` installs the IAM overlay. */
const checksIam = (config: KfpConfig) => defaultVariant(config) === 'iam';

/**
 * The shell script the probe pod runs (POSIX sh, in the MySQL image): it writes the user and the password into an
 * option file (MySQL strips one pair of quotes and reads `\\` as a backslash), logs in with the image's client, and
 * reads the user's authentication plugin with `SHOW CREATE USER CURRENT_USER()` (MySQL 5.7.6 and later), printing
 * only the plugin, never the statement, which holds the password's hash.
 */
function probeScript(config: KfpConfig): string {
  const tls = mysqlTlsClient(config);
  return [
    'set -u',
    'umask 077',
    "quoted() { printf '\"%s\"' \"$(printf '%s' \"$1\" | sed 's/\\\\/\\\\\\\\/g')\"; }",
    `printf '[client]\\nuser=%s\\npassword=%s\\n' "$(quoted "$${PROBE_USER_ENV}")" "$(quoted "$${PROBE_PASSWORD_ENV}")" >/tmp/kfp-doctor.cnf`,
    `client() { mysql --defaults-extra-file=/tmp/kfp-doctor.cnf --host=${config.mysql.host} --port=${config.mysql.port} --connect-timeout=10${tls ? ` --ssl-mode=VERIFY_IDENTITY --ssl-ca=${tls.caFile}` : ''} --batch --skip-column-names "$@"; }`,
    "client --execute='SELECT 1' >/dev/null || exit 1",
    "echo 'kfp-doctor: connected'",
    "user=$(client --execute='SHOW CREATE USER CURRENT_USER()' 2>/dev/null) || exit 0",
    "case \"$user\" in *\"IDENTIFIED WITH '\"*) rest=${user#*IDENTIFIED WITH \\'}; echo \"kfp-doctor: plugin ${rest%%\\'*}\" ;; esac",
  ].join('\n');
}

/**
 * The probe pod, as `kubectl run --overrides` takes it (a JSON merge patch, so its container replaces the generated
 * one): the MySQL image, the credentials from the Secret by reference, the CA bundle where the install uses TLS, the
 * install's scheduling settings (its nodes may have another network path), and what the `restricted` Pod Security
 * level asks for.
 */
function probeOverrides(config: KfpConfig): string {
  const tls = mysqlTlsClient(config);
  const spec = withScheduling({
    automountServiceAccountToken: false,
    securityContext: RESTRICTED_POD,
    containers: [{
      name: 'mysql-client',
      image: probeImage(config),
      command: ['sh', '-c', probeScript(config)],
      env: mysqlCredentialEnv(config, PROBE_USER_ENV, PROBE_PASSWORD_ENV),
      securityContext: { ...RESTRICTED_CONTAINER, runAsUser: MYSQL_UID, runAsGroup: MYSQL_UID },
      ...(tls ? { volumeMounts: [tls.mount] } : {}),
    }],
    ...(tls ? { volumes: [tls.volume] } : {}),
  }, config.pods.pods, 'priorityClassName');
  return JSON.stringify({ apiVersion: 'v1', metadata: { labels: { 'app.kubernetes.io/name': 'kfp-doctor' } }, spec });
}

/** The MySQL image of the release, pulled as the install pulls its images. */
const probeImage = (config: KfpConfig) => mapImage(config.mysql.image, config.images);

/** `NAME=value` lines that set the variables the shared functions read, for one install. */
const assignments = (values: Readonly<Record<string, string | readonly string[]>>) =>
  Object.entries(values).map(([name, value]) => `${name}=${shellValue(value)}`);

/** `run_check TITLE COMMAND ARGS...` as a line. */
const check = (title: string, ...command: string[]) => `run_check ${[title, ...command].map(shellWord).join(' ')}`;

/** The checks of one install: its bucket, its mechanism's preflight, its storage or its external MySQL. */
function installChecks(config: KfpConfig, index: number, checkedBuckets: Set<string>): { lines: string[]; functions: BashFunction[] } {
  const { s3, mysql } = config;
  const lines = [`# ${config.root ? `The install in ${config.root}` : 'The first install'}, namespace ${config.namespace}.`];
  const functions: BashFunction[] = [];
  lines.push(...assignments({ NAMESPACE: config.namespace }));
  const bucketKey = `${s3.bucket} ${s3.region}`;
  if (s3.customEndpoint) {
    lines.push(check(`bucket ${s3.bucket} (${where(config)})`, 'skip', `the store is ${s3.endpoint} (s3Endpoint), which the AWS CLI does not check`));
    functions.push(...DOCTOR_FUNCTIONS);
  } else if (!checkedBuckets.has(bucketKey)) {
    checkedBuckets.add(bucketKey);
    lines.push(
      check(`bucket ${s3.bucket}: exists, in ${s3.region}`, 'bucket_location', s3.bucket, s3.region, createBucketCommand(s3)),
      check(`bucket ${s3.bucket}: Block Public Access`, 'bucket_public_access', s3.bucket),
    );
    functions.push(BUCKET_LOCATION, BUCKET_PUBLIC_ACCESS);
  }

  if (config.variants.includes('iam')) {
    const title = `IAM: ${mechanismOf(config).title} (${where(config)})`;
    if (!checksIam(config)) {
      lines.push(check(title, 'skip', `deploy installs the accesskey variant while ${placeholderRoleOptions(config).join(', ')} is still the placeholder; set it to check the IAM side`));
    } else {
      const preflight = mechanismOf(config).preflight(config, { bindings: roleBindings(config), associationScript: scriptOf(config.root, 'createAssociations') });
      if (preflight) {
        // The mechanism's own checks, as install.sh makes them.
        const name = `iam_preflight_${index}`;
        const overlays: Record<string, string> = withDependencies(preflight.functions).some((f) => f.lines.join('\n').includes('$OVERLAYS_DIR'))
          ? { OVERLAYS_DIR: inInstall(config.root, OVERLAYS_DIR) } : {};
        lines.push(...assignments({ ...overlays, ...preflight.params }), `${name}() {`, ...preflight.lines.map((line) => `  ${line}`), '}', check(title, name));
        functions.push(...preflight.functions);
      }
    }
  }

  if (!mysql.external) {
    lines.push(...assignments({ STORAGE_CLASS: mysql.storageClassName ?? '' }), check(`storage for MySQL's volume (${where(config)})`, 'check_storage'));
    functions.push(CHECK_STORAGE);
  } else {
    lines.push(
      ...assignments({
        MYSQL_SECRET: mysql.secret.name,
        MYSQL_SECRET_SCRIPT: scriptOf(config.root, 'createMysqlSecret'),
        MYSQL_ADDRESS: `${mysql.host}:${mysql.port}`,
        MYSQL_IMAGE: probeImage(config),
        NATIVE_PASSWORD_FOR: config.release.mysql.nativePasswordFor ?? '',
      }),
      '# shellcheck disable=SC1003,SC2016 # the shell script of the pod, which expands there',
      ...assignments({ MYSQL_OVERRIDES: probeOverrides(config) }),
      'probe_namespaces+=("$NAMESPACE")',
      check(`external MySQL ${mysql.host}:${mysql.port} from ${where(config)}`, 'mysql_probe'),
    );
    functions.push(MYSQL_PROBE, OBJECT_EXISTS);
  }
  return { lines: [...lines, ''], functions };
}

/**
 * `scripts/doctor.sh`: checks, read-only, what the installs need of AWS and of the cluster, before or after deploy,
 * and prints PASS, FAIL (with the fix), WARN or SKIP for each; exits 1 when one fails. It creates one object, the
 * short-lived pod that logs in to an external MySQL, and deletes it.
 */
export function doctorScript(installs: readonly KfpConfig[]): ShellScriptSpec {
  const iamInstalls = installs.filter((config) => config.variants.includes('iam') && checksIam(config));
  const roles = iamRoleDocuments(iamInstalls);
  const accounts = [...new Set(roles.map((role) => role.role).filter((role) => role.includes(':')).map((arn) => arn.split(':')[4]))];
  const providers = [...new Set(roles.flatMap((role) => role.trust.Statement)
    .map((statement) => statement.Principal?.Federated)
    .filter((arn): arn is string => typeof arn === 'string' && !arn.endsWith(PLACEHOLDER_OIDC_PROVIDER)))];
  const certManager = installs.filter((config) => config.cacheWebhook === CacheWebhook.CERT_MANAGER);
  const executorReleases = [...new Map(installs.filter((config) => config.release.argo.executorRuntimes)
    .map((config) => [config.release.version, config])).values()];
  const externalMysql = installs.some((config) => config.mysql.external);

  const checkedBuckets = new Set<string>();
  const perInstall = installs.map((config, i) => installChecks(config, i + 1, checkedBuckets));
  const body = [
    'help_only "$@"',
    'require_tools',
    'passed=0 failed=0 warned=0 skipped=0',
    ...(externalMysql ? [
      '# The probe pods of external MySQL servers, removed however the script ends.',
      'probe_namespaces=()',
      'readonly PROBE_POD="kfp-doctor-mysql-$$"',
      'trap remove_probe_pods EXIT',
      "trap 'exit 130' INT TERM",
    ] : []),
    '',
    check('AWS credentials', 'caller_identity', ...accounts),
    ...roles.map((role) => check(`IAM role ${role.name}`, 'role_trust', role.name, role.trustFile, role.role)),
    ...providers.map((arn) => check(`IAM OIDC provider ${arn.slice(arn.indexOf('/') + 1)}`, 'oidc_provider', arn)),
    ...(certManager.length > 0 ? [check(`cert-manager, for the cache webhook (${certManager.map(where).join(', ')})`, 'check_cert_manager')] : []),
    ...executorReleases.map((config) => check(`container runtime of the nodes, for the Argo executor of KFP ${config.release.version}`,
      'node_runtimes', `Argo's executor ${config.release.images.argoExecutor} (${config.release.argo.containerRuntimeExecutor ?? 'default'} mode)`,
      ...config.release.argo.executorRuntimes!)),
    '',
    ...perInstall.flatMap((install) => install.lines),
    "printf '\\n%s passed, %s failed, %s with a warning, %s skipped\\n' \"$passed\" \"$failed\" \"$warned\" \"$skipped\"",
    'if [[ $failed -gt 0 ]]; then',
    "  printf '%s: fix what failed above, then run this again\\n' \"$SCRIPT\" >&2",
    '  exit 1',
    'fi',
  ];
  return {
    summary: 'Checks what the installs need of AWS and of the cluster, changing nothing; exits 1 when a check fails.',
    usage: [
      `Usage: ${SCRIPTS.doctor} [-h]`,
      '',
      'Checks, before or after deploy, what the installs of this repo need of AWS (with the AWS CLI\'s credentials) and',
      'of the cluster of the current kubectl context, and prints for each check PASS, FAIL with the fix, WARN or SKIP',
      'with the reason. Exits 1 when a check fails. Needs the AWS CLI, kubectl and jq.',
      'It changes nothing, except that it runs a short-lived pod in the namespace of each install with an external',
      `MySQL server, which logs in as KFP's user from inside the cluster; the pod is deleted at the end (at most ${PROBE_TIMEOUT} to start).`,
    ],
    params: {
      PREPARE_SECTION,
      ...(installs.some((config) => !config.mysql.external) ? { MYSQL_PVC, EBS_CSI_DRIVER } : {}),
      ...(providers.length > 0 ? { IRSA_AUDIENCE, OIDC_PROVIDER_COMMAND } : {}),
      ...(certManager.length > 0 ? { CERT_MANAGER_CRDS } : {}),
      ...(externalMysql ? { DATABASE_SECTION, PROBE_TIMEOUT } : {}),
    },
    functions: [
      ...DOCTOR_FUNCTIONS, CALLER_IDENTITY,
      ...(roles.length > 0 ? [ROLE_TRUST] : []),
      ...(providers.length > 0 ? [OIDC_PROVIDER] : []),
      ...(executorReleases.length > 0 ? [NODE_RUNTIMES] : []),
      ...(certManager.length > 0 ? [CHECK_CERT_MANAGER] : []),
      ...(externalMysql ? [REMOVE_PROBE_PODS] : []),
      ...perInstall.flatMap((install) => install.functions),
    ],
    body,
  };
}
