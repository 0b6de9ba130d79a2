import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { resolveConfig, S3_CONSUMERS, S3Consumer } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../../src/manifests/s3-consumers';
import { findObject } from '../util';

const role = (consumer: string) => `arn:aws:iam::123456789012:role/kfp-${consumer}`;
/** A role of its own for every consumer. */
const OWN_ROLES = Object.fromEntries(S3_CONSUMERS.map((consumer) => [consumer, role(consumer)])) as Record<S3Consumer, string>;
const KEY = 'iam.amazonaws.com/role';
/** Where each release's UI keeps the viewer pod template. */
const VIEWER_TEMPLATE: Record<string, [string, string]> = {
  '2.17.0': ['ml-pipeline-ui-configmap', 'viewer-pod-template.json'],
  '0.2.3': ['ml-pipeline-ui-viewer-template', 'viewer-tensorboard-template.json'],
};

function iamOverlay(kfpVersion: string, mechanism: IamMechanism): any[] {
  const config = resolveConfig({ name: 'x', kfpVersion, iam: { mechanism, roleArns: OWN_ROLES } });
  return renderInstall(config, 'iam').map((o) => o.manifest);
}

function viewerTemplate(objects: readonly any[], kfpVersion: string): any {
  const [configMap, key] = VIEWER_TEMPLATE[kfpVersion];
  return JSON.parse(findObject(objects, 'ConfigMap', configMap).data[key]);
}

const podAnnotations = (objects: readonly any[], deployment: string) =>
  findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations ?? {};

describe.each(['2.17.0', '0.2.3'])('a role per consumer in KFP %s', (kfpVersion) => {
  describe('with IRSA', () => {
    const objects = iamOverlay(kfpVersion, IamMechanism.IRSA);

    test('puts each consumer\'s role on its ServiceAccount and no other', () => {
      const annotated = objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.['eks.amazonaws.com/role-arn'])
        .map((o) => [o.metadata.name, o.metadata.annotations['eks.amazonaws.com/role-arn']]);
      expect(annotated.sort()).toEqual([
        ['argo', role('workflowController')],
        ['kubeflow-pipelines-viewer', role('viewer')],
        ['ml-pipeline', role('apiServer')],
        ['ml-pipeline-ui', role('ui')],
        ['ml-pipeline-visualizationserver', role('visualizationServer')],
        ['pipeline-runner', role('pipelineRunner')],
      ]);
    });

    test('runs each consumer\'s pods as the ServiceAccount its trust policy names', () => {
      const deployments: Partial<Record<S3Consumer, string>> = {
        [S3Consumer.API_SERVER]: 'ml-pipeline',
        [S3Consumer.UI]: 'ml-pipeline-ui',
        [S3Consumer.WORKFLOW_CONTROLLER]: 'workflow-controller',
        [S3Consumer.VISUALIZATION_SERVER]: 'ml-pipeline-visualizationserver',
      };
      for (const [consumer, deployment] of Object.entries(deployments)) {
        expect(findObject(objects, 'Deployment', deployment).spec.template.spec.serviceAccountName)
          .toBe(S3_CONSUMER_SERVICE_ACCOUNTS[consumer as S3Consumer]);
      }
      expect(viewerTemplate(objects, kfpVersion).spec.serviceAccountName).toBe(S3_CONSUMER_SERVICE_ACCOUNTS[S3Consumer.VIEWER]);
      if (kfpVersion === '0.2.3') {
        // the 2.x api server runs steps as pipeline-runner unless told otherwise; 0.x is told in its config file
        const config = JSON.parse(findObject(objects, 'ConfigMap', 'ml-pipeline-config').data['config.json']);
        expect(config.DefaultPipelineRunnerServiceAccount).toBe(S3_CONSUMER_SERVICE_ACCOUNTS[S3Consumer.PIPELINE_RUNNER]);
      }
    });

    test('adds no kube2iam annotation to any pod', () => {
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        expect(deployment.spec.template.metadata.annotations?.[KEY]).toBeUndefined();
      }
      expect(viewerTemplate(objects, kfpVersion).metadata).toBeUndefined();
    });
  });

  describe('with kube2iam', () => {
    const objects = iamOverlay(kfpVersion, IamMechanism.KUBE2IAM);

    test('puts each server\'s role on its pods', () => {
      expect(podAnnotations(objects, 'ml-pipeline')[KEY]).toBe(role('apiServer'));
      expect(podAnnotations(objects, 'ml-pipeline-ui')[KEY]).toBe(role('ui'));
      expect(podAnnotations(objects, 'workflow-controller')[KEY]).toBe(role('workflowController'));
      expect(podAnnotations(objects, 'ml-pipeline-visualizationserver')[KEY]).toBe(role('visualizationServer'));
      const annotated = objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.[KEY]).map((o) => o.metadata.name);
      expect(annotated.sort()).toEqual(['ml-pipeline', 'ml-pipeline-ui', 'ml-pipeline-visualizationserver', 'workflow-controller']);
    });

    test('puts the viewer\'s role in the viewer pod template, beside its spec', () => {
      expect(viewerTemplate(objects, kfpVersion).metadata).toEqual({ annotations: { [KEY]: role('viewer') } });
    });

    test('puts the pipeline runner\'s role on the workflow pods where Argo has workflow defaults', () => {
      const data = findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data;
      if (kfpVersion === '0.2.3') {
        // Argo 2.3 has no workflow defaults (a known issue of the release)
        expect(Object.keys(data)).toEqual(['config']);
      } else {
        expect((yaml.load(data.workflowDefaults) as any).spec.podMetadata).toEqual({ annotations: { [KEY]: role('pipelineRunner') } });
      }
    });

    test('annotates no ServiceAccount', () => {
      for (const sa of objects.filter((o) => o.kind === 'ServiceAccount')) expect(sa.metadata.annotations).toBeUndefined();
    });
  });
});
