import type { KfpConfig } from '../../config';
import { MYSQL } from '../../manifests/components/mysql';
import { code, codeBlock } from '../markdown';

/** An RDS or Aurora endpoint: `<id>.[cluster-[ro-|custom-]]<hash>.<region>.rds.amazonaws.com[.cn]`. */
const RDS_ENDPOINT = /^([a-z][a-z0-9-]*)\.(cluster-(?:ro-|custom-)?)?[a-z0-9]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.rds\.amazonaws\.com(?:\.cn)?$/;

/**
 * The commands that back up the install's database before an upgrade or an uninstall: a dump of the in-cluster MySQL,
 * made in its pod with the root password of its environment (so the password never reaches your terminal), or a
 * snapshot of an RDS instance or Aurora cluster.
 */
export function backupLines(config: KfpConfig): string[] {
  return config.mysql.external ? externalBackup(config) : inClusterBackup(config);
}

function inClusterBackup(config: KfpConfig): string[] {
  const { namespace, mysql } = config;
  // MYSQL_PWD (deprecated since MySQL 8.0, still read by the 5.6 and 8.4 clients) keeps the password off the command line.
  const inPod = (command: string) => `'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec ${command}'`;
  return [
    `The in-cluster MySQL holds every pipeline, run and metadata of the install (the bucket ${code(config.s3.bucket)} holds the`,
    `artifacts, and stays). Dump its databases (${mysql.databases.map(code).join(', ')}) to a file on your machine, outside this repository:`,
    '',
    ...codeBlock([
      `dump=kfp-${namespace}-$(date +%Y%m%d-%H%M%S).sql`,
      `kubectl -n ${namespace} exec deploy/${MYSQL} -c ${MYSQL} -- sh -c \\`,
      `  ${inPod(`mysqldump -uroot --single-transaction --databases ${mysql.databases.join(' ')}`)} \\`,
      '  > "$dump"',
    ]),
    '',
    `The command runs in the MySQL pod and takes the root password from the pod's environment (Secret ${code(mysql.secret.name)}), so`,
    'the password is never on your terminal or in a process list of your machine. To load the dump back into an install',
    'of the same release:',
    '',
    ...codeBlock([
      `kubectl -n ${namespace} exec -i deploy/${MYSQL} -c ${MYSQL} -- sh -c ${inPod('mysql -uroot')} < "$dump"`,
    ]),
  ];
}

function externalBackup(config: KfpConfig): string[] {
  const { mysql } = config;
  const match = RDS_ENDPOINT.exec(mysql.host);
  const region = match?.[3] ?? config.s3.region;
  // Letters, digits and single hyphens, as RDS requires of a snapshot's name.
  const named = (commands: string[]) => [`snapshot=kfp-${config.namespace.replace(/-+/g, '-')}-$(date +%Y%m%d-%H%M)`, ...commands];
  const ofCluster = (cluster: string) => [
    `aws rds create-db-cluster-snapshot --region ${region} --db-cluster-identifier ${cluster} --db-cluster-snapshot-identifier "$snapshot"`,
    `aws rds wait db-cluster-snapshot-available --region ${region} --db-cluster-snapshot-identifier "$snapshot"`,
  ];
  const ofInstance = (instance: string) => [
    `aws rds create-db-snapshot --region ${region} --db-instance-identifier ${instance} --db-snapshot-identifier "$snapshot"`,
    `aws rds wait db-snapshot-available --region ${region} --db-snapshot-identifier "$snapshot"`,
  ];
  const lead = [
    `The databases ${mysql.databases.map(code).join(', ')} on ${code(mysql.host)} hold every pipeline, run and metadata of the install (the`,
    `bucket ${code(config.s3.bucket)} holds the artifacts). Uninstalling leaves them on the server; an upgrade migrates them. Take a`,
  ];
  if (match?.[2]) {
    return [...lead, `snapshot of the Aurora cluster ${code(match[1])} first:`, '', ...codeBlock(named(ofCluster(match[1])))];
  }
  if (match) {
    return [
      ...lead,
      `snapshot of the RDS instance ${code(match[1])} first (of its cluster, for an Aurora instance):`,
      '',
      ...codeBlock(named([...ofInstance(match[1]), '# or, for an instance of an Aurora cluster:', ...ofCluster('<cluster>')])),
    ];
  }
  return [
    ...lead,
    'backup first: a snapshot with your server\'s tools, or on RDS and Aurora:',
    '',
    ...codeBlock(named([...ofInstance('<instance>'), '# or, for an Aurora cluster:', ...ofCluster('<cluster>')])),
  ];
}
