import { code, codeBlock, table } from '../markdown';
import { AWS_STACK_SECTION, esoAssociation } from './aws-stack';
import type { ReadmeContext } from './common';
import type { AwsStack } from '../../aws';
import { DEPLOY_AWS_TASK } from '../../aws/cloud-formation-stack';
import { KfpConfig, ManagedSecret, ManagedSecretOption, PLACEHOLDER_SECRETS_ROLE_ARN, SECRETS_READER } from '../../config';
import { IAM_DIR } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';
import { ESO_API_VERSION, ESO_SECRET_STORE, ESO_SERVICE_ACCOUNT } from '../../manifests/components/external-secrets';
import { RELOADER_SECRET_ANNOTATION } from '../../manifests/reload-annotations';
import { ESO_MIN_VERSION, managedSecret } from '../../ops/external-secrets-checks';
import { IamMechanism } from '../../options';

/** The README section on `secretsManager`; `install.sh` points to it by name. */
export const SECRETS_MANAGER_SECTION = 'Secrets from AWS Secrets Manager';

/** What the README calls each Secret `secretsManager` can take over. */
const WHAT: Readonly<Record<ManagedSecretOption, string>> = {
  mysql: 'the MySQL credentials',
  accessKey: 'the AWS access key',
  uiSigningKey: 'the UI\'s TensorBoard proxy signing key',
};

/** Where a Secret comes from, for the Secrets table: ESO and its secret, or `script`. */
export function secretSource(config: KfpConfig, option: ManagedSecretOption, script: string): string {
  const secret = managedSecret(config, option);
  return secret ? `ESO, from ${code(secret.secretId)} (see "${SECRETS_MANAGER_SECTION}")` : script;
}

/** The JSON a secret of `secret` holds, as `aws secretsmanager create-secret --secret-string` takes it. */
const secretJson = (secret: ManagedSecret) => `{${secret.keys.map((k) => `"${k.property}":"<${k.key}>"`).join(',')}}`;

