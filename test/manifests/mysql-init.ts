import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findObject, tempDir } from '../util';
import { containerOf } from './wiring';

/** Where the official MySQL image's entrypoint finds its init scripts. */
export const INIT_DIR = '/docker-entrypoint-initdb.d';

/**
 * Sources the init script as the official image's entrypoint does, with its two functions stubbed: the SQL that
 * `docker_process_sql` receives goes to stdout, `mysql_error` exits 1.
 */
export function sourceInitScripts(objects: readonly any[], env: Record<string, string>) {
  const mysql = containerOf(objects, 'mysql', 'mysql');
  const mount = mysql.volumeMounts.find((m: any) => m.mountPath === INIT_DIR);
  const volume = findObject(objects, 'Deployment', 'mysql').spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  const configMap = findObject(objects, 'ConfigMap', volume.configMap.name);
  const dir = tempDir();
  for (const [file, content] of Object.entries<string>(configMap.data)) fs.writeFileSync(path.join(dir, file), content);
  const script = [
    'set -eo pipefail',
    'docker_process_sql() { cat; }',
    'mysql_error() { echo "$*" >&2; exit 1; }',
    `for f in "${dir}"/*.sh; do . "$f"; done`,
  ].join('\n');
  // stdin from /dev/null: on a socket, bash would take itself for a remote shell and read ~/.bashrc.
  return spawnSync('bash', ['-c', script], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, ...env } });
}

/** The databases the init script's SQL creates. */
export function createdDatabases(sql: string): string[] {
  return [...sql.matchAll(/^CREATE DATABASE IF NOT EXISTS `([^`]+)`;$/gm)].map((m) => m[1]);
}

/** The grants of the init script's SQL, as `user@database`. */
export function grants(sql: string): string[] {
  return [...sql.matchAll(/^GRANT ALL ON `([^`]+)`\.\* TO '([^']*)'@'%';$/gm)].map((m) => `${m[2]}@${m[1]}`);
}
