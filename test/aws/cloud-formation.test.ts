import * as yaml from 'js-yaml';
import { resourceSpec, templateProblems } from './cfn-schema';
import { IamMechanism } from '../../src';
import { TEMPLATE_FILE } from '../../src/aws';
import { KfpRelease } from '../../src/catalog';
import { KfpConfig, resolveInstalls } from '../../src/config';
import { associationEntries } from '../../src/iam';
import { roleBindings } from '../../src/iam/role-bindings';
import { allReleases, mechanismsOf, newProject, synthFiles, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The settings each mechanism's trust policies or associations name, set. */
const MECHANISM_SETTINGS: Record<IamMechanism, TestOptions['iam']> = {
  [IamMechanism.IRSA]: { oidcProvider: OIDC },
  [IamMechanism.KUBE2IAM]: { nodeRoleArn: role('eks-nodes') },
  [IamMechanism.POD_IDENTITY]: { clusterName: 'kfp-prod' },
};

/** Options the template can be written from: real names, a role of its own for the steps (under a path), an additional install. */
function stackOptions(release: KfpRelease, mechanism: IamMechanism, more: TestOptions = {}): TestOptions {
  return {
    kfpVersion: release.version,
    bucket: 'acme-kfp',
    region: 'eu-west-1',
    iam: { mechanism, roleArn: role('kfp-s3'), roleArns: { pipelineRunner: role('ml/kfp-steps') }, ...MECHANISM_SETTINGS[mechanism] },
    additionalInstalls: [{ namespace: 'team-b' }],
    cloudFormation: {},
    ...more,
  };
}

/** The template, parsed with js-yaml's default schema: a short-form tag (`!Ref`) would fail to parse. */
function template(files: Record<string, any>): any {
  const text: string = files[TEMPLATE_FILE];
  expect(text).toBeDefined();
  return yaml.load(text);
}

const ofType = (t: any, type: string) => Object.entries<any>(t.Resources).filter(([, r]) => r.Type === type);

const MECHANISM_ROWS = allReleases().flatMap(([version, release]) => mechanismsOf(release).map((m) => [version, m, release] as const));

describe.each(MECHANISM_ROWS)('the CloudFormation template of KFP %s with %s', (_version, mechanism, release) => {
  const options = stackOptions(release, mechanism);
  const files = synthFiles(options);
  const t = template(files);

  test('is valid against the CloudFormation resource schemas, with every Ref and Fn::GetAtt resolved', () => {
    expect(templateProblems(t)).toEqual([]);
  });

  test('has exactly the roles of iam/, each with the trust policy and the policy of its files', () => {
    const roles = ofType(t, 'AWS::IAM::Role');
    const iamFiles = Object.keys(files).filter((f) => /^iam\/.+\.policy\.json$/.test(f)).map((f) => f.slice('iam/'.length, -'.policy.json'.length));
    expect(roles.map(([, r]) => r.Properties.RoleName).sort()).toEqual(iamFiles.sort());
    expect(iamFiles.length).toBeGreaterThan(2);
    for (const [, r] of roles) {
      const name = r.Properties.RoleName;
      expect(r.Properties.AssumeRolePolicyDocument).toEqual(files[`iam/${name}.trust.json`]);
      expect(r.Properties.Policies).toEqual([{ PolicyName: 'kubeflow-pipelines-s3', PolicyDocument: files[`iam/${name}.policy.json`] }]);
    }
  });

  test('creates each role with the name and path of its ARN in the options', () => {
    const arns = ofType(t, 'AWS::IAM::Role').map(([, r]) => `arn:aws:iam::${ACCOUNT}:role${r.Properties.Path ?? '/'}${r.Properties.RoleName}`);
    const given = resolveInstalls({ name: 'x', ...options }).flatMap((c) => roleBindings(c).map((b) => b.role));
    expect(arns.sort()).toEqual([...new Set(given)].sort());
  });

  test('outputs the bucket and the ARN of each role', () => {
    const outputs = Object.values<any>(t.Outputs).map((o) => o.Value);
    const roles = ofType(t, 'AWS::IAM::Role').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const buckets = ofType(t, 'AWS::S3::Bucket').map(([id]) => ({ Ref: id }));
    expect(outputs).toEqual([...buckets, ...roles]);
    expect(buckets).toHaveLength(1);
  });

  test('has one Pod Identity association per association the script creates, with Pod Identity only', () => {
    const associations = ofType(t, 'AWS::EKS::PodIdentityAssociation').map(([, a]) => {
      const roleResource = t.Resources[a.Properties.RoleArn['Fn::GetAtt'][0]].Properties;
      return `${a.Properties.ClusterName} ${a.Properties.Namespace} ${a.Properties.ServiceAccount}=arn:aws:iam::${ACCOUNT}:role${roleResource.Path ?? '/'}${roleResource.RoleName}`;
    });
    const expected = mechanism === IamMechanism.POD_IDENTITY
      ? resolveInstalls({ name: 'x', ...options }).flatMap((c: KfpConfig) => associationEntries(roleBindings(c)).map((e) => `kfp-prod ${c.namespace} ${e}`))
      : [];
    expect(associations).toEqual(expected);
  });
});

describe('the CloudFormation template', () => {
  const release = allReleases()[0][1];

  test('is not written without cloudFormation, nor its task', () => {
    const files = synthFiles({});
    expect(Object.keys(files).filter((f) => f.startsWith('aws/'))).toEqual([]);
    expect(files['.projen/tasks.json'].tasks['deploy-aws']).toBeUndefined();
    expect(JSON.stringify(Object.entries(files).filter(([f]) => f.startsWith('iam/')))).not.toContain('kms:');
  });

  test('the bucket: Block Public Access, SSE-S3, kept when the stack goes, no versioning or lifecycle unless asked', () => {
    const [[, bucket]] = ofType(template(synthFiles(stackOptions(release, IamMechanism.IRSA))), 'AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toEqual({
      BucketName: 'acme-kfp',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('versioning, and a lifecycle rule per install that expires its artifacts only', () => {
    const cloudFormation = { bucketVersioning: true, artifactExpirationDays: 30 };
    const t = template(synthFiles(stackOptions(release, IamMechanism.IRSA, { cloudFormation })));
    expect(templateProblems(t)).toEqual([]);
    const [[, bucket]] = ofType(t, 'AWS::S3::Bucket');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-artifacts-kubeflow', Status: 'Enabled', Prefix: 'artifacts/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
      { Id: 'expire-artifacts-team-b', Status: 'Enabled', Prefix: 'team-b/artifacts/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
    ]);
  });

  test('SSE-KMS: the bucket encrypts with the key, and every policy that reads or writes may use it (iam/ too)', () => {
    const files = synthFiles(stackOptions(release, IamMechanism.IRSA, { bucketKmsKeyArn: KEY }));
    const t = template(files);
    const [[, bucket]] = ofType(t, 'AWS::S3::Bucket');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration)
      .toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }]);
    for (const [, r] of ofType(t, 'AWS::IAM::Role')) {
      expect(r.Properties.Policies[0].PolicyDocument).toEqual(files[`iam/${r.Properties.RoleName}.policy.json`]);
    }
    const kms = files['iam/kfp-steps.policy.json'].Statement.filter((s: any) => String(s.Action).includes('kms:'));
    expect(kms).toEqual([{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY }]);
  });

  test('createBucket false: no bucket, no bucket output, the roles as before', () => {
    const t = template(synthFiles(stackOptions(release, IamMechanism.IRSA, { cloudFormation: { createBucket: false } })));
    expect(templateProblems(t)).toEqual([]);
    expect(ofType(t, 'AWS::S3::Bucket')).toEqual([]);
    expect(Object.values<any>(t.Outputs).filter((o) => 'Ref' in o.Value)).toEqual([]);
    expect(ofType(t, 'AWS::IAM::Role').length).toBeGreaterThan(0);
  });

  test('with ackAssociations, the ACK controller creates the associations, not the template', () => {
    const t = template(synthFiles(stackOptions(release, IamMechanism.POD_IDENTITY, {
      iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: role('kfp-s3'), ackAssociations: true },
    })));
    expect(ofType(t, 'AWS::EKS::PodIdentityAssociation')).toEqual([]);
  });

  test('an install on an S3-compatible store gets nothing, as in iam/', () => {
    const files = synthFiles(stackOptions(release, IamMechanism.IRSA, {
      additionalInstalls: [{ namespace: 'team-b', bucket: 'minio-kfp', s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
    }));
    const t = template(files);
    expect(ofType(t, 'AWS::S3::Bucket').map(([, b]) => b.Properties.BucketName)).toEqual(['acme-kfp']);
    expect(JSON.stringify(t)).not.toContain('team-b');
    expect(Object.keys(files).filter((f) => f.includes('team-b') && f.startsWith('iam/'))).toEqual([]);
  });

  test('the deploy-aws task deploys it with CAPABILITY_NAMED_IAM in the top-level region, then prints the outputs', () => {
    const files = synthFiles(stackOptions(release, IamMechanism.IRSA, { cloudFormation: { stackName: 'ml-platform' } }));
    expect(files['.projen/tasks.json'].tasks['deploy-aws'].steps.map((s: any) => s.exec)).toEqual([
      'aws cloudformation deploy --template-file aws/kfp.cfn.yaml --stack-name ml-platform --region eu-west-1 --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset',
      'aws cloudformation describe-stacks --stack-name ml-platform --region eu-west-1 --query \'Stacks[0].Outputs\' --output table',
    ]);
  });

  test('the schema check finds a wrong property, a wrong type and a dangling reference', () => {
    expect(resourceSpec('AWS::S3::Bucket')).toBeDefined();
    const problems = templateProblems({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        B: { Type: 'AWS::S3::Bucket', Properties: { BucketNam: 'x', VersioningConfiguration: { Status: 'On' } } },
        R: { Type: 'AWS::IAM::Role', Properties: { RoleName: { Ref: 'Nothing' } } },
      },
      Outputs: { A: { Value: { 'Fn::GetAtt': ['B', 'Nope'] } } },
    });
    expect(problems).toEqual([
      'Resources.B.Properties.BucketNam: not a property',
      'Resources.B.Properties.VersioningConfiguration.Status: must be one of Enabled, Suspended, not "On"',
      'Resources.R.Properties.AssumeRolePolicyDocument: required',
      'Resources.R.Properties.RoleName.Ref: Nothing is neither a resource nor a parameter',
      'Outputs.A.Value.Fn::GetAtt: AWS::S3::Bucket has no attribute Nope',
    ]);
  });
});

