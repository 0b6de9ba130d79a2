import { IamMechanism } from '../../src';
import { KfpOptionsError, PLACEHOLDER_BUCKET, resolveConfig, s3Endpoint } from '../../src/config';

describe('resolveConfig', () => {
  test('applies the documented defaults', () => {
    // WHEN
    const config = resolveConfig({ name: 'x' });

    // THEN
    expect(config.release.version).toBe('2.17.0');
    expect(config.namespace).toBe('kubeflow');
    expect(config.s3).toEqual({
      bucket: PLACEHOLDER_BUCKET,
      region: 'us-east-1',
      partition: 'aws',
      endpoint: 's3.us-east-1.amazonaws.com',
      port: undefined,
      tls: true,
      pathStyle: false,
      customEndpoint: false,
      artifactPrefix: 'artifacts',
      pipelinePrefix: 'pipelines',
      archiveLogs: true,
    });
    expect(config.root).toBe('');
    expect(config.mysql.external).toBe(false);
    expect(config.mysql.tls).toBeUndefined();
    expect(config.accessKey).toEqual({ secretName: 'ml-pipeline-aws-secret', accessKeyIdKey: 'accesskey', secretAccessKeyKey: 'secretkey' });
    expect(config.iam.mechanism).toBe(IamMechanism.IRSA);
    expect(config.iam.kube2iamAnnotationKey).toBe('iam.amazonaws.com/role');
  });

  test('keeps the values it is given', () => {
    const config = resolveConfig({
      name: 'x',
      bucket: 'my.bucket-1',
      region: 'ap-southeast-1',
      namespace: 'team-a',
      archiveLogs: false,
      artifactPrefix: 'kfp/artifacts',
      pipelinePrefix: 'kfp/pipelines',
    });
    expect(config.s3).toMatchObject({
      bucket: 'my.bucket-1',
      region: 'ap-southeast-1',
      endpoint: 's3.ap-southeast-1.amazonaws.com',
      artifactPrefix: 'kfp/artifacts',
      pipelinePrefix: 'kfp/pipelines',
      archiveLogs: false,
    });
    expect(config.namespace).toBe('team-a');
  });

  test('defaults KFP 0.2.3 to kube2iam, whose clients read instance-profile credentials only, and still allows IRSA', () => {
    expect(resolveConfig({ name: 'x', kfpVersion: '0.2.3' }).iam.mechanism).toBe(IamMechanism.KUBE2IAM);
    const irsa = resolveConfig({ name: 'x', kfpVersion: '0.2.3', iam: { mechanism: IamMechanism.IRSA } });
    expect(irsa.iam.mechanism).toBe(IamMechanism.IRSA);
    expect(irsa.release.knownIssues.map((i) => i.summary).join(' ')).toMatch(/IRSA does not reach S3/);
  });

  test('creates the databases of the release\'s components only', () => {
    expect(resolveConfig({ name: 'x' }).mysql.databases).toEqual(['mlpipeline', 'metadb', 'cachedb']);
    expect(resolveConfig({ name: 'x', kfpVersion: '0.2.3' }).mysql.databases).toEqual(['mlpipeline', 'metadb']);
    expect(resolveConfig({ name: 'x', kfpVersion: '0.2.3' }).mysql.image).toBe('mysql:5.6');
  });

  test('uses the partition endpoint of China regions', () => {
    expect(s3Endpoint('cn-north-1')).toBe('s3.cn-north-1.amazonaws.com.cn');
    expect(s3Endpoint('us-gov-west-1')).toBe('s3.us-gov-west-1.amazonaws.com');
  });

  test('names every bad option and its value in one error', () => {
    // WHEN
    let error: unknown;
    try {
      resolveConfig({ name: 'x', kfpVersion: '1.0.0', bucket: 'Bad_Bucket', region: 'europe', namespace: 'Kube Flow', artifactPrefix: '/artifacts/' });
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(KfpOptionsError);
    const problems = (error as KfpOptionsError).problems;
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^kfpVersion: "1.0.0" is not supported; supported versions: 2.17.0, 0.2.3$/);
    expect(problems.some((p) => p.startsWith('bucket: "Bad_Bucket"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('region: "europe"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('namespace: "Kube Flow"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('artifactPrefix: "/artifacts/"'))).toBe(true);
  });

  test.each([
    ['ab'], ['a'.repeat(64)], ['192.168.1.1'], ['my..bucket'], ['-bucket'], ['bucket-'],
  ])('rejects bucket %j', (bucket) => {
    expect(() => resolveConfig({ name: 'x', bucket })).toThrow(/bucket: /);
  });
});