/** Who reads the secrets: the ServiceAccount of the install (IRSA), or ESO's own controller (Pod Identity). */
function authentication(config: KfpConfig, stack: AwsStack | undefined): string[] {
  const sm = config.secretsManager!;
  if (sm.mechanism === IamMechanism.IRSA) {
    return [
      `The store authenticates with IRSA as ServiceAccount ${code(ESO_SERVICE_ACCOUNT)} of ${code(config.namespace)} (\`auth.jwt.serviceAccountRef\`), which carries`,
      `the role ${code(sm.roleArn)}: ESO requests a token of that ServiceAccount and assumes the role with it, so only this`,
      'install\'s store gets the role. Its trust policy names that ServiceAccount and the cluster\'s OIDC provider (`iam.oidcProvider`).',
    ];
  }
  return [
    `The store has no \`auth\`: with EKS Pod Identity, ESO reads the secrets as its own controller, ServiceAccount ${code(sm.controllerServiceAccount)}`,
    `in ${code(sm.controllerNamespace)} (ESO cannot take a Pod Identity role as another ServiceAccount). Give that ServiceAccount the role${esoAssociation(stack)
      ? `: the CloudFormation template does (\`npx projen ${DEPLOY_AWS_TASK}\`, see "${AWS_STACK_SECTION}"); without it:` : ':'}`,
    '',
    ...codeBlock([`aws eks create-pod-identity-association --cluster-name ${config.iam.clusterName} --namespace ${sm.controllerNamespace} \\`,
      `  --service-account ${sm.controllerServiceAccount} --role-arn ${sm.roleArn}`]),
    '',
    'Every `SecretStore` without `auth`, in any namespace, then reads with this role: allow only trusted users to create',
    'SecretStores and ExternalSecrets, or use IRSA, with which each install\'s store has a role of its own.',
  ];
}

export function secretsManagerSection({ config, iamRoles, stack }: ReadmeContext): string[] {
  const sm = config.secretsManager;
  if (!sm) return [];
  const role = iamRoles.find((r) => r.uses.some((use) => use.config === config && use.consumer === SECRETS_READER));
  return [
    `## ${SECRETS_MANAGER_SECTION}`,
    '',
    `The External Secrets Operator (ESO, ${ESO_MIN_VERSION} or later: the objects are \`${ESO_API_VERSION}\`) must run in the cluster. From`,
    `SecretStore ${code(ESO_SECRET_STORE)} (Secrets Manager in ${code(sm.region)}) and an ExternalSecret per Secret, in ${code('base/external-secrets/')}`,
    `(the access key's in ${code(overlayDir('accesskey'))} only), it creates these Secrets with the names and keys the pods read, and reads`,
    `them again every ${code(sm.refreshInterval)} (\`secretsManager.refreshInterval\`). Their scripts are not generated, and \`npx projen deploy\``,
    'checks that ESO\'s CRDs exist, then waits until ESO has created the Secrets.',
    '',
    ...table(['Secret', 'what', 'secret in Secrets Manager', 'JSON property → key'], sm.secrets.map((secret) => [
      code(secret.name), WHAT[secret.option], code(secret.secretId), secret.keys.map((k) => `${code(k.property)} → ${code(k.key)}`).join(', '),
    ])),
    '',
    ...(managedSecret(config, 'mysql') && config.mysql.external ? [
      'An RDS-managed master user secret works as it is: RDS keeps the master user\'s credentials in it as the JSON properties',
      '`username` and `password` (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html, and the MySQL',
      'structure of docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html); give its ARN.',
      'RDS rotates it: set `refreshInterval` short enough for the pods to follow (they fail to open new connections between',
      'a rotation and the next refresh).',
      '',
    ] : []),
    'A secret of your own holds one JSON object, for example:',
    '',
    ...codeBlock(sm.secrets.filter((secret) => !secret.secretId.startsWith('arn:')).map((secret) =>
      `aws secretsmanager create-secret --region ${sm.region} --name ${secret.secretId} --secret-string '${secretJson(secret)}'`)),
    '',
    ...authentication(config, stack),
    '',
    `The role's documents are in ${code(`${IAM_DIR}/`)} with the others (${role ? `${code(role.policyFile)}, ${code(role.trustFile)}` : 'see "IAM roles"'}): it may`,
    `\`secretsmanager:GetSecretValue\` on exactly these secrets${sm.kmsKeyArn ? ` and \`kms:Decrypt\` with ${code(sm.kmsKeyArn)}` : ''}; create it as "IAM roles" shows.`,
    ...(sm.roleArn === PLACEHOLDER_SECRETS_ROLE_ARN ? ['', `\`secretsManager.roleArn\` is still the placeholder ${code(PLACEHOLDER_SECRETS_ROLE_ARN)}: set it, and \`npx projen deploy\` refuses until you do.`] : []),
    '',
    '**Restarts.** Pods read a Secret when they start, and ESO changes the Secrets in place. Every Deployment that reads one',
    `carries ${code(`${RELOADER_SECRET_ANNOTATION}: <Secrets>`)}, on which Stakater Reloader restarts it when one of them changes:`,
    'install Reloader in the cluster, or restart the pods yourself after a change. (A checksum annotation that the scripts',
    'update would restart nothing here: ESO updates the Secrets without any script running.)',
    ...(managedSecret(config, 'mysql') && !config.mysql.external ? [
      `The in-cluster MySQL does not restart: it reads ${code(config.mysql.secret.name)} only when it starts on an empty volume. Change a password`,
      'in MySQL first (see "Rotating" under "Secrets"), then in Secrets Manager.',
    ] : []),
    '',
    'To return a Secret to its script, remove it from `secretsManager` and deploy: removing its ExternalSecret deletes the',
    'Secret ESO made (ESO owns it), so run the script right after (`npx projen create-secrets`) and restart the pods that read it.',
    '',
  ];
}
