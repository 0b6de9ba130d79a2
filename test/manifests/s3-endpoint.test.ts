import * as yaml from 'js-yaml';
import { KfpRelease, S3Consumer, WorkloadLayout } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { allReleases, findObject, TestOptions } from '../util';
import { S3_OPTIONS } from './aws-identity';
import { containerOf, envOf, renderRepo, RenderedRepo, viewerTemplate } from './wiring';

/** An in-cluster MinIO: its own port, plain HTTP, buckets in the path. */
const MINIO: TestOptions = { s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false, pathStyle: true } };
const HOST = 'minio.storage.svc';
const HOST_PORT = 'minio.storage.svc:9000';
const URL = 'http://minio.storage.svc:9000';
/** Where AWS S3 is for S3_OPTIONS' region. */
const AWS_HOST = 's3.eu-west-2.amazonaws.com';

/** Argo's `artifactRepository`, from the one key of Argo 2.3 or the key of its own in later Argo. */
function argoRepository(objects: readonly any[]): any {
  const data = findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data;
  return data.artifactRepository ? yaml.load(data.artifactRepository) : (yaml.load(data.config) as any).artifactRepository;
}

const apiServer = (objects: readonly any[]) => containerOf(objects, 'ml-pipeline', 'ml-pipeline-api-server');
const ui = (objects: readonly any[]) => containerOf(objects, 'ml-pipeline-ui', 'ml-pipeline-ui');
const visualizationServer = (objects: readonly any[]) =>
  containerOf(objects, 'ml-pipeline-visualizationserver', 'ml-pipeline-visualizationserver');
const envNames = (container: any): string[] => (container.env ?? []).map((e: any) => e.name);
/** The value of `name` in `env`, or undefined when the list does not set it. */
const valueIn = (env: readonly any[], name: string) => env.find((e) => e.name === name)?.value;

/** The api server's `ObjectStoreConfig`, from the config file of a 0.x api server. */
function objectStoreConfig(objects: readonly any[]): any {
  return JSON.parse(findObject(objects, 'ConfigMap', 'ml-pipeline-config').data['config.json']).ObjectStoreConfig;
}

/** The v2 launcher's default S3 provider. */
function launcherDefault(objects: readonly any[]): any {
  return (yaml.load(findObject(objects, 'ConfigMap', 'kfp-launcher').data.providers) as any).s3.default;
}

/** The base of an install, rendered in memory: enough where the overlays add nothing to check. */
const baseOf = (options: TestOptions) => renderInstall(resolveConfig({ name: 'x', ...options })).map((o) => o.manifest);

/** Whether the release's servers follow the KFP 2.x pods (`OBJECTSTORECONFIG_*` api server, `AWS_S3_*` UI). */
const isRestricted = (release: KfpRelease) => release.workloads === WorkloadLayout.RESTRICTED;
/** Whether the release's visualization server reads its sources from S3. */
const visualizationReadsS3 = (release: KfpRelease) => release.s3Consumers.includes(S3Consumer.VISUALIZATION_SERVER);

/** The variables TensorFlow's S3 filesystem reads for a custom store (viewers; the 0.2.3 visualization server). */
const READER_ENDPOINT_ENV = ['S3_ENDPOINT', 'S3_USE_HTTPS'];

