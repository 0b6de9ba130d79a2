import { IamMechanism } from '../../src';
import { findRelease, KfpRelease, S3Consumer, WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWhere, releasesWith } from '../util';
import { expectNoRole, expectRole, mechanismOptions } from './aws-identity';
import { containerOf, envOf, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const NAME = 'ml-pipeline-visualizationserver';

const server = (objects: readonly any[]) => containerOf(objects, NAME, NAME);

/** The repo of each IAM mechanism `release` supports, IRSA first where it has it. */
const reposOf = (release: KfpRelease): Array<[IamMechanism, RenderedRepo]> =>
  mechanismOptions(release).map(([mechanism, options]) => [mechanism, renderRepoOnce(options)]);

/** Whether the release's visualization server image reads S3 (its visualizations' sources). */
const readsS3 = (release: KfpRelease) => release.s3Consumers.includes(S3Consumer.VISUALIZATION_SERVER);

describe.each(releasesWith('visualization-server'))('KFP %s visualization server', (_version, release) => {
  let repo: RenderedRepo;
  beforeAll(() => {
    [[, repo]] = reposOf(release);
  });

  test('runs the catalog\'s image behind its Service', () => {
    expect(server(repo.base).image).toBe(release.images.visualizationServer);
    expect(findObject(repo.base, 'Deployment', NAME).spec.template.spec.serviceAccountName).toBe(NAME);
    expect(selectedDeployments(repo.base, NAME)).toEqual([NAME]);
    const deployment = findObject(repo.base, 'Deployment', NAME);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const [port] = findObject(repo.base, 'Service', NAME).spec.ports;
    expect(port).toMatchObject({ name: 'http', port: 8888 });
    expect(targetContainerPort(port, server(repo.base))).toBe(8888);
  });
});

describe.each(releasesWith('visualization-server', WorkloadLayout.RESTRICTED))('KFP %s visualization server (restricted layout)', (_version, release) => {
  test('probes / and runs restricted as upstream', () => {
    const [[, repo]] = reposOf(release);
    const container = server(repo.base);
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/', port: 8888 }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 });
    expect(container.readinessProbe).toEqual(container.livenessProbe);
    expect(container.resources).toEqual({ requests: { cpu: '30m', memory: '500Mi' } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0 });
  });
});

describe.each(releasesWhere((r) => r.components.includes('visualization-server') && !readsS3(r)))(
  'KFP %s visualization server, whose image cannot read S3', (_version, release) => {
    test('gets no S3 setting, key or role', () => {
      for (const [, repo] of reposOf(release)) {
        for (const objects of [repo.base, repo.accesskey, repo.iam]) {
          expect(server(objects).env).toBeUndefined();
          expectNoRole(objects, [NAME], NAME, release);
        }
      }
    });
  });

describe.each(releasesWhere((r) => r.components.includes('visualization-server') && readsS3(r)))(
  'KFP %s visualization server, whose image reads its sources from S3', (_version, release) => {
    test('gets the region everywhere, the access key in overlay/accesskey only, and its role in overlay/iam', () => {
      const repos = reposOf(release);
      const [[, repo]] = repos;
      for (const objects of [repo.base, repo.accesskey, repo.iam]) expect(envOf(objects, server(objects), 'AWS_REGION')).toBe('eu-west-2');
      expect(envOf(repo.accesskey, server(repo.accesskey), 'AWS_ACCESS_KEY_ID')).toEqual({ secret: 'aws-creds', key: 'key-id' });
      expect(envOf(repo.accesskey, server(repo.accesskey), 'AWS_SECRET_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
      for (const objects of [repo.base, repo.iam]) {
        expect(JSON.stringify(server(objects).env)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-creds/);
      }
      expectNoRole(repo.base, [NAME], NAME, release);
      expectNoRole(repo.accesskey, [NAME], NAME, release);
      for (const [mechanism, { iam }] of repos) expectRole(mechanism, iam, [NAME], NAME, release);
    });
  });

test('KFP 2.17.0: the visualization server\'s image cannot read S3 (TensorFlow 2.21 without tensorflow-io, no boto3 or s3fs)', () => {
  expect(readsS3(findRelease('2.17.0')!)).toBe(false);
});
