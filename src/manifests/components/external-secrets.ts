import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ManagedSecret, SecretsManagerConfig } from '../../config';
import { IRSA_ROLE_ANNOTATION } from '../../iam/mechanisms';
import { IamMechanism } from '../../options';
import type { KfpComponentProps } from '../component';
import type { Variant } from '../variant';

/**
 * The API of the External Secrets Operator's objects: `external-secrets.io/v1`, served since ESO v0.16.0 (external-secrets
 * v2.9.0 `apis/externalsecrets/v1/`, `config/crds/bases/external-secrets.io_{externalsecrets,secretstores}.yaml`).
 */
export const ESO_API_VERSION = 'external-secrets.io/v1';
/** The SecretStore of every install: Secrets Manager in `secretsManager.region`. */
export const ESO_SECRET_STORE = 'aws-secrets-manager';
/** The ServiceAccount whose IRSA role ESO takes to read the secrets (`auth.jwt.serviceAccountRef`); IRSA only. */
export const ESO_SERVICE_ACCOUNT = 'kfp-external-secrets';
/** The CRDs ESO installs, which `deploy` looks for before it applies an overlay with its objects. */
export const ESO_CRDS = ['externalsecrets.external-secrets.io', 'secretstores.external-secrets.io'];

/** The Secrets ESO creates for `variant`'s pods: every one of `secretsManager`, the access key's in its overlay only. */
export function managedSecrets(secretsManager: SecretsManagerConfig | undefined, variant: Variant | undefined): ManagedSecret[] {
  return secretsManager?.secrets.filter((secret) => secret.variant === undefined || secret.variant === variant) ?? [];
}

/**
 * The `SecretStore` of the install and an `ExternalSecret` per Secret of `secretsManager`, which ESO turns into the
 * Secret with the name and keys the pods read; with IRSA, the ServiceAccount the store authenticates as. The store's
 * fields (external-secrets v2.9.0 `apis/externalsecrets/v1/secretstore_aws_types.go`): `service: SecretsManager`,
 * `region`, and `auth.jwt.serviceAccountRef` for IRSA, where ESO requests a token of that ServiceAccount and assumes the
 * role of its `eks.amazonaws.com/role-arn` (`providers/v1/aws/auth/auth.go`); with EKS Pod Identity no `auth`, so that
 * ESO uses its own pod's credentials (the AWS SDK's default chain). An `ExternalSecret`'s `data` reads each key with
 * `GetSecretValue` and picks the JSON `property` (`providers/v1/aws/secretsmanager/secretsmanager.go` `GetSecret`);
 * `target.creationPolicy` `Owner` (ESO's default) makes the Secret the ExternalSecret's, and takes over a Secret a
 * script created before. The access key's ExternalSecret is in `overlay/accesskey` only, the others in `base/`.
 */
export class ExternalSecrets extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { secretsManager } = props.config;
    if (!secretsManager) return;
    const variantSpecific = secretsManager.secrets.some((secret) => secret.variant !== undefined);
    const irsa = secretsManager.mechanism === IamMechanism.IRSA;
    if (irsa) {
      new ApiObject(this, 'ServiceAccount', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: ESO_SERVICE_ACCOUNT, annotations: { [IRSA_ROLE_ANNOTATION]: secretsManager.roleArn } },
        // ESO asks the API server for its tokens (TokenRequest); no pod runs as it.
        automountServiceAccountToken: false,
      });
    }
    new ApiObject(this, 'SecretStore', {
      apiVersion: ESO_API_VERSION,
      kind: 'SecretStore',
      metadata: { name: ESO_SECRET_STORE },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: secretsManager.region,
            ...(irsa ? { auth: { jwt: { serviceAccountRef: { name: ESO_SERVICE_ACCOUNT } } } } : {}),
          },
        },
      },
    });
    for (const secret of managedSecrets(secretsManager, variantSpecific ? props.variant : undefined)) {
      new ApiObject(this, secret.option, {
        apiVersion: ESO_API_VERSION,
        kind: 'ExternalSecret',
        metadata: { name: secret.name },
        spec: {
          refreshInterval: secretsManager.refreshInterval,
          secretStoreRef: { kind: 'SecretStore', name: ESO_SECRET_STORE },
          target: { name: secret.name, creationPolicy: 'Owner' },
          data: secret.keys.map(({ key, property }) => ({ secretKey: key, remoteRef: { key: secret.secretId, property } })),
        },
      });
    }
  }
}