describe.each([IamMechanism.IRSA, IamMechanism.POD_IDENTITY])('with secretsManager and %s', (mechanism) => {
  const release = allReleases().map(([, r]) => r).find((r) => !r.unsupportedIamMechanisms?.[mechanism])!;
  const secretsManager = { roleArn: role('kfp-secrets'), mysql: { secretId: 'kfp/mysql' } };

  test('the role ESO reads the secrets with is in the template as in iam/, and its output names secretsManager.roleArn', () => {
    const files = synthFiles(stackOptions(release, mechanism, { secretsManager, additionalInstalls: [] }));
    const t = template(files);
    expect(templateProblems(t)).toEqual([]);
    const [[id, secretsRole]] = ofType(t, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName === 'kfp-secrets');
    expect(secretsRole.Properties.AssumeRolePolicyDocument).toEqual(files['iam/kfp-secrets.trust.json']);
    expect(secretsRole.Properties.Policies[0].PolicyDocument).toEqual(files['iam/kfp-secrets.policy.json']);
    expect(JSON.stringify(secretsRole.Properties.Policies[0].PolicyDocument)).toContain('secretsmanager:GetSecretValue');
    expect(t.Outputs[`${id}Arn`].Description).toContain('secretsManager.roleArn');
  });

  test('with EKS Pod Identity, the template associates ESO\'s controller with that role, and the README says so', () => {
    const files = synthFiles(stackOptions(release, mechanism, { secretsManager, additionalInstalls: [] }));
    const t = template(files);
    const [[secretsRoleId]] = ofType(t, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName === 'kfp-secrets');
    const eso = ofType(t, 'AWS::EKS::PodIdentityAssociation').map(([, a]) => a.Properties)
      .filter((a) => a.RoleArn['Fn::GetAtt'][0] === secretsRoleId);
    const readme: string = files['README.md'];
    if (mechanism === IamMechanism.POD_IDENTITY) {
      expect(eso).toEqual([{ ClusterName: 'kfp-prod', Namespace: 'external-secrets', ServiceAccount: 'external-secrets', RoleArn: { 'Fn::GetAtt': [secretsRoleId, 'Arn'] } }]);
      expect(readme).toContain('Give that ServiceAccount the role: the CloudFormation template does (`npx projen deploy-aws`');
      expect(readme).toContain('and of the External Secrets Operator\'s controller');
    } else {
      expect(eso).toEqual([]);
    }
  });

  test('a placeholder secretsManager.roleArn is refused', () => {
    expect(() => newProject(stackOptions(release, mechanism, { secretsManager: { mysql: { secretId: 'kfp/mysql' } }, additionalInstalls: [] })))
      .toThrow(/secretsManager\.roleArn: still the placeholder role/);
  });
});

