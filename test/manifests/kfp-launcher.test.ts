import * as yaml from 'js-yaml';
import { findObject, releasesWith } from '../util';
import { argoArtifactRepository, S3_OPTIONS } from './aws-identity';
import { renderRepo, RenderedRepo } from './wiring';

const launcher = (objects: readonly any[]) => findObject(objects, 'ConfigMap', 'kfp-launcher');
const providers = (objects: readonly any[]) => yaml.load(launcher(objects).data.providers) as any;

describe.each(releasesWith('kfp-launcher'))('KFP %s kfp-launcher ConfigMap', (kfpVersion) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ ...S3_OPTIONS, kfpVersion });
  });

  test('roots v2 artifacts in the bucket, under the prefix Argo also writes to', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      expect(launcher(objects).data.defaultPipelineRoot).toBe('s3://kfp-test-bucket/kfp/art');
      // Upstream's copy in pipeline-install-config is read by nothing, so it is left out.
      expect(findObject(objects, 'ConfigMap', 'pipeline-install-config').data).not.toHaveProperty('defaultPipelineRoot');
    }
    const argo = argoArtifactRepository(repo.base).s3;
    expect(argo.keyFormat.startsWith('kfp/art/')).toBe(true);
    expect(`s3://${argo.bucket}/kfp/art`).toBe(launcher(repo.base).data.defaultPipelineRoot);
  });

  test('reaches S3 through the regional endpoint over TLS', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      expect(providers(objects).s3.default).toMatchObject({ endpoint: 's3.eu-west-2.amazonaws.com', region: 'eu-west-2', disableSSL: false });
    }
  });

  test('takes credentials from the environment in the base and in overlay/iam', () => {
    expect(providers(repo.base).s3.default.credentials).toEqual({ fromEnv: true });
    expect(providers(repo.iam).s3.default.credentials).toEqual({ fromEnv: true });
  });

  test('takes the access key from the Secret in overlay/accesskey', () => {
    expect(providers(repo.accesskey).s3.default.credentials).toEqual({
      secretRef: { secretName: 'aws-creds', accessKeyKey: 'key-id', secretKeyKey: 'key-secret' },
    });
  });

  test('is the ConfigMap the api server may read', () => {
    const rule = findObject(repo.base, 'Role', 'ml-pipeline').rules.find((r: any) => r.resources.includes('configmaps'));
    expect(rule.resourceNames).toEqual([launcher(repo.base).metadata.name]);
    expect(launcher(repo.base).metadata.namespace).toBe('team-kfp');
  });
});
