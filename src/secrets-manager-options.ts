/**
 * Run-time Secrets of an install that the External Secrets Operator (ESO) copies from AWS Secrets Manager, instead of
 * the scripts creating them from env files. Each Secret is opt-in: the ones left out stay with their scripts. ESO must
 * run in the cluster; the install gets a `SecretStore`, an `ExternalSecret` per Secret, and an IAM role that may read
 * exactly these secrets.
 */
export interface SecretsManagerOptions {
  /**
   * The MySQL Secret (`mysql.secretName` or `externalDatabase.secretName`) from a Secrets Manager secret. An RDS-managed master user secret works as it is: its JSON has `username` and `password`.
   * @default - the script creates it
   */
  readonly mysql?: SecretsManagerMysqlSecret;

  /**
   * The AWS access key Secret of `overlay/accesskey` (`accessKey.secretName`), in that overlay only.
   * @default - the script creates it
   */
  readonly accessKey?: SecretsManagerAccessKeySecret;

  /**
   * The key the KFP 2.x UI signs the paths of its TensorBoard proxy with (Secret `ml-pipeline-ui-secret`); refused for releases whose UI has none (0.2.3).
   * @default - the script generates it
   */
  readonly uiSigningKey?: SecretsManagerUiSigningKey;

  /**
   * The IAM role that reads the secrets: with IRSA the install's ServiceAccount `kfp-external-secrets` assumes it; with EKS Pod Identity it is the role of ESO's own controller (`controllerServiceAccount`), so every install with EKS Pod Identity must give the same one. Its documents are in `iam/`.
   * @default - a placeholder ARN; `deploy` refuses to install while it is in use
   */
  readonly roleArn?: string;

  /**
   * The AWS region of the secrets.
   * @default - the install's `region`
   */
  readonly region?: string;

  /**
   * The customer managed KMS key that encrypts the secrets, if they are not encrypted with Secrets Manager's own key (`aws/secretsmanager`): the role then may `kms:Decrypt` with it.
   * @default - the secrets use `aws/secretsmanager`, which needs no permission of the role
   */
  readonly kmsKeyArn?: string;

  /**
   * How often ESO reads the secrets again and updates the Secrets, as a Go duration (`1h`, `15m`); Stakater Reloader then restarts the pods that read a changed Secret.
   * @default "1h"
   */
  readonly refreshInterval?: string;

  /**
   * With EKS Pod Identity: the namespace ESO's controller runs in, whose ServiceAccount gets the role.
   * @default "external-secrets"
   */
  readonly controllerNamespace?: string;

  /**
   * With EKS Pod Identity: the ServiceAccount of ESO's controller, which gets the role.
   * @default "external-secrets"
   */
  readonly controllerServiceAccount?: string;
}

/** The UI's signing key in a Secrets Manager secret, and the JSON property that holds it. */
export interface SecretsManagerUiSigningKey {
  /**
   * The secret's name or ARN, in `secretsManager.region`.
   */
  readonly secretId: string;

  /**
   * The property of the secret's JSON that holds the value.
   * @default "tensorboard-proxy-signing-key"
   */
  readonly property?: string;
}

/** The MySQL credentials in a Secrets Manager secret, and the JSON property of each. */
export interface SecretsManagerMysqlSecret {
  /**
   * The secret's name or ARN, in `secretsManager.region`; for an RDS-managed master user secret, the `SecretArn` of the DB instance's `MasterUserSecret`.
   */
  readonly secretId: string;

  /**
   * The property that holds the user KFP connects as.
   * @default "username"
   */
  readonly usernameProperty?: string;

  /**
   * The property that holds its password.
   * @default "password"
   */
  readonly passwordProperty?: string;

  /**
   * The property that holds the root password, which only the in-cluster MySQL reads (refused with `externalDatabase`).
   * @default "root-password"
   */
  readonly rootPasswordProperty?: string;
}

/** An AWS access key in a Secrets Manager secret, and the JSON property of each half. */
export interface SecretsManagerAccessKeySecret {
  /**
   * The secret's name or ARN, in `secretsManager.region`.
   */
  readonly secretId: string;

  /**
   * The property that holds the access key ID.
   * @default - `accessKey.accessKeyIdKey` ("accesskey")
   */
  readonly accessKeyIdProperty?: string;

  /**
   * The property that holds the secret access key.
   * @default - `accessKey.secretAccessKeyKey` ("secretkey")
   */
  readonly secretAccessKeyProperty?: string;
}
