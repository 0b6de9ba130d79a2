import { argoArtifactRepository, expectNoRole, expectRole, KUBE2IAM_KEY, mechanismOptions, S3_OPTIONS } from './aws-identity';
import { containerOf, envOf, expectBinding, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort, viewerTemplate } from './wiring';
import { IamMechanism } from '../../src';
import { KfpRelease, WorkloadLayout } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { frontendS3Env } from '../../src/manifests/aws';
import { findObject, releasesWith } from '../util';

const NAME = 'ml-pipeline-ui';
const SERVICE_ACCOUNTS = [NAME, 'kubeflow-pipelines-viewer'];
const SIGNING_KEY_ENV = 'TENSORBOARD_PROXY_SIGNING_SECRET';

const ui = (objects: readonly any[]) => containerOf(objects, NAME, NAME);
const envNames = (container: any): string[] => container.env.map((e: any) => e.name);

/** The repo of each IAM mechanism `release` supports, IRSA first where it has it. */
const reposOf = (release: KfpRelease): Array<[IamMechanism, RenderedRepo]> =>
  mechanismOptions(release).map(([mechanism, options]) => [mechanism, renderRepoOnce(options)]);

describe.each(releasesWith('ui'))('KFP %s UI', (_version, release) => {
  let repos: Array<[IamMechanism, RenderedRepo]>;
  let repo: RenderedRepo;
  beforeAll(() => {
    repos = reposOf(release);
    [[, repo]] = repos;
  });

  test('runs the catalog\'s frontend behind Service port 80', () => {
    expect(ui(repo.base).image).toBe(release.images.frontend);
    const service = findObject(repo.base, 'Service', NAME);
    expect(selectedDeployments(repo.base, NAME)).toEqual([NAME]);
    const deployment = findObject(repo.base, 'Deployment', NAME);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([80]);
    expect(targetContainerPort(service.spec.ports[0], ui(repo.base))).toBe(3000);
  });

  test('runs as ServiceAccount ml-pipeline-ui, bound to the catalog\'s Role', () => {
    expect(findObject(repo.base, 'Deployment', NAME).spec.template.spec.serviceAccountName).toBe(NAME);
    expectBinding({
      bindings: repo.base,
      binding: NAME,
      bindingKind: 'RoleBinding',
      roles: repo.base,
      rules: release.rbac[NAME],
      serviceAccounts: repo.base,
      serviceAccount: NAME,
      namespace: 'team-kfp',
    });
  });

  test('signs TensorBoard proxy paths with the random key of a Secret the scripts create, in every variant, where the release\'s UI signs them', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      if (release.uiSigningKey) {
        expect(envOf(objects, ui(objects), SIGNING_KEY_ENV)).toEqual({ secret: 'ml-pipeline-ui-secret', key: 'tensorboard-proxy-signing-key' });
      } else {
        expect(envNames(ui(objects))).not.toContain(SIGNING_KEY_ENV);
      }
    }
    expect(JSON.stringify(repo.base)).not.toContain('minio123');
  });

  test('reads the access key from the Secret in overlay/accesskey only', () => {
    expect(envOf(repo.accesskey, ui(repo.accesskey), 'AWS_ACCESS_KEY_ID')).toEqual({ secret: 'aws-creds', key: 'key-id' });
    expect(envOf(repo.accesskey, ui(repo.accesskey), 'AWS_SECRET_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
    for (const objects of [repo.base, repo.iam]) {
      expect(envNames(ui(objects))).not.toContain('AWS_ACCESS_KEY_ID');
      expect(envNames(ui(objects))).not.toContain('AWS_SECRET_ACCESS_KEY');
    }
    expectNoRole(repo.accesskey, SERVICE_ACCOUNTS, NAME, release);
  });

  test('gets the role through its and the viewers\' ServiceAccounts (IRSA) or its pods (kube2iam) in overlay/iam, as the release supports', () => {
    expectNoRole(repo.base, SERVICE_ACCOUNTS, NAME, release);
    for (const [mechanism, { iam }] of repos) expectRole(mechanism, iam, SERVICE_ACCOUNTS, NAME, release);
  });

  test('starts TensorBoard viewers as kubeflow-pipelines-viewer, with the region', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      const template = viewerTemplate(objects);
      expect(template.spec.serviceAccountName).toBe('kubeflow-pipelines-viewer');
      expect(findObject(objects, 'ServiceAccount', template.spec.serviceAccountName)).toBeDefined();
      expect(template.spec.containers[0].env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-2' });
    }
    expect(viewerTemplate(repo.base).metadata).toBeUndefined();
  });

  test('gives viewers the access key in overlay/accesskey, and in overlay/iam only the kube2iam role (IRSA binds a ServiceAccount, Pod Identity none)', () => {
    expect(viewerTemplate(repo.accesskey).spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'key-id' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'key-secret' } } },
    ]));
    for (const [mechanism, { iam }] of repos) {
      if (mechanism !== IamMechanism.KUBE2IAM) {
        expect(viewerTemplate(iam).metadata).toBeUndefined();
      } else {
        expect(viewerTemplate(iam).metadata).toEqual({ annotations: { [KUBE2IAM_KEY]: 'kfp-s3-role' } });
        expect(JSON.stringify(viewerTemplate(iam).spec)).not.toContain(KUBE2IAM_KEY);
      }
    }
  });
});

