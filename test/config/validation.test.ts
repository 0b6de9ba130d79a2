import * as fs from 'fs';
import { IamMechanism } from '../../src';
import { KfpOptionsError, resolveConfig } from '../../src/config';
import { newProject, tempDir, TestOptions } from '../util';

/** Each bad value, the option the error must name, and the value it must quote. */
const BAD: ReadonlyArray<[string, TestOptions, string, string]> = [
  ['unknown version', { kfpVersion: '1.8.5' }, 'kfpVersion', '1.8.5'],
  ['version with a v', { kfpVersion: 'v2.17.0' }, 'kfpVersion', 'v2.17.0'],
  ['upper-case namespace', { namespace: 'Kubeflow' }, 'namespace', 'Kubeflow'],
  ['namespace with a dot', { namespace: 'kube.flow' }, 'namespace', 'kube.flow'],
  ['namespace too long', { namespace: 'n'.repeat(64) }, 'namespace', 'n'.repeat(64)],
  ['bucket too short', { bucket: 'ab' }, 'bucket', 'ab'],
  ['bucket too long', { bucket: 'b'.repeat(64) }, 'bucket', 'b'.repeat(64)],
  ['bucket with upper case', { bucket: 'My-Bucket' }, 'bucket', 'My-Bucket'],
  ['bucket with underscore', { bucket: 'my_bucket' }, 'bucket', 'my_bucket'],
  ['bucket starting with a dash', { bucket: '-bucket' }, 'bucket', '-bucket'],
  ['bucket ending with a dot', { bucket: 'bucket.' }, 'bucket', 'bucket.'],
  ['bucket with adjacent dots', { bucket: 'my..bucket' }, 'bucket', 'my..bucket'],
  ['bucket like an IP address', { bucket: '192.168.5.4' }, 'bucket', '192.168.5.4'],
  ['bucket with reserved prefix xn--', { bucket: 'xn--bucket' }, 'bucket', 'xn--bucket'],
  ['bucket with reserved prefix sthree-', { bucket: 'sthree-bucket' }, 'bucket', 'sthree-bucket'],
  ['bucket with reserved suffix -s3alias', { bucket: 'bucket-s3alias' }, 'bucket', 'bucket-s3alias'],
  ['bucket with reserved suffix --ol-s3', { bucket: 'bucket--ol-s3' }, 'bucket', 'bucket--ol-s3'],
  ['region name in words', { region: 'ireland' }, 'region', 'ireland'],
  ['region without number', { region: 'eu-west' }, 'region', 'eu-west'],
  ['region upper case', { region: 'EU-WEST-1' }, 'region', 'EU-WEST-1'],
  ['availability zone instead of region', { region: 'eu-west-1a' }, 'region', 'eu-west-1a'],
  ['ISO partition region', { region: 'us-iso-east-1' }, 'region', 'us-iso-east-1'],
  ['unknown China region', { region: 'cn-south-1' }, 'region', 'cn-south-1'],
  ['artifact prefix with leading slash', { artifactPrefix: '/artifacts' }, 'artifactPrefix', '/artifacts'],
  ['pipeline prefix with trailing slash', { pipelinePrefix: 'pipelines/' }, 'pipelinePrefix', 'pipelines/'],
  ['pipeline prefix with double slash', { pipelinePrefix: 'a//b' }, 'pipelinePrefix', 'a//b'],
  ['secret name with upper case', { accessKey: { secretName: 'AWS-Secret' } }, 'accessKey.secretName', 'AWS-Secret'],
  ['secret key with a space', { accessKey: { accessKeyIdKey: 'access key' } }, 'accessKey.accessKeyIdKey', 'access key'],
  ['same key twice', { accessKey: { accessKeyIdKey: 'key', secretAccessKeyKey: 'key' } }, 'accessKey.secretAccessKeyKey', 'key'],
  ['IRSA with a role name', { iam: { mechanism: IamMechanism.IRSA, roleArn: 'kfp-role' } }, 'iam.roleArn', 'kfp-role'],
  ['IRSA with a user ARN', { iam: { roleArn: 'arn:aws:iam::123456789012:user/kfp' } }, 'iam.roleArn', 'arn:aws:iam::123456789012:user/kfp'],
  ['IRSA with a short account', { iam: { roleArn: 'arn:aws:iam::1234:role/kfp' } }, 'iam.roleArn', 'arn:aws:iam::1234:role/kfp'],
  ['kube2iam role with spaces', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'my role' } }, 'iam.roleArn', 'my role'],
  ['bad annotation key', { iam: { kube2iamAnnotationKey: 'iam.amazonaws.com/role/x' } }, 'iam.kube2iamAnnotationKey', 'iam.amazonaws.com/role/x'],
  ['unknown IAM mechanism', { iam: { mechanism: 'kiam' as IamMechanism } }, 'iam.mechanism', 'kiam'],
  ['storage size without unit digits', { mysql: { storageSize: 'Gi' } }, 'mysql.storageSize', 'Gi'],
  ['storage size zero', { mysql: { storageSize: '0Gi' } }, 'mysql.storageSize', '0Gi'],
  ['storage size with wrong unit', { mysql: { storageSize: '20GB' } }, 'mysql.storageSize', '20GB'],
  ['MySQL image with upper case', { mysql: { image: 'MySQL:8.4' } }, 'mysql.image', 'MySQL:8.4'],
  ['MySQL image with a space', { mysql: { image: 'mysql 8.4' } }, 'mysql.image', 'mysql 8.4'],
  ['storage class with underscore', { mysql: { storageClassName: 'gp3_encrypted' } }, 'mysql.storageClassName', 'gp3_encrypted'],
  ['MySQL secret name with a slash', { mysql: { secretName: 'mysql/secret' } }, 'mysql.secretName', 'mysql/secret'],
];

