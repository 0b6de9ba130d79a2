import { IamMechanism, KfpAwsProjectOptions } from '../../src';
import { KfpOptionsError, PLACEHOLDER_SECRETS_ROLE_ARN, resolveConfig, resolveInstalls } from '../../src/config';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-secrets';
const RDS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';

/** The problems of `options`, or [] when they resolve. */
function problemsOf(options: Omit<KfpAwsProjectOptions, 'name'>): readonly string[] {
  try {
    resolveInstalls({ name: 'x', ...options });
    return [];
  } catch (error) {
    if (error instanceof KfpOptionsError) return error.problems;
    throw error;
  }
}

describe('secretsManager options', () => {
  test('without it, no Secret is managed', () => {
    expect(resolveConfig({ name: 'x' }).secretsManager).toBeUndefined();
  });

  test('defaults: each property is named after the key it fills, the install region, 1h, a placeholder role', () => {
    const config = resolveConfig({ name: 'x', region: 'eu-west-1', secretsManager: { mysql: { secretId: 'kfp/mysql' }, uiSigningKey: { secretId: 'kfp/ui' } } });
    const sm = config.secretsManager!;
    expect(sm).toMatchObject({ region: 'eu-west-1', refreshInterval: '1h', roleArn: PLACEHOLDER_SECRETS_ROLE_ARN, mechanism: IamMechanism.IRSA });
    expect(sm.secrets).toEqual([
      {
        option: 'mysql',
        name: 'mysql-secret',
        secretId: 'kfp/mysql',
        // A name is granted with the six characters Secrets Manager appends, in the role's account.
        resourceArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kfp/mysql-??????',
        keys: [{ key: 'username', property: 'username' }, { key: 'password', property: 'password' }, { key: 'root-password', property: 'root-password' }],
      },
      {
        option: 'uiSigningKey',
        name: 'ml-pipeline-ui-secret',
        secretId: 'kfp/ui',
        resourceArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kfp/ui-??????',
        keys: [{ key: 'tensorboard-proxy-signing-key', property: 'tensorboard-proxy-signing-key' }],
      },
    ]);
  });

  test('an RDS-managed master secret of an external database: its ARN, username and password, no root password', () => {
    const config = resolveConfig({
      name: 'x',
      region: 'eu-west-1',
      externalDatabase: { host: 'kfp.abc.eu-west-1.rds.amazonaws.com', secretName: 'kfp-db' },
      accessKey: { secretName: 'aws-key', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' },
      secretsManager: { roleArn: ROLE, mysql: { secretId: RDS_SECRET }, accessKey: { secretId: 'kfp/aws', accessKeyIdProperty: 'AccessKeyId' } },
    });
    const [mysql, accessKey] = config.secretsManager!.secrets;
    expect(mysql).toMatchObject({ name: 'kfp-db', resourceArn: RDS_SECRET, keys: [{ key: 'username', property: 'username' }, { key: 'password', property: 'password' }] });
    expect(accessKey).toMatchObject({
      name: 'aws-key',
      variant: 'accesskey',
      resourceArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kfp/aws-??????',
      keys: [{ key: 'id', property: 'AccessKeyId' }, { key: 'key', property: 'key' }],
    });
  });

  test('an additional install does not inherit it: its secrets are its own', () => {
    const [top, other] = resolveInstalls({ name: 'x', secretsManager: { mysql: { secretId: 'kfp/mysql' } }, additionalInstalls: [{ namespace: 'team-b' }] });
    expect(top.secretsManager).toBeDefined();
    expect(other.secretsManager).toBeUndefined();
  });

  test.each<[string, Omit<KfpAwsProjectOptions, 'name'>, string]>([
    ['kube2iam', { iam: { mechanism: IamMechanism.KUBE2IAM }, secretsManager: { mysql: { secretId: 's' } } },
      'secretsManager: needs iam.mechanism IamMechanism.IRSA or IamMechanism.POD_IDENTITY, not "kube2iam"'],
    ['KFP 0.2.3 (kube2iam by default, IRSA not supported)', { kfpVersion: '0.2.3', secretsManager: { mysql: { secretId: 's' } } },
      'KFP 0.2.3 supports neither, so keep the scripts'],
    ['a name Secrets Manager refuses', { secretsManager: { mysql: { secretId: 'kfp mysql' } } },
      'secretsManager.mysql.secretId: "kfp mysql" is neither a Secrets Manager secret name'],
    ['an ARN of another region', { region: 'us-east-1', secretsManager: { mysql: { secretId: RDS_SECRET } } },
      `secretsManager.mysql.secretId: ${JSON.stringify(RDS_SECRET)} is a secret in region eu-west-1, but ESO reads secretsManager.region us-east-1`],
    ['a role that is no ARN', { secretsManager: { roleArn: 'kfp-secrets', mysql: { secretId: 's' } } }, 'secretsManager.roleArn: "kfp-secrets" is not an IAM role ARN'],
    ['a bad KMS key', { secretsManager: { kmsKeyArn: 'alias/kfp', mysql: { secretId: 's' } } }, 'secretsManager.kmsKeyArn: "alias/kfp" is not a KMS key ARN'],
    ['a bad refresh interval', { secretsManager: { refreshInterval: '1 hour', mysql: { secretId: 's' } } }, 'secretsManager.refreshInterval: "1 hour" is not a Go duration'],
    ['an empty property', { secretsManager: { mysql: { secretId: 's', passwordProperty: ' ' } } }, 'secretsManager.mysql.passwordProperty: " " is empty'],
    ['the root password of an external database', { externalDatabase: { host: 'db.example.com' }, secretsManager: { mysql: { secretId: 's', rootPasswordProperty: 'root' } } },
      'secretsManager.mysql.rootPasswordProperty: is read only by the in-cluster MySQL'],
    ['no Secret at all', { secretsManager: {} }, 'secretsManager: names no Secret'],
    ['the controller with IRSA', { secretsManager: { controllerNamespace: 'eso', mysql: { secretId: 's' } } },
      'secretsManager.controllerNamespace: is read only with iam.mechanism "podIdentity"'],
    ['a misspelt field', { secretsManager: { mysql: { secretId: 's', passwordPropety: 'p' } as any } },
      'secretsManager.mysql.passwordPropety: is not an option; did you mean secretsManager.mysql.passwordProperty?'],
  ])('refuses %s', (_what, options, problem) => {
    expect(problemsOf(options).join('\n')).toContain(problem);
  });

  test('refuses the UI key for a release whose UI signs nothing', () => {
    expect(problemsOf({ kfpVersion: '0.2.3', secretsManager: { uiSigningKey: { secretId: 's' } } }))
      .toContain('secretsManager.uiSigningKey: KFP 0.2.3\'s UI signs nothing with a key: remove it');
  });

  test('with EKS Pod Identity every install names the one role of ESO\'s controller', () => {
    const iam = { mechanism: IamMechanism.POD_IDENTITY };
    expect(problemsOf({
      iam,
      secretsManager: { roleArn: ROLE, mysql: { secretId: 'a/mysql' } },
      additionalInstalls: [{ namespace: 'team-b', iam, secretsManager: { roleArn: `${ROLE}-b`, mysql: { secretId: 'b/mysql' } } }],
    })).toContain(`additionalInstalls[0].secretsManager.roleArn: "${ROLE}-b" differs from secretsManager.roleArn "${ROLE}": with EKS Pod Identity ESO reads every install's secrets as its one controller, whose ServiceAccount can have one role; give every install the same`);
    expect(problemsOf({
      iam,
      secretsManager: { roleArn: ROLE, mysql: { secretId: 'a/mysql' } },
      additionalInstalls: [{ namespace: 'team-b', iam, secretsManager: { roleArn: ROLE, mysql: { secretId: 'b/mysql' } } }],
    })).toEqual([]);
  });
});
