import * as fs from 'fs';
import { CacheWebhook, IamMechanism } from '../../src';
import { DEFAULT_KFP_VERSION, SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { KfpOptionsError, resolveConfig } from '../../src/config';
import { newProject, releasesWhere, releasesWith, releasesWithImage, releasesWithout, tempDir, TestOptions } from '../util';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const RDS_TLS = { host: 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com', port: 3307, pipelineDb: 'kfp_pipelines', metadataDb: 'kfp_metadata', cacheDb: 'kfp_cache', secretName: 'rds-kfp', tlsCaConfigMap: 'rds-ca', connectionMaxLifetime: '1m30s' };

/** Each bad value, the option the error must name, and the value it must quote. */
const BAD: ReadonlyArray<[string, TestOptions, string, string]> = [
  ['unknown version', { kfpVersion: '1.8.5' }, 'kfpVersion', '1.8.5'],
  ['version with a v', { kfpVersion: `v${DEFAULT_KFP_VERSION}` }, 'kfpVersion', `v${DEFAULT_KFP_VERSION}`],
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
  ['well-formed region that does not exist', { region: 'ap-southeast-10' }, 'region', 'ap-southeast-10'],
  ['well-formed region that does not exist in a new install', { additionalInstalls: [{ namespace: 'team-b', region: 'eu-east-1' }] }, 'additionalInstalls[0].region', 'eu-east-1'],
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
  ['bad annotation key', { iam: { mechanism: IamMechanism.KUBE2IAM, kube2iamAnnotationKey: 'iam.amazonaws.com/role/x' } }, 'iam.kube2iamAnnotationKey', 'iam.amazonaws.com/role/x'],
  ['unknown IAM mechanism', { iam: { mechanism: 'kiam' as IamMechanism } }, 'iam.mechanism', 'kiam'],
  ['storage size without unit digits', { mysql: { storageSize: 'Gi' } }, 'mysql.storageSize', 'Gi'],
  ['storage size zero', { mysql: { storageSize: '0Gi' } }, 'mysql.storageSize', '0Gi'],
  ['storage size with wrong unit', { mysql: { storageSize: '20GB' } }, 'mysql.storageSize', '20GB'],
  ['MySQL image with upper case', { mysql: { image: 'MySQL:8.4' } }, 'mysql.image', 'MySQL:8.4'],
  ['MySQL image with a space', { mysql: { image: 'mysql 8.4' } }, 'mysql.image', 'mysql 8.4'],
  ['storage class with underscore', { mysql: { storageClassName: 'gp3_encrypted' } }, 'mysql.storageClassName', 'gp3_encrypted'],
  ['MySQL secret name with a slash', { mysql: { secretName: 'mysql/secret' } }, 'mysql.secretName', 'mysql/secret'],
  ['same prefix for artifacts and pipelines', { artifactPrefix: 'kfp', pipelinePrefix: 'kfp' }, 'pipelinePrefix', 'kfp'],
  ['pipeline prefix inside the artifact prefix', { artifactPrefix: 'kfp', pipelinePrefix: 'kfp/pipelines' }, 'pipelinePrefix', 'kfp/pipelines'],
  ['S3 endpoint given as a URL', { s3Endpoint: { host: 'https://minio.example.com' } }, 's3Endpoint.host', 'https://minio.example.com'],
  ['S3 endpoint host with a port', { s3Endpoint: { host: 'minio:9000' } }, 's3Endpoint.host', 'minio:9000'],
  ['S3 endpoint port out of range', { s3Endpoint: { host: 'minio', port: 70000 } }, 's3Endpoint.port', '70000'],
  ['per-consumer role that is not an ARN', { iam: { roleArns: { ui: 'arn:aws:iam::123456789012:user/ui' } } }, 'iam.roleArns.ui', 'arn:aws:iam::123456789012:user/ui'],
  ['OIDC provider with its scheme', { iam: { oidcProvider: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' } }, 'iam.oidcProvider', 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC'],
  ['node role that is not an ARN', { iam: { mechanism: IamMechanism.KUBE2IAM, nodeRoleArn: 'nodes' } }, 'iam.nodeRoleArn', 'nodes'],
  ['EKS cluster name with a dot', { iam: { mechanism: IamMechanism.POD_IDENTITY, clusterName: 'ml.prod' } }, 'iam.clusterName', 'ml.prod'],
  ['external database host with a port', { externalDatabase: { host: 'kfp.rds.amazonaws.com:3306' } }, 'externalDatabase.host', 'kfp.rds.amazonaws.com:3306'],
  ['external database port zero', { externalDatabase: { host: 'db', port: 0 } }, 'externalDatabase.port', '0'],
  ['database name with a dash', { externalDatabase: { host: 'db', pipelineDb: 'ml-pipeline' } }, 'externalDatabase.pipelineDb', 'ml-pipeline'],
  ['connection lifetime in words', { externalDatabase: { host: 'db', connectionMaxLifetime: '2 minutes' } }, 'externalDatabase.connectionMaxLifetime', '2 minutes'],
  ...releasesWhere((r) => !r.mysql.tls).map(([kfpVersion]): [string, TestOptions, string, string] =>
    [`MySQL TLS with KFP ${kfpVersion}`, { kfpVersion, externalDatabase: { host: 'db', tlsCaConfigMap: 'rds-ca' } }, 'externalDatabase.tlsCaConfigMap', 'rds-ca']),
  ...releasesWhere((r) => !r.mysql.connectionLifetime).map(([kfpVersion]): [string, TestOptions, string, string] =>
    [`a connection lifetime with KFP ${kfpVersion}, whose api server has none`, { kfpVersion, externalDatabase: { host: 'db', connectionMaxLifetime: '5m' } }, 'externalDatabase.connectionMaxLifetime', '5m']),
  ['namespace kube-system', { namespace: 'kube-system' }, 'namespace', 'kube-system'],
  ['namespace default', { namespace: 'default' }, 'namespace', 'default'],
  ['an additional install in kube-public', { additionalInstalls: [{ namespace: 'kube-public' }] }, 'additionalInstalls[0].namespace', 'kube-public'],
  ['namespace kube-node-lease', { namespace: 'kube-node-lease' }, 'namespace', 'kube-node-lease'],
  ['a commercial role for a China bucket', { region: 'cn-north-1', iam: { roleArn: 'arn:aws:iam::123456789012:role/kfp' } }, 'iam.roleArn', 'arn:aws:iam::123456789012:role/kfp'],
  ['a China consumer role for a commercial bucket', { iam: { roleArns: { ui: 'arn:aws-cn:iam::123456789012:role/ui' } } }, 'iam.roleArns.ui', 'arn:aws-cn:iam::123456789012:role/ui'],
  ['a commercial node role for a GovCloud bucket', { region: 'us-gov-east-1', iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp', nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes' } }, 'iam.nodeRoleArn', 'arn:aws:iam::123456789012:role/nodes'],
  ['the AWS key Secret named as the MySQL Secret', { accessKey: { secretName: 'mysql-secret' } }, 'accessKey.secretName', 'mysql-secret'],
  ['the AWS key Secret named as the external database Secret', { accessKey: { secretName: 'rds' }, externalDatabase: { host: 'db', secretName: 'rds' } }, 'accessKey.secretName', 'rds'],
  ...releasesWhere((r) => r.unsupportedIamMechanisms !== undefined).flatMap(([kfpVersion, release]) => Object.keys(release.unsupportedIamMechanisms!)
    .map((mechanism): [string, TestOptions, string, string] =>
      [`${mechanism} with KFP ${kfpVersion}, whose clients cannot use it`, { kfpVersion, iam: { mechanism: mechanism as IamMechanism } }, 'iam.mechanism', mechanism])),
  ['an opt-in region with KFP 0.2.3, whose minio-go cannot reach it', { kfpVersion: '0.2.3', region: 'eu-south-1' }, 'region', 'eu-south-1'],
  ['GovCloud East with KFP 0.2.3', { kfpVersion: '0.2.3', region: 'us-gov-east-1', iam: { roleArn: 'kfp' } }, 'region', 'us-gov-east-1'],
  ['a role for the 2.17.0 visualization server, which cannot read S3', { kfpVersion: '2.17.0', iam: { roleArns: { visualizationServer: 'arn:aws:iam::123456789012:role/vis' } } }, 'iam.roleArns.visualizationServer', 'arn:aws:iam::123456789012:role/vis'],
  ['a role for the 0.2.3 workflow controller, which has no S3 client', { kfpVersion: '0.2.3', iam: { roleArns: { workflowController: 'argo' } } }, 'iam.roleArns.workflowController', 'argo'],
  ...releasesWithout('cache-server').map(([kfpVersion]): [string, TestOptions, string, string] =>
    [`a cache webhook for KFP ${kfpVersion}, which has no cache`, { kfpVersion, cacheWebhook: CacheWebhook.CERT_MANAGER }, 'cacheWebhook', 'certManager']),
  ['additional install in the same namespace', { additionalInstalls: [{ namespace: 'kubeflow' }] }, 'additionalInstalls[0].namespace', 'kubeflow'],
  ['additional install with a bad bucket', { additionalInstalls: [{ namespace: 'team-b', bucket: 'Team_B' }] }, 'additionalInstalls[0].bucket', 'Team_B'],
  ['a trust policy quota below IAM\'s default', { iam: { trustPolicyQuota: 1024 } }, 'iam.trustPolicyQuota', '1024'],
  ['a trust policy quota above the most Service Quotas grants', { iam: { trustPolicyQuota: 10240 } }, 'iam.trustPolicyQuota', '10240'],
  ['a trust policy quota that is not a whole number', { iam: { trustPolicyQuota: 4096.5 } }, 'iam.trustPolicyQuota', '4096.5'],
  ['an additional install\'s trust policy quota out of range', { additionalInstalls: [{ namespace: 'team-b', iam: { trustPolicyQuota: 16384 } }] }, 'additionalInstalls[0].iam.trustPolicyQuota', '16384'],
  ['a role name over IAM\'s 64 characters', { iam: { roleArn: `arn:aws:iam::123456789012:role/path/${'r'.repeat(65)}` } }, 'iam.roleArn', `arn:aws:iam::123456789012:role/path/${'r'.repeat(65)}`],
  ['a kube2iam role name over IAM\'s 64 characters', { kfpVersion: '0.2.3', iam: { roleArn: 'r'.repeat(65) } }, 'iam.roleArn', 'r'.repeat(65)],
  ['a kube2iam role derived for an additional install over IAM\'s 64 characters', { kfpVersion: '0.2.3', iam: { roleArn: 'r'.repeat(40) }, additionalInstalls: [{ namespace: 'n'.repeat(30) }] },
    'additionalInstalls[0].iam.roleArn', `${'r'.repeat(40)}-${'n'.repeat(30)}`],
  ['a role derived for an additional install over IAM\'s 64 characters', { iam: { roleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(40)}` }, additionalInstalls: [{ namespace: 'n'.repeat(30) }] },
    'additionalInstalls[0].iam.roleArn', `arn:aws:iam::123456789012:role/${'r'.repeat(40)}-${'n'.repeat(30)}`],
  ['additional install sharing the artifact prefix', { additionalInstalls: [{ namespace: 'team-b', artifactPrefix: 'artifacts' }] }, 'additionalInstalls[0].artifactPrefix', 'artifacts'],
  ['an image mirror given as a URL', { images: { registry: `https://${ECR}` } }, 'images.registry', `https://${ECR}`],
  ['an image mirror without a dot or port, which would be a Docker Hub namespace', { images: { registry: 'mirror/kfp' } }, 'images.registry', 'mirror/kfp'],
  ['an image mirror with an upper-case path', { images: { registry: `${ECR}/KFP` } }, 'images.registry', `${ECR}/KFP`],
  ['a mirror of one registry with a tag', { images: { registries: { 'ghcr.io': `${ECR}/github:latest` } } }, 'images.registries["ghcr.io"]', `${ECR}/github:latest`],
  ['an image override whose name has a tag', { images: { overrides: [{ name: 'mysql:8.4', newTag: '8.4.5' }] } }, 'images.overrides[0].name', 'mysql:8.4'],
  ['an image override of no image of the install', { images: { overrides: [{ name: 'ghcr.io/kubeflow/kfp-apiserver', newTag: '2.17.1' }] } }, 'images.overrides[0].name', 'ghcr.io/kubeflow/kfp-apiserver'],
  ['an image tag with a space', { images: { overrides: [{ name: 'mysql', newTag: 'bad tag' }] } }, 'images.overrides[0].newTag', 'bad tag'],
  ['an image tag starting with a dot', { images: { overrides: [{ name: 'mysql', newTag: '.8' }] } }, 'images.overrides[0].newTag', '.8'],
  ['an image tag of 129 characters', { images: { overrides: [{ name: 'mysql', newTag: 't'.repeat(129) }] } }, 'images.overrides[0].newTag', 't'.repeat(129)],
  ['a short digest', { images: { overrides: [{ name: 'mysql', digest: 'sha256:abc' }] } }, 'images.overrides[0].digest', 'sha256:abc'],
  ['a digest without its algorithm', { images: { overrides: [{ name: 'mysql', digest: 'a'.repeat(64) }] } }, 'images.overrides[0].digest', 'a'.repeat(64)],
  ['a digest in upper case', { images: { overrides: [{ name: 'mysql', digest: `sha256:${'A'.repeat(64)}` }] } }, 'images.overrides[0].digest', `sha256:${'A'.repeat(64)}`],
  ['a sha512 digest', { images: { overrides: [{ name: 'mysql', digest: `sha512:${'a'.repeat(128)}` }] } }, 'images.overrides[0].digest', `sha512:${'a'.repeat(128)}`],
  ['a new image name with a tag', { images: { overrides: [{ name: 'mysql', newName: `${ECR}/mysql:8.4` }] } }, 'images.overrides[0].newName', `${ECR}/mysql:8.4`],
  ['a second override of one image, by another spelling', { images: { overrides: [{ name: 'mysql', newTag: '8.4.5' }, { name: 'docker.io/library/mysql', newTag: '8.4.6' }] } },
    'images.overrides[1].name', 'docker.io/library/mysql'],
  ...releasesWithImage('tensorboard').map(([kfpVersion, release]): [string, TestOptions, string, string] =>
    [`a tag for the TensorBoard image of KFP ${kfpVersion}, which the UI tags`, { kfpVersion, images: { overrides: [{ name: release.images.tensorboard!, newTag: '2.15.0' }] } },
      'images.overrides[0].name', release.images.tensorboard!]),
];

/** Values just inside the rules. */
const GOOD: ReadonlyArray<[string, TestOptions]> = [
  ['an ECR pull-through cache rule per upstream registry of KFP 2.17.0', { kfpVersion: '2.17.0', images: { registries: { 'ghcr.io': `${ECR}/github`, 'quay.io': `${ECR}/quay`, 'docker.io': `${ECR}/docker-hub`, 'gcr.io': `${ECR}/gcr-copies` } } }],
  ['a mirror with a port and a path', { images: { registry: 'harbor.example.com:8443/proxy/kfp' } }],
  ['overrides by new name, tag, digest, or tag and digest', {
    kfpVersion: '2.17.0',
    images: {
      registry: ECR,
      overrides: [
        { name: 'mysql', newName: `${ECR}/db/mysql`, newTag: '8.4.5' },
        { name: 'ghcr.io/kubeflow/kfp-launcher', digest: `sha256:${'0'.repeat(64)}` },
        { name: 'quay.io/argoproj/argoexec', newTag: 'v4.0.6', digest: `sha256:${'f'.repeat(64)}` },
        { name: 'tensorflow/tensorflow', newName: `${ECR}/tf/tensorflow` },
      ],
    },
  }],
  ['an override of the MySQL image of the options', { mysql: { image: 'registry.example.com/db/mysql:8.4' }, images: { overrides: [{ name: 'registry.example.com/db/mysql', newTag: '8.4.5' }] } }],
  ['3-character bucket', { bucket: 'abc' }],
  ['63-character bucket', { bucket: 'b'.repeat(63) }],
  ['bucket with dots and dashes', { bucket: 'my.kfp-bucket.2026' }],
  ['63-character namespace', { namespace: 'n'.repeat(63) }],
  ['China region', { region: 'cn-northwest-1' }],
  ['GovCloud region', { region: 'us-gov-west-1' }],
  ['newest regions', { region: 'ap-southeast-6' }],
  ['nested prefixes', { artifactPrefix: 'kfp/team-a/artifacts', pipelinePrefix: 'kfp/team-a/pipelines' }],
  ['custom Secret names', { accessKey: { secretName: 'aws.creds', accessKeyIdKey: 'AWS_ACCESS_KEY_ID', secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY' } }],
  ['China role ARN in a China region', { region: 'cn-north-1', iam: { roleArn: 'arn:aws-cn:iam::123456789012:role/path/kfp' } }],
  ['GovCloud role ARN in a GovCloud region', { region: 'us-gov-west-1', iam: { roleArn: 'arn:aws-us-gov:iam::123456789012:role/kfp' } }],
  ['a role of another partition for an S3-compatible store', { s3Endpoint: { host: 'minio' }, iam: { roleArn: 'arn:aws-cn:iam::123456789012:role/kfp' } }],
  ['kube2iam role name', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-s3' } }],
  ['KFP 0.2.3 with a role name (kube2iam by default)', { kfpVersion: '0.2.3', iam: { roleArn: 'kfp-s3' } }],
  ['annotation key without prefix', { iam: { mechanism: IamMechanism.KUBE2IAM, kube2iamAnnotationKey: 'role' } }],
  ['image with registry, port and digest', { mysql: { image: `registry.example.com:5000/db/mysql:8.4@sha256:${'a'.repeat(64)}` } }],
  ['decimal storage size', { mysql: { storageSize: '1.5Ti' } }],
  ['S3-compatible store', { s3Endpoint: { host: 'minio.storage.svc.cluster.local', port: 9000, tls: false, pathStyle: true } }],
  ['S3-compatible store by IP address', { s3Endpoint: { host: '10.0.12.7', port: 443 } }],
  ['a role per consumer', { iam: { roleArns: { apiServer: 'arn:aws:iam::123456789012:role/kfp-api', pipelineRunner: 'arn:aws:iam::123456789012:role/kfp-runner' } } }],
  ['OIDC provider', { iam: { oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E' } }],
  ['node role', { iam: { mechanism: IamMechanism.KUBE2IAM, nodeRoleArn: 'arn:aws:iam::123456789012:role/eks-nodes' } }],
  ['EKS Pod Identity with its cluster, ACK objects and session-tag isolation', { iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: 'arn:aws:iam::123456789012:role/kfp', clusterName: 'ml-prod_1', ackAssociations: true, sessionTagIsolation: true } }],
  ...releasesWhere((r) => r.mysql.tls && r.mysql.connectionLifetime).map(([kfpVersion]): [string, TestOptions] =>
    [`external database with TLS and a connection lifetime for KFP ${kfpVersion}`, { kfpVersion, externalDatabase: RDS_TLS }]),
  ['external database without TLS for KFP 0.2.3', { kfpVersion: '0.2.3', externalDatabase: { host: 'db.example.com' } }],
  ['an opt-in region with KFP 0.2.3 on an S3-compatible store', { kfpVersion: '0.2.3', region: 'eu-south-1', s3Endpoint: { host: 'minio' } }],
  ...releasesWith('cache-server').map(([kfpVersion]): [string, TestOptions] =>
    [`the cache webhook with cert-manager for KFP ${kfpVersion}`, { kfpVersion, cacheWebhook: CacheWebhook.CERT_MANAGER }]),
  ['two installs sharing a bucket (prefixes under each namespace)', { additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c' }] }],
  ['the highest trust policy quota Service Quotas grants', { iam: { trustPolicyQuota: 8192 } }],
  ['a 64-character role name', { iam: { roleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(64)}` } }],
  ['a long namespace while the role is the placeholder, which is never created', { additionalInstalls: [{ namespace: 'n'.repeat(63) }] }],
  ['an additional install with its own bucket and prefixes', { additionalInstalls: [{ namespace: 'team-b', bucket: 'team-b-kfp', artifactPrefix: 'artifacts', pipelinePrefix: 'pipelines' }] }],
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
      .toThrow('kfpVersion: "2.15.0" is not supported (its api server rejects empty object-store keys, so IAM roles (IRSA, kube2iam) cannot be used); '
        + `supported versions: ${SUPPORTED_KFP_VERSIONS.join(', ')}`);
  });

  test('refuses settings for both the in-cluster and an external MySQL', () => {
    expect(() => resolveConfig({ name: 'x', mysql: { storageSize: '5Gi' }, externalDatabase: { host: 'db' } }))
      .toThrow(/mysql: configures the in-cluster MySQL, which externalDatabase replaces/);
  });

  test('refuses an additional install without a namespace', () => {
    expect(() => resolveConfig({ name: 'x', additionalInstalls: [{ bucket: 'team-b-kfp' }] }))
      .toThrow(/additionalInstalls\[0\]\.namespace: is required/);
  });

  test('lists every problem of several bad options at once', () => {
    expect(() => resolveConfig({ name: 'x', bucket: 'ab', region: 'mars-1', namespace: 'A' }))
      .toThrow(/Invalid kfp-aws-project options:\n {2}- namespace: "A" .*\n {2}- bucket: "ab" .*\n {2}- region: "mars-1" /);
  });
});

describe('option shapes', () => {
  /** Options as a spread or a JSON file can give them, past the compiler: each with the one problem it must cause. */
  const SHAPES: ReadonlyArray<[string, Record<string, unknown>, string]> = [
    ['a misspelled top-level option', { regoin: 'eu-west-1' }, 'regoin: is not an option; did you mean region?'],
    ['a nested option in the wrong case', { externalDatabase: { host: 'db', tlsCaConfigmap: 'rds-ca' } },
      'externalDatabase.tlsCaConfigmap: is not an option; did you mean externalDatabase.tlsCaConfigMap?'],
    ['an unknown key of an additional install', { additionalInstalls: [{ namespace: 'team-b', bukcet: 'b' }] },
      'additionalInstalls[0].bukcet: is not an option; did you mean additionalInstalls[0].bucket?'],
    ['an unknown consumer role', { iam: { roleArns: { uii: 'arn:aws:iam::123456789012:role/ui' } } },
      'iam.roleArns.uii: is not an option; did you mean iam.roleArns.ui?'],
    ['a key far from every option', { colour: 'blue' }, 'colour: is not an option'],
    ['a number for a string', { bucket: 123 }, 'bucket: must be a string, not 123'],
    ['a string for a number', { s3Endpoint: { host: 'minio', port: '9000' } }, 's3Endpoint.port: must be a number, not "9000"'],
    ['a string for a boolean', { archiveLogs: 'false' }, 'archiveLogs: must be a boolean, not "false"'],
    ['a string for a struct', { iam: 'arn:aws:iam::123456789012:role/kfp' }, 'iam: must be an object with the fields mechanism, roleArn, roleArns, oidcProvider, nodeRoleArn, kube2iamAnnotationKey, clusterName, ackAssociations, sessionTagIsolation, trustPolicyQuota, not "arn:aws:iam::123456789012:role/kfp"'],
    ['an object for a list', { additionalInstalls: { namespace: 'team-b' } }, 'additionalInstalls: must be a list, not an object'],
    ['null for a string', { namespace: null }, 'namespace: must be a string, not null'],
    ['an unknown enum value in an additional install', { additionalInstalls: [{ namespace: 'b', iam: { mechanism: 'kiam' } }] },
      'additionalInstalls[0].iam.mechanism: "kiam" is not one of irsa, kube2iam, podIdentity'],
    ['a misspelled image option', { images: { registy: ECR } }, 'images.registy: is not an option; did you mean images.registry?'],
    ['a number for a registry mirror', { images: { registries: { 'ghcr.io': 5000 } } }, 'images.registries["ghcr.io"]: must be a string, not 5000'],
    ['a list for the registry mirrors', { images: { registries: [ECR] } }, 'images.registries: must be an object of names and values, not a list'],
    ['an unknown key of an image override', { images: { overrides: [{ name: 'mysql', tag: '8.4.5' }] } }, 'images.overrides[0].tag: is not an option'],
  ];

  test.each(SHAPES)('rejects %s with a KfpOptionsError naming its path', (_title, options, problem) => {
    let error: unknown;
    try {
      resolveConfig({ name: 'x', ...options } as TestOptions as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KfpOptionsError);
    expect((error as KfpOptionsError).problems).toEqual([problem]);
  });

  test('accepts projen\'s own options and the field projen new adds', () => {
    expect(() => resolveConfig({ name: 'x', outdir: tempDir(), commitGenerated: false, logging: {}, __new__: { fqn: 'kfp-aws-project.KfpAwsProject' } } as never))
      .not.toThrow();
  });

  test('a project with an unknown option writes nothing', () => {
    const outdir = tempDir();
    expect(() => newProject({ regoin: 'eu-west-1' } as TestOptions, outdir)).toThrow(/regoin: is not an option; did you mean region\?/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