/** Values just inside the rules. */
const GOOD: ReadonlyArray<[string, TestOptions]> = [
  ['3-character bucket', { bucket: 'abc' }],
  ['63-character bucket', { bucket: 'b'.repeat(63) }],
  ['bucket with dots and dashes', { bucket: 'my.kfp-bucket.2026' }],
  ['63-character namespace', { namespace: 'n'.repeat(63) }],
  ['China region', { region: 'cn-northwest-1' }],
  ['GovCloud region', { region: 'us-gov-west-1' }],
  ['two-digit region', { region: 'ap-southeast-10' }],
  ['nested prefixes', { artifactPrefix: 'kfp/team-a/artifacts', pipelinePrefix: 'kfp/team-a/pipelines' }],
  ['custom Secret names', { accessKey: { secretName: 'aws.creds', accessKeyIdKey: 'AWS_ACCESS_KEY_ID', secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY' } }],
  ['China role ARN', { iam: { roleArn: 'arn:aws-cn:iam::123456789012:role/path/kfp' } }],
  ['GovCloud role ARN', { iam: { roleArn: 'arn:aws-us-gov:iam::123456789012:role/kfp' } }],
  ['kube2iam role name', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-s3' } }],
  ['IRSA with KFP 0.2.3 (a known issue, not an error)', { kfpVersion: '0.2.3', iam: { mechanism: IamMechanism.IRSA, roleArn: 'arn:aws:iam::123456789012:role/kfp' } }],
  ['KFP 0.2.3 with a role name (kube2iam by default)', { kfpVersion: '0.2.3', iam: { roleArn: 'kfp-s3' } }],
  ['annotation key without prefix', { iam: { mechanism: IamMechanism.KUBE2IAM, kube2iamAnnotationKey: 'role' } }],
  ['image with registry, port and digest', { mysql: { image: `registry.example.com:5000/db/mysql:8.4@sha256:${'a'.repeat(64)}` } }],
  ['decimal storage size', { mysql: { storageSize: '1.5Ti' } }],
];

describe('option validation', () => {
  test.each(BAD)('rejects %s, naming the option and the value', (_title, options, option, value) => {
    // WHEN
    let error: unknown;
    try {
      resolveConfig({ name: 'x', ...options });
    } catch (e) {
      error = e;
    }

    // THEN exactly one problem, and it names the option and quotes the value
    expect(error).toBeInstanceOf(KfpOptionsError);
    const problems = (error as KfpOptionsError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${option}: ${JSON.stringify(value)} `)).toBe(true);
  });

  test.each(GOOD)('accepts %s', (_title, options) => {
    expect(() => resolveConfig({ name: 'x', ...options })).not.toThrow();
  });

  test('a rejected project writes nothing', () => {
    const outdir = tempDir();
    for (const [, options] of BAD) {
      expect(() => newProject(options, outdir)).toThrow(KfpOptionsError);
    }
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('says why a known incompatible release is refused', () => {
    expect(() => resolveConfig({ name: 'x', kfpVersion: '2.15.0' }))
      .toThrow(/kfpVersion: "2.15.0" is not supported \(its api server rejects empty object-store keys, so IAM roles \(IRSA, kube2iam\) cannot be used\); supported versions: 2.17.0/);
  });

  test('lists every problem of several bad options at once', () => {
    expect(() => resolveConfig({ name: 'x', bucket: 'ab', region: 'mars-1', namespace: 'A' }))
      .toThrow(/Invalid kfp-aws-project options:\n {2}- namespace: "A" .*\n {2}- bucket: "ab" .*\n {2}- region: "mars-1" /);
  });
});
