import { IamMechanism } from '../../src';
import { resolveInstalls, S3Consumer } from '../../src/config';
import { iamRoleDocuments, PolicyDocument } from '../../src/iam';
import { allReleases, mechanismsOf, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;

function policies(options: TestOptions): Record<string, PolicyDocument> {
  const docs = iamRoleDocuments(resolveInstalls({ name: 'x', bucket: 'acme-kfp', region: 'eu-west-1', ...options }));
  return Object.fromEntries(docs.map((d) => [d.name, d.policy]));
}

const isKms = (s: PolicyDocument['Statement'][number]) => [s.Action].flat().some((a) => a.startsWith('kms:'));

describe.each(allReleases().flatMap(([version, release]) => mechanismsOf(release).map((m) => [version, m, release] as const)))(
  'SSE-KMS policies of KFP %s with %s', (version, mechanism, release) => {
    const limits = release.roleLimits?.[mechanism as IamMechanism] ?? {};
    const perConsumer = Object.fromEntries(release.s3Consumers.filter((c) => !(c in limits)).map((c) => [c, role(`kfp-${c}`)]));
    const base: TestOptions = { kfpVersion: version, iam: { mechanism: mechanism as IamMechanism, roleArns: perConsumer } };
    const without = policies(base);
    const withKey = policies({ ...base, bucketKmsKeyArn: KEY });

    test('each policy is the same plus one KMS statement on the key: Decrypt to read, GenerateDataKey too to write', () => {
      for (const [name, policy] of Object.entries(withKey)) {
        expect({ ...policy, Statement: policy.Statement.filter((s) => !isKms(s)) }).toEqual(without[name]);
        const kms = policy.Statement.filter(isKms);
        const actions = without[name].Statement.flatMap((s) => [s.Action].flat());
        const expected = [
          ...(actions.includes('s3:GetObject') || actions.includes('s3:PutObject') ? ['kms:Decrypt'] : []),
          ...(actions.includes('s3:PutObject') ? ['kms:GenerateDataKey'] : []),
        ];
        expect(kms.map((s) => [[s.Action].flat(), s.Resource])).toEqual(expected.length > 0 ? [[expected, KEY]] : []);
      }
    });

    test('the readers get kms:Decrypt only, the Argo controller (no object access) nothing', () => {
      const kmsOf = (consumer: S3Consumer) => (withKey[`kfp-${consumer}`]?.Statement ?? []).filter(isKms).map((s) => s.Action);
      if (release.s3Consumers.includes(S3Consumer.UI)) expect(kmsOf(S3Consumer.UI)).toEqual(['kms:Decrypt']);
      expect(kmsOf(S3Consumer.PIPELINE_RUNNER)).toEqual([['kms:Decrypt', 'kms:GenerateDataKey']]);
      if (withKey[`kfp-${S3Consumer.WORKFLOW_CONTROLLER}`]) expect(kmsOf(S3Consumer.WORKFLOW_CONTROLLER)).toEqual([]);
    });
  });

describe('bucketKmsKeyArn', () => {
  const resolve = (options: TestOptions) => resolveInstalls({ name: 'x', bucket: 'acme-kfp', region: 'eu-west-1', ...options });

  test('an additional install keeps the top-level key with the top-level bucket, and has none with a bucket of its own', () => {
    const [, same, own] = resolve({ bucketKmsKeyArn: KEY, additionalInstalls: [{ namespace: 'a' }, { namespace: 'b', bucket: 'b-kfp' }] });
    expect(same.s3.kmsKeyArn).toBe(KEY);
    expect(own.s3.kmsKeyArn).toBeUndefined();
  });

  test('a role shared by installs with two keys may use both', () => {
    const docs = iamRoleDocuments(resolve({
      bucketKmsKeyArn: KEY,
      iam: { roleArn: role('kfp'), sessionTagIsolation: true, mechanism: IamMechanism.POD_IDENTITY },
      additionalInstalls: [{ namespace: 'b', bucket: 'b-kfp', bucketKmsKeyArn: OTHER_KEY }],
    }));
    expect(docs).toHaveLength(1);
    expect(docs[0].policy.Statement.filter(isKms).map((s) => s.Resource)).toEqual([KEY, OTHER_KEY]);
  });

  test.each([
    ['arn:aws:kms:eu-west-1:123456789012:alias/kfp', {}, /bucketKmsKeyArn: ".*" is not the ARN of a KMS key .*an alias is not accepted/],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', {}, /bucketKmsKeyArn: ".*" is not the ARN of a KMS key/],
    [KEY, { region: 'cn-north-1' }, /bucketKmsKeyArn: ".*" is in the partition aws, but the bucket's region is in aws-cn/],
    [KEY, { s3Endpoint: { host: 'minio.storage.svc' } }, /bucketKmsKeyArn: ".*" is a KMS key of AWS S3, but the install's store .* is not AWS S3/],
    [KEY, { additionalInstalls: [{ namespace: 'b', bucketKmsKeyArn: OTHER_KEY }] },
      /additionalInstalls\[0\]\.bucketKmsKeyArn: ".*mrk-.*" differs from the key of the top-level install, ".*1234abcd.*", in the same bucket acme-kfp/],
  ])('refuses %s (%j)', (key, more, problem) => {
    expect(() => resolve({ bucketKmsKeyArn: key, ...more as TestOptions })).toThrow(problem);
  });
});