describe.each(allReleases())('KFP %s with an S3-compatible store', (kfpVersion, release) => {
  const hasLauncher = release.components.includes('kfp-launcher');
  let repo: RenderedRepo;
  let aws: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ ...S3_OPTIONS, kfpVersion, ...MINIO });
    aws = renderRepo({ ...S3_OPTIONS, kfpVersion });
  });
  const installs = () => [repo.base, repo.accesskey];

  test('has no overlay/iam: the UI would send its requests to the store unsigned', () => {
    expect(repo.iam).toBeUndefined();
    expect(resolveConfig({ name: 'x', ...S3_OPTIONS, kfpVersion, ...MINIO }).variants).toEqual(['accesskey']);
  });

  test('Argo stores artifacts and logs at host:port, without TLS', () => {
    for (const objects of installs()) {
      expect(argoRepository(objects).s3).toMatchObject({ endpoint: HOST_PORT, insecure: true, bucket: 'kfp-test-bucket', region: 'eu-west-2' });
    }
    expect(argoRepository(repo.accesskey).s3).toMatchObject({ accessKeySecret: { name: 'aws-creds', key: 'key-id' } });
  });

  test('the api server reaches the store at its host and port, without TLS', () => {
    for (const objects of installs()) {
      if (isRestricted(release)) {
        const container = apiServer(objects);
        expect(envOf(objects, container, 'OBJECTSTORECONFIG_HOST')).toBe(HOST);
        expect(envOf(objects, container, 'OBJECTSTORECONFIG_PORT')).toBe('9000');
        expect(envOf(objects, container, 'OBJECTSTORECONFIG_SECURE')).toBe('false');
      } else {
        expect(objectStoreConfig(objects)).toMatchObject({ Host: HOST, Port: '9000', Secure: false, BucketName: 'kfp-test-bucket' });
      }
    }
  });

  test('the v2 launcher reaches the store at host:port, without TLS, with buckets in the path', () => {
    if (!hasLauncher) {
      expect(repo.base.some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kfp-launcher')).toBe(false);
      return;
    }
    for (const objects of installs()) {
      expect(launcherDefault(objects)).toMatchObject({ endpoint: HOST_PORT, region: 'eu-west-2', disableSSL: true, forcePathStyle: true });
    }
    const virtualHosts = baseOf({ ...S3_OPTIONS, kfpVersion, s3Endpoint: { host: HOST, pathStyle: false } });
    expect(launcherDefault(virtualHosts)).toMatchObject({ endpoint: HOST, disableSSL: false, forcePathStyle: false });
  });

  test('every client of the UI reads the store at its host, port and TLS', () => {
    for (const objects of installs()) {
      const container = ui(objects);
      // The MinIO client: v1 artifacts of a store that is not AWS S3, and in 0.2.3 every read of the store.
      expect(envOf(objects, container, 'MINIO_HOST')).toBe(HOST);
      expect(envOf(objects, container, 'MINIO_NAMESPACE')).toBe('');
      expect(envOf(objects, container, 'MINIO_PORT')).toBe('9000');
      expect(envOf(objects, container, 'MINIO_SSL')).toBe('false');
      if (isRestricted(release)) {
        // The S3 client has no port setting: the endpoint rewrite gives it, and every other client, the store's port.
        expect(envOf(objects, container, 'AWS_S3_ENDPOINT')).toBe(HOST);
        expect(envOf(objects, container, 'AWS_SSL')).toBe('false');
        expect(envOf(objects, container, 'MINIO_ENDPOINT_REWRITE')).toBe(`${HOST}=${URL}`);
        expect(envNames(container)).not.toContain('AWS_S3_PORT');
        expect(envOf(objects, container, 'ARGO_ARCHIVE_ARTIFACTORY')).toBe('s3');
      } else {
        expect(envOf(objects, container, 'ARGO_ARCHIVE_ARTIFACTORY')).toBe('minio');
      }
      expect(envOf(objects, container, 'ARGO_ARCHIVE_BUCKETNAME')).toBe(argoRepository(objects).s3.bucket);
    }
    // The store on the scheme's port needs no rewrite.
    const defaultPort = ui(baseOf({ ...S3_OPTIONS, kfpVersion, s3Endpoint: { host: HOST } }));
    expect(envNames(defaultPort)).not.toContain('MINIO_ENDPOINT_REWRITE');
    expect(valueIn(defaultPort.env, 'MINIO_PORT')).toBe('443');
  });

  test('the UI\'s MinIO client signs with the access key in overlay/accesskey only', () => {
    const container = ui(repo.accesskey);
    expect(envOf(repo.accesskey, container, 'MINIO_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-id' });
    expect(envOf(repo.accesskey, container, 'MINIO_SECRET_KEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
    expect(envNames(ui(repo.base)).filter((name) => name.startsWith('MINIO_') && name.endsWith('_KEY'))).toEqual([]);
  });

  test('TensorBoard viewers (and a visualization server that reads S3) find the store the way TensorFlow reads it', () => {
    for (const objects of installs()) {
      const readers = [viewerTemplate(objects).spec.containers[0].env, ...(visualizationReadsS3(release) ? [visualizationServer(objects).env] : [])];
      for (const env of readers) {
        expect(valueIn(env, 'S3_ENDPOINT')).toBe(HOST_PORT);
        expect(valueIn(env, 'S3_USE_HTTPS')).toBe('0');
        expect(valueIn(env, 'AWS_REGION')).toBe('eu-west-2');
        expect(env.map((e: any) => e.name)).not.toContain('AWS_ENDPOINT_URL_S3');
      }
      // A visualization server that cannot read S3 at all (2.17.0's) gets no S3 setting.
      if (!visualizationReadsS3(release)) expect(visualizationServer(objects).env).toBeUndefined();
    }
    const env = viewerTemplate(baseOf({ ...S3_OPTIONS, kfpVersion, s3Endpoint: { host: HOST } })).spec.containers[0].env;
    expect([valueIn(env, 'S3_ENDPOINT'), valueIn(env, 'S3_USE_HTTPS')]).toEqual([HOST, '1']);
  });

  test('without s3Endpoint, every consumer reaches AWS S3 over TLS and nothing more', () => {
    for (const objects of [aws.base, aws.accesskey, aws.iam!]) {
      // The 0.2.3 UI links artifacts to S3 only for Argo's endpoint s3.amazonaws.com, which minio-go sends to the region.
      const argoEndpoint = release.argo.awsEndpoint === 'regional' ? AWS_HOST : 's3.amazonaws.com';
      expect(argoRepository(objects).s3).toMatchObject({ endpoint: argoEndpoint, region: 'eu-west-2', insecure: false });
      const container = ui(objects);
      expect(envNames(container).filter((name) => ['AWS_SSL', 'AWS_S3_PORT', 'MINIO_ENDPOINT_REWRITE'].includes(name))).toEqual([]);
      // The KFP 0.x UI's minio-js resolves each bucket's region from the global endpoint.
      expect(envOf(objects, container, 'MINIO_HOST')).toBe(isRestricted(release) ? AWS_HOST : 's3.amazonaws.com');
      expect([envOf(objects, container, 'MINIO_PORT'), envOf(objects, container, 'MINIO_SSL')]).toEqual(['443', 'true']);
      expect(envOf(objects, container, 'ARGO_ARCHIVE_ARTIFACTORY')).toBe('s3');
      const viewerEnv: string[] = viewerTemplate(objects).spec.containers[0].env.map((e: any) => e.name);
      expect(viewerEnv.filter((name) => READER_ENDPOINT_ENV.includes(name))).toEqual([]);
      if (hasLauncher) {
        const launcher = launcherDefault(objects);
        expect(launcher).toMatchObject({ endpoint: AWS_HOST, disableSSL: false });
        expect(launcher).not.toHaveProperty('forcePathStyle');
      }
      if (isRestricted(release)) {
        expect(envOf(objects, apiServer(objects), 'OBJECTSTORECONFIG_HOST')).toBe(AWS_HOST);
        expect(envOf(objects, apiServer(objects), 'OBJECTSTORECONFIG_PORT')).toBe('');
        expect(envOf(objects, apiServer(objects), 'OBJECTSTORECONFIG_SECURE')).toBe('true');
        expect(envOf(objects, container, 'AWS_S3_ENDPOINT')).toBe(AWS_HOST);
      } else {
        const store = objectStoreConfig(objects);
        expect(store).toMatchObject({ Host: AWS_HOST, Secure: true });
        expect(store).not.toHaveProperty('Port');
      }
    }
  });
});