describe('cloudFormation refuses what it cannot create, writing nothing', () => {
  const release = allReleases()[0][1];
  const refuse = (options: TestOptions, problem: RegExp) => expect(() => newProject(options)).toThrow(problem);

  test('placeholder roles and settings', () => {
    refuse({ cloudFormation: {}, bucket: 'acme-kfp' }, /iam\.roleArn: still the placeholder role .*change-me-kfp-s3-access/);
    refuse({ cloudFormation: {}, bucket: 'acme-kfp', iam: { roleArn: role('kfp') } }, /iam\.oidcProvider: still the placeholder/);
    refuse({ cloudFormation: {}, bucket: 'acme-kfp', kfpVersion: '0.2.3', iam: { roleArn: role('kfp') } }, /iam\.nodeRoleArn: still the placeholder/);
    refuse({ cloudFormation: {}, bucket: 'acme-kfp', iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: role('kfp') } }, /iam\.clusterName: still the placeholder/);
    refuse({ ...stackOptions(release, IamMechanism.IRSA), bucket: undefined }, /bucket: "change-me-kfp-artifacts" is the placeholder/);
  });

  test('roles of two accounts, buckets of another region, bad values', () => {
    refuse(stackOptions(release, IamMechanism.IRSA, {
      additionalInstalls: [{ namespace: 'team-b', iam: { roleArn: 'arn:aws:iam::999999999999:role/kfp-b', oidcProvider: OIDC } }],
    }), /cloudFormation: a stack creates roles in the one account .*123456789012 \(iam\.roleArn, iam\.roleArns\.pipelineRunner\), 999999999999 \(additionalInstalls\[0\]\.iam\.roleArn\)/);
    refuse(stackOptions(release, IamMechanism.IRSA, { additionalInstalls: [{ namespace: 'team-b', region: 'eu-west-2' }] }),
      /additionalInstalls\[0\]\.region: "eu-west-2" is not the region of the stack/);
    refuse(stackOptions(release, IamMechanism.IRSA, { cloudFormation: { stackName: '1kfp' } }), /cloudFormation\.stackName: "1kfp" is not a CloudFormation stack name/);
    refuse(stackOptions(release, IamMechanism.IRSA, { cloudFormation: { artifactExpirationDays: 0.5 } }), /cloudFormation\.artifactExpirationDays: "0\.5" is not a whole number/);
    refuse(stackOptions(release, IamMechanism.IRSA, { cloudFormation: { createBucket: false, bucketVersioning: true } }),
      /cloudFormation\.bucketVersioning: applies to the buckets the template creates/);
    refuse(stackOptions(release, IamMechanism.IRSA, { s3Endpoint: { host: 'minio.storage.svc' }, additionalInstalls: [] }),
      /cloudFormation: every install keeps its objects on an S3-compatible store/);
  });

  test('another region is fine once the template creates no bucket', () => {
    const t = template(synthFiles(stackOptions(release, IamMechanism.IRSA, {
      additionalInstalls: [{ namespace: 'team-b', region: 'eu-west-2' }], cloudFormation: { createBucket: false },
    })));
    expect(templateProblems(t)).toEqual([]);
  });
});
