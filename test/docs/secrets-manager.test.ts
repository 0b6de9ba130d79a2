import { IamMechanism } from '../../src';
import { synthFiles, TestOptions, readmeSection } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-secrets';
const RDS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';

describe('README with secretsManager', () => {
  const options: TestOptions = {
    region: 'eu-west-1',
    namespace: 'ml',
    externalDatabase: { host: 'kfp.abc.eu-west-1.rds.amazonaws.com' },
    secretsManager: { roleArn: ROLE, mysql: { secretId: RDS_SECRET }, uiSigningKey: { secretId: 'kfp/ui', property: 'key' } },
  };
  const readme: string = synthFiles(options)['README.md'];

  test('says that ESO must run in the cluster, which version, and what it creates from which secret and property', () => {
    const text = readmeSection(readme, 'Secrets from AWS Secrets Manager');
    expect(text).toContain('The External Secrets Operator (ESO, v0.16.0 or later: the objects are `external-secrets.io/v1`) must run in the cluster.');
    expect(text).toContain(`| \`mysql-secret\` | the MySQL credentials | \`${RDS_SECRET}\` | \`username\` → \`username\`, \`password\` → \`password\` |`);
    expect(text).toContain('| `ml-pipeline-ui-secret` | the UI\'s TensorBoard proxy signing key | `kfp/ui` | `key` → `tensorboard-proxy-signing-key` |');
    expect(text).toContain('An RDS-managed master user secret works as it is');
    expect(text).toContain('aws secretsmanager create-secret --region eu-west-1 --name kfp/ui --secret-string \'{"key":"<tensorboard-proxy-signing-key>"}\'');
    expect(text).toContain('as ServiceAccount `kfp-external-secrets` of `ml`');
    expect(text).toContain('`iam/kfp-secrets.policy.json`, `iam/kfp-secrets.trust.json`');
    expect(text).toContain('`secret.reloader.stakater.com/reload: <Secrets>`, on which Stakater Reloader restarts it');
  });

  test('the Secrets table and the rotation say who creates each Secret; no script is named for those ESO creates', () => {
    const text = readmeSection(readme, 'Secrets');
    expect(text).toContain(`| \`mysql-secret\` | \`username\`, \`password\` | every component that connects to the database | both variants | ESO, from \`${RDS_SECRET}\` (see "Secrets from AWS Secrets Manager") |`);
    expect(text).toContain('| `ml-pipeline-aws-secret` | `accesskey`, `secretkey` | every component that reaches S3 | `overlay/accesskey` only | `scripts/create-aws-secret.sh` |');
    expect(text).toContain('- **MySQL password**: change it in Secrets Manager; ESO and Reloader do the rest');
    expect(text).not.toContain('create-mysql-secret.sh');
    expect(text).not.toContain('create-ui-secret.sh');
    expect(readme).not.toContain('create-mysql-secret.sh');
  });

  test('with EKS Pod Identity: the association of ESO\'s controller and what its role lets every store without auth do', () => {
    const podIdentity = synthFiles({ iam: { mechanism: IamMechanism.POD_IDENTITY, clusterName: 'prod' }, secretsManager: { roleArn: ROLE, mysql: { secretId: 'kfp/mysql' } } })['README.md'];
    const text = readmeSection(podIdentity, 'Secrets from AWS Secrets Manager');
    expect(text).toContain(`aws eks create-pod-identity-association --cluster-name prod --namespace external-secrets \\\n  --service-account external-secrets --role-arn ${ROLE}`);
    expect(text).toContain('Every `SecretStore` without `auth`, in any namespace, then reads with this role');
  });

  test('without it, the README has no such section', () => {
    expect(synthFiles({})['README.md']).not.toContain('Secrets from AWS Secrets Manager');
  });
});
