import { CacheWebhook, IamMechanism, KfpAwsProjectOptions } from '../../src';
import { KfpDatabase, RELEASES, SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { KfpOptionsError, PLACEHOLDER_BUCKET, resolveConfig, resolveInstalls, s3Endpoint } from '../../src/config';
import { allReleases } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';

/** The default name of each database a release may have. */
const DEFAULT_DATABASE_NAMES: Record<KfpDatabase, string> = { pipeline: 'mlpipeline', metadata: 'metadb', cache: 'cachedb' };

describe('resolveConfig', () => {
  test('gives a project without kfpVersion the newest release of the catalog', () => {
    expect(resolveConfig({ name: 'x' }).release).toBe(RELEASES[0]);
  });

  test.each(allReleases())('applies the documented defaults to KFP %s', (kfpVersion, release) => {
    // WHEN
    const config = resolveConfig({ name: 'x', kfpVersion });

    // THEN
    expect(config.release).toBe(release);
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
      awsHost: true,
      artifactPrefix: 'artifacts',
      pipelinePrefix: 'pipelines',
      archiveLogs: true,
    });
    expect(config.root).toBe('');
    expect(config.mysql.external).toBe(false);
    expect(config.mysql.tls).toBeUndefined();
    expect(config.accessKey).toEqual({ secretName: 'ml-pipeline-aws-secret', accessKeyIdKey: 'accesskey', secretAccessKeyKey: 'secretkey' });
    expect(config.iam.mechanism).toBe(release.defaultIamMechanism);
    expect(config.iam.kube2iamAnnotationKey).toBe('iam.amazonaws.com/role');
    expect(config.variants).toEqual(['accesskey', 'iam']);
    expect(config.cacheWebhook).toBe(CacheWebhook.NONE);
  });

  test('defaults KFP 2.17.0 to IRSA, which every AWS client of its images reads', () => {
    expect(resolveConfig({ name: 'x', kfpVersion: '2.17.0' }).iam.mechanism).toBe(IamMechanism.IRSA);
  });

  test('gives an install on an S3-compatible store no IAM overlay, unless its host is AWS S3\'s', () => {
    expect(resolveConfig({ name: 'x', s3Endpoint: { host: 'minio.storage.svc' } }).variants).toEqual(['accesskey']);
    const vpce = resolveConfig({ name: 'x', s3Endpoint: { host: 'bucket.vpce-0123.s3.eu-west-1.vpce.amazonaws.com' } });
    expect(vpce.s3.awsHost).toBe(true);
    expect(vpce.variants).toEqual(['accesskey', 'iam']);
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

  test('defaults KFP 0.2.3 to kube2iam and refuses IRSA, which none of its S3 clients can use', () => {
    expect(resolveConfig({ name: 'x', kfpVersion: '0.2.3' }).iam.mechanism).toBe(IamMechanism.KUBE2IAM);
    expect(() => resolveConfig({ name: 'x', kfpVersion: '0.2.3', iam: { mechanism: IamMechanism.IRSA } }))
      .toThrow(/iam\.mechanism: "irsa" is not supported by KFP 0\.2\.3: none of its S3 clients reads the web-identity token/);
  });

  test.each(allReleases())('creates the databases of the components of KFP %s only, in its MySQL image', (kfpVersion, release) => {
    const { mysql } = resolveConfig({ name: 'x', kfpVersion });
    expect(mysql.databases).toEqual(release.mysql.databases.map((db) => DEFAULT_DATABASE_NAMES[db]));
    expect(mysql.image).toBe(release.images.mysql);
  });

  test('KFP 2.17.0 has a cache database, 0.2.3 none, in MySQL 5.6', () => {
    expect(resolveConfig({ name: 'x', kfpVersion: '2.17.0' }).mysql.databases).toEqual(['mlpipeline', 'metadb', 'cachedb']);
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
    expect(problems[0]).toBe(`kfpVersion: "1.0.0" is not supported; supported versions: ${SUPPORTED_KFP_VERSIONS.join(', ')}`);
    expect(SUPPORTED_KFP_VERSIONS).toEqual(expect.arrayContaining(['2.17.0', '0.2.3']));
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

describe('resolveInstalls', () => {
  test('gives each additional install the top-level settings, its own folder and prefixes under its namespace', () => {
    // WHEN
    const [first, teamB] = resolveInstalls({
      name: 'x',
      bucket: 'acme-kfp',
      region: 'eu-west-1',
      namespace: 'ml',
      artifactPrefix: 'kfp/artifacts',
      accessKey: { secretName: 'aws-creds' },
      iam: { roleArn: ROLE },
      additionalInstalls: [{ namespace: 'team-b' }],
    });

    // THEN
    expect(first.root).toBe('');
    expect(teamB.root).toBe('installs/team-b');
    expect(teamB.namespace).toBe('team-b');
    expect(teamB.release).toBe(first.release);
    expect(teamB.s3).toMatchObject({ bucket: 'acme-kfp', region: 'eu-west-1', artifactPrefix: 'team-b/kfp/artifacts', pipelinePrefix: 'team-b/pipelines' });
    expect(teamB.accessKey.secretName).toBe('aws-creds');
    // the top-level role's settings, with a role of its own: its name with -<namespace> appended
    expect(teamB.iam.roleArn).toBe(`${ROLE}-team-b`);
    expect(teamB.iam.roleSource).toBe('derived');
  });

  test('defaults the prefixes of an additional install to <namespace>/artifacts and <namespace>/pipelines', () => {
    const [, teamB] = resolveInstalls({ name: 'x', additionalInstalls: [{ namespace: 'team-b' }] });
    expect(teamB.s3.artifactPrefix).toBe('team-b/artifacts');
    expect(teamB.s3.pipelinePrefix).toBe('team-b/pipelines');
  });

  test('keeps the values an additional install sets for itself', () => {
    const [, teamB] = resolveInstalls({
      name: 'x',
      bucket: 'acme-kfp',
      additionalInstalls: [{ namespace: 'team-b', bucket: 'team-b-kfp', artifactPrefix: 'artifacts', mysql: { secretName: 'team-b-db' } }],
    });
    expect(teamB.s3).toMatchObject({ bucket: 'team-b-kfp', artifactPrefix: 'artifacts', pipelinePrefix: 'team-b/pipelines' });
    expect(teamB.mysql.secret.name).toBe('team-b-db');
  });

  test.each<[string, KfpAwsProjectOptions, string]>([
    ['a namespace already taken by the top-level install',
      { name: 'x', namespace: 'ml', additionalInstalls: [{ namespace: 'ml' }] },
      'additionalInstalls[0].namespace: "ml" is already the namespace of the top-level install; each install needs its own'],
    ['a namespace already taken by another additional install',
      { name: 'x', additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-b', bucket: 'other-bucket' }] },
      'additionalInstalls[1].namespace: "team-b" is already the namespace of additionalInstalls[0]; each install needs its own'],
    ['a prefix equal to one of another install in the same bucket',
      { name: 'x', bucket: 'acme-kfp', additionalInstalls: [{ namespace: 'team-b', artifactPrefix: 'artifacts' }] },
      'additionalInstalls[0].artifactPrefix: "artifacts" overlaps "artifacts" of the top-level install in bucket acme-kfp; give each install its own prefixes'],
    ['a prefix under one of another install in the same bucket',
      { name: 'x', bucket: 'acme-kfp', additionalInstalls: [{ namespace: 'team-b', pipelinePrefix: 'pipelines/team-b' }] },
      'additionalInstalls[0].pipelinePrefix: "pipelines/team-b" overlaps "pipelines" of the top-level install in bucket acme-kfp; give each install its own prefixes'],
    ['the databases of another install on the same external server',
      { name: 'x', externalDatabase: { host: 'db.example.com' }, additionalInstalls: [{ namespace: 'team-b', externalDatabase: { host: 'db.example.com', cacheDb: 'team_b_cache' } }] },
      'additionalInstalls[0].externalDatabase: databases mlpipeline, metadb on db.example.com:3306 are also those of the top-level install; give each install its own'],
    ['an additional install without a namespace',
      { name: 'x', additionalInstalls: [{ bucket: 'other-bucket' }] },
      'additionalInstalls[0].namespace: is required'],
    ['a bad value of an additional install, named with its index',
      { name: 'x', additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c', region: 'europe' }] },
      'additionalInstalls[1].region: "europe"'],
  ])('rejects %s', (_, options, problem) => {
    expect(problemsOf(() => resolveInstalls(options))).toEqual([expect.stringContaining(problem)]);
  });

  test('allows the same database names on another external server, or with the in-cluster MySQL of each install', () => {
    expect(() => resolveInstalls({
      name: 'x',
      externalDatabase: { host: 'db.example.com' },
      additionalInstalls: [{ namespace: 'team-b', externalDatabase: { host: 'db-b.example.com' } }],
    })).not.toThrow();
    expect(resolveInstalls({ name: 'x', additionalInstalls: [{ namespace: 'team-b' }] }).map((i) => i.mysql.pipelineDb)).toEqual(['mlpipeline', 'mlpipeline']);
  });

  test('allows the same prefixes in another bucket', () => {
    const installs = resolveInstalls({
      name: 'x',
      bucket: 'acme-kfp',
      additionalInstalls: [{ namespace: 'team-b', bucket: 'team-b-kfp', artifactPrefix: 'artifacts', pipelinePrefix: 'pipelines' }],
    });
    expect(installs.map((i) => `${i.s3.bucket}/${i.s3.artifactPrefix}`)).toEqual(['acme-kfp/artifacts', 'team-b-kfp/artifacts']);
  });
});

/** The problems of the KfpOptionsError that `resolve` throws; fails the test when it throws nothing or another error. */
function problemsOf(resolve: () => unknown): readonly string[] {
  try {
    resolve();
  } catch (e) {
    if (e instanceof KfpOptionsError) return e.problems;
    throw e;
  }
  throw new Error('no KfpOptionsError');
}
