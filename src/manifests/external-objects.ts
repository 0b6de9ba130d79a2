import { UI_SIGNING_SECRET } from './aws';
import { managedSecrets } from './components/external-secrets';
import { runTimeSecrets } from './run-time-secrets';
import type { Variant } from './variant';
import type { KfpConfig } from '../config';
import type { ExternalObject } from '../validate';

/**
 * The objects the user creates in the install's namespace before installing a variant, with the keys the pods read:
 * their names come from `.projenrc.ts`, so no manifest defines them. The README's "Secrets" table lists them, and the
 * `validate` task accepts references to them and to nothing else that the manifests lack.
 */
export function userCreatedObjects(config: KfpConfig, variant: Variant): ExternalObject[] {
  const managed = new Set(managedSecrets(config.secretsManager, variant).map((secret) => secret.name));
  return runTimeUserSecrets(config, variant).filter((object) => !managed.has(object.name));
}

/**
 * The Secrets a variant's pods read with the keys they read, which the user creates (with the scripts) or ESO creates
 * from AWS Secrets Manager (`secretsManager`), and the CA ConfigMap of an external database.
 */
function runTimeUserSecrets(config: KfpConfig, variant: Variant): ExternalObject[] {
  const { namespace, mysql, accessKey } = config;
  const { secret } = mysql;
  const objects: ExternalObject[] = [{
    kind: 'Secret',
    namespace,
    name: secret.name,
    // Only the in-cluster MySQL reads the root password.
    keys: mysql.external ? [secret.usernameKey, secret.passwordKey] : [secret.usernameKey, secret.passwordKey, secret.rootPasswordKey],
  }];
  if (variant === 'accesskey') {
    objects.push({ kind: 'Secret', namespace, name: accessKey.secretName, keys: [accessKey.accessKeyIdKey, accessKey.secretAccessKeyKey] });
  }
  if (config.release.uiSigningKey) objects.push({ kind: 'Secret', namespace, name: UI_SIGNING_SECRET.name, keys: [UI_SIGNING_SECRET.key] });
  if (mysql.tls) objects.push({ kind: 'ConfigMap', namespace, name: mysql.tls.caConfigMap, keys: [mysql.tls.caKey] });
  const oidc = config.uiLoadBalancer?.oidc;
  if (oidc) objects.push({ kind: 'Secret', namespace, name: oidc.secret.name, keys: [oidc.secret.clientIdKey, oidc.secret.clientSecretKey] });
  return objects;
}

/** Objects of other software the install's objects name: the AWS Load Balancer Controller's ServiceAccount, which reads the OIDC Secret. */
function controllerObjects(config: KfpConfig): ExternalObject[] {
  const lb = config.uiLoadBalancer;
  return lb?.oidc ? [{ kind: 'ServiceAccount', namespace: lb.controller.namespace, name: lb.controller.serviceAccount }] : [];
}

/**
 * Everything a variant's objects may refer to without defining it: what the user creates, what ESO creates from the
 * variant's ExternalSecrets (which name the same keys), what pods create at run time, and the controllers the objects
 * grant access to.
 */
export function externalObjects(config: KfpConfig, variant: Variant): ExternalObject[] {
  return [...runTimeUserSecrets(config, variant), ...runTimeSecrets(config), ...controllerObjects(config)];
}
