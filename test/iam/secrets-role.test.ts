import { IamMechanism, KfpAwsProjectOptions } from '../../src';
import { resolveInstalls } from '../../src/config';
import { iamQuotaProblems, iamRoleDocuments } from '../../src/iam';
import { synthFiles } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-secrets';
const S3_ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
const KMS = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RDS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';

const rolesOf = (options: Omit<KfpAwsProjectOptions, 'name'>) => iamRoleDocuments(resolveInstalls({ name: 'x', region: 'eu-west-1', ...options }));

describe('the role of secretsManager in iam/', () => {
  test('with IRSA: GetSecretValue on exactly its secrets (names with Secrets Manager\'s six characters), trusted by the install\'s ServiceAccount', () => {
    const roles = rolesOf({
      namespace: 'ml',
      iam: { roleArn: S3_ROLE, oidcProvider: OIDC },
      secretsManager: { roleArn: ROLE, kmsKeyArn: KMS, mysql: { secretId: 'kfp/mysql' }, accessKey: { secretId: RDS_SECRET } },
    });
    expect(roles.map((role) => role.name)).toEqual(['kfp-s3', 'kfp-secrets']);
    const secrets = roles[1];
    expect(secrets.policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:kfp/mysql-??????', RDS_SECRET] },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KMS },
      ],
    });
    expect(secrets.trust.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${OIDC}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${OIDC}:sub`]: 'system:serviceaccount:ml:kfp-external-secrets', [`${OIDC}:aud`]: 'sts.amazonaws.com' } },
    }]);
    // The S3 role is as without the option.
    const [without] = rolesOf({ namespace: 'ml', iam: { roleArn: S3_ROLE, oidcProvider: OIDC } });
    expect([roles[0].policy, roles[0].trust]).toEqual([without.policy, without.trust]);
  });

  test('with EKS Pod Identity: trusted by ESO\'s controller, one role for every install', () => {
    const iam = { mechanism: IamMechanism.POD_IDENTITY, roleArn: S3_ROLE, clusterName: 'prod' };
    const roles = rolesOf({
      iam,
      secretsManager: { roleArn: ROLE, mysql: { secretId: 'a/mysql' } },
      additionalInstalls: [{ namespace: 'team-b', iam: { ...iam, roleArn: `${S3_ROLE}-b` }, secretsManager: { roleArn: ROLE, uiSigningKey: { secretId: 'b/ui' } } }],
    });
    const secrets = roles.find((role) => role.name === 'kfp-secrets')!;
    expect(secrets.uses.map((use) => use.config.namespace)).toEqual(['kubeflow', 'team-b']);
    expect(secrets.policy.Statement).toEqual([{
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:a/mysql-??????', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:b/ui-??????'],
    }]);
    expect(secrets.trust.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-name': 'prod',
          'aws:RequestTag/kubernetes-namespace': 'external-secrets',
          'aws:RequestTag/kubernetes-service-account': 'external-secrets',
        },
      },
    }]);
  });

  test('a role shared with S3 consumers gets both accesses and both subjects', () => {
    const [role] = rolesOf({ iam: { roleArn: ROLE, oidcProvider: OIDC }, secretsManager: { roleArn: ROLE, mysql: { secretId: 'kfp/mysql' } } });
    expect(role.policy.Statement.map((s) => s.Action)).toContain('secretsmanager:GetSecretValue');
    expect(role.policy.Statement.some((s) => String(s.Action).startsWith('s3:'))).toBe(true);
    expect(JSON.stringify(role.trust)).toContain('system:serviceaccount:kubeflow:kfp-external-secrets');
    expect(JSON.stringify(role.trust)).toContain('system:serviceaccount:kubeflow:ml-pipeline');
  });

  test('the accesskey-only install (an S3-compatible store) still gets the role ESO reads with', () => {
    const roles = rolesOf({ s3Endpoint: { host: 'minio.storage.svc' }, iam: { oidcProvider: OIDC }, secretsManager: { roleArn: ROLE, accessKey: { secretId: 'kfp/aws' } } });
    expect(roles.map((role) => role.name)).toEqual(['kfp-secrets']);
  });

  test('the files are written to iam/, and the trust quota applies to the role', () => {
    const files = synthFiles({ iam: { oidcProvider: OIDC }, secretsManager: { roleArn: ROLE, mysql: { secretId: 'kfp/mysql' } } });
    expect(files['iam/kfp-secrets.policy.json'].Statement[0].Action).toBe('secretsmanager:GetSecretValue');
    expect(files['iam/kfp-secrets.trust.json'].Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    const many = resolveInstalls({
      name: 'x',
      iam: { oidcProvider: OIDC },
      secretsManager: { roleArn: ROLE, mysql: { secretId: 'kfp/mysql' } },
      additionalInstalls: Array.from({ length: 30 }, (_, i) => ({ namespace: `team-${i}-with-a-long-namespace-name`, iam: { oidcProvider: OIDC }, secretsManager: { roleArn: ROLE, mysql: { secretId: `t${i}` } } })),
    });
    expect(iamQuotaProblems(many).find((p) => p.includes('"arn:aws:iam::123456789012:role/kfp-secrets"'))).toMatch(/^secretsManager\.roleArn, additionalInstalls\[0\]\.secretsManager\.roleArn, .*would have a trust policy \(iam\/kfp-secrets\.trust\.json\) of \d+ characters/);
  });
});
