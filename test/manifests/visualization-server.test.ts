import { KFP_2_17_0 } from '../../src/catalog/kfp-2.17.0';
import { findObject } from '../util';
import { expectNoRole, IRSA_OPTIONS, KUBE2IAM_OPTIONS } from './aws-identity';
import { containerOf, renderRepo, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const NAME = 'ml-pipeline-visualizationserver';

const server = (objects: readonly any[]) => containerOf(objects, NAME, NAME);

describe('KFP visualization server', () => {
  let repo: RenderedRepo;
  let kube2iam: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo(IRSA_OPTIONS);
    kube2iam = renderRepo(KUBE2IAM_OPTIONS);
  });

  test('runs the catalog\'s image behind its Service', () => {
    expect(server(repo.base).image).toBe(KFP_2_17_0.images.visualizationServer);
    expect(findObject(repo.base, 'Deployment', NAME).spec.template.spec.serviceAccountName).toBe(NAME);
    expect(selectedDeployments(repo.base, NAME)).toEqual([NAME]);
    const deployment = findObject(repo.base, 'Deployment', NAME);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const [port] = findObject(repo.base, 'Service', NAME).spec.ports;
    expect(port).toMatchObject({ name: 'http', port: 8888 });
    expect(targetContainerPort(port, server(repo.base))).toBe(8888);
  });

  test('probes / and runs restricted as upstream', () => {
    const container = server(repo.base);
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/', port: 8888 }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 });
    expect(container.readinessProbe).toEqual(container.livenessProbe);
    expect(container.resources).toEqual({ requests: { cpu: '30m', memory: '500Mi' } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0 });
  });

  test('gets no S3 setting, key or role: its image cannot read S3 (TensorFlow 2.21 without tensorflow-io, no boto3 or s3fs)', () => {
    for (const objects of [repo.base, repo.accesskey, repo.iam, kube2iam.iam]) {
      expect(server(objects).env).toBeUndefined();
      expectNoRole(objects, [NAME], NAME);
    }
    expect(KFP_2_17_0.s3Consumers).not.toContain('visualizationServer');
  });
});
