import type * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import type { KfpConfig } from '../config';

/** The database user and password from the MySQL Secret, as two environment variables. */
export function mysqlCredentialEnv(config: KfpConfig, userEnv: string, passwordEnv: string): k8s.EnvVar[] {
  const { name, usernameKey, passwordKey } = config.mysql.secret;
  return [
    { name: userEnv, valueFrom: { secretKeyRef: { name, key: usernameKey } } },
    { name: passwordEnv, valueFrom: { secretKeyRef: { name, key: passwordKey } } },
  ];
}