describe.each(releasesWith('ui', WorkloadLayout.RESTRICTED))('KFP %s UI (restricted layout)', (kfpVersion, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    [[, repo]] = reposOf(release);
  });

  test('serves its Service\'s named http port', () => {
    expect(findObject(repo.base, 'Service', NAME).spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 3000 }]);
  });

  test('reads archived logs where Argo writes them', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      const argo = argoArtifactRepository(objects);
      const container = ui(objects);
      expect(envOf(objects, container, 'ARGO_ARCHIVE_LOGS')).toBe(String(argo.archiveLogs));
      expect(envOf(objects, container, 'ARGO_ARCHIVE_ARTIFACTORY')).toBe('s3');
      expect(envOf(objects, container, 'ARGO_ARCHIVE_BUCKETNAME')).toBe(argo.s3.bucket);
      expect(envOf(objects, container, 'ARGO_KEYFORMAT')).toBe(argo.s3.keyFormat);
      expect(envOf(objects, container, 'AWS_S3_ENDPOINT')).toBe(argo.s3.endpoint);
      expect(envOf(objects, container, 'AWS_REGION')).toBe(argo.s3.region);
    }
    expect(envOf(repo.base, ui(repo.base), 'ARGO_ARCHIVE_BUCKETNAME')).toBe('kfp-test-bucket');
    expect(envOf(repo.base, ui(repo.base), 'AWS_REGION')).toBe('eu-west-2');
    // Only what the UI fills the way Argo does: the namespace and the pod name, not the workflow's name or date.
    expect(envOf(repo.base, ui(repo.base), 'ARGO_KEYFORMAT')).toBe('kfp/art/{{workflow.namespace}}/{{pod.name}}');
  });

  test('follows archiveLogs', () => {
    const objects = renderRepoOnce({ ...S3_OPTIONS, kfpVersion, archiveLogs: false }).base;
    expect(envOf(objects, ui(objects), 'ARGO_ARCHIVE_LOGS')).toBe('false');
    expect(argoArtifactRepository(objects).archiveLogs).toBe(false);
  });

  test('aims its MinIO client at the bucket\'s S3 endpoint, never at the bundled store\'s default with the public key', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam]) {
      const container = ui(objects);
      expect(envOf(objects, container, 'MINIO_HOST')).toBe('s3.eu-west-2.amazonaws.com');
      expect(envOf(objects, container, 'MINIO_NAMESPACE')).toBe('');
      expect(envOf(objects, container, 'MINIO_PORT')).toBe('443');
      expect(envOf(objects, container, 'MINIO_SSL')).toBe('true');
      for (const name of envNames(container)) expect(() => envOf(objects, container, name)).not.toThrow();
      // No setting that the KFP 2.x UI reads by no name (frontend/server/configs.ts has no S3 port).
      expect(envNames(container)).not.toContain('AWS_S3_PORT');
    }
    expect(envOf(repo.accesskey, ui(repo.accesskey), 'MINIO_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-id' });
    expect(envOf(repo.iam, ui(repo.iam), 'MINIO_ACCESS_KEY')).toBe('');
    expect(envOf(repo.iam, ui(repo.iam), 'MINIO_SECRET_KEY')).toBe('');
    expect(envNames(ui(repo.base)).filter((n) => n.startsWith('MINIO_') && n.endsWith('_KEY'))).toEqual([]);
  });

  test('probes /apis/v1beta1/healthz and runs restricted as upstream', () => {
    const container = ui(repo.base);
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/apis/v1beta1/healthz', port: 3000 }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 });
    expect(container.readinessProbe).toEqual(container.livenessProbe);
    expect(container.resources).toEqual({ requests: { cpu: '10m', memory: '70Mi' } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0, allowPrivilegeEscalation: false });
  });
});

test('a 2.x UI without a signing key in its release gets no signing-key env (the release, not the UI code path, decides)', () => {
  const config = resolveConfig({ name: 'x', kfpVersion: '2.17.0' });
  const unsigned = { ...config, release: { ...config.release, uiSigningKey: false } };
  expect(frontendS3Env(config, undefined).map((e) => e.name)).toContain(SIGNING_KEY_ENV);
  expect(frontendS3Env(unsigned, undefined).map((e) => e.name)).not.toContain(SIGNING_KEY_ENV);
});
