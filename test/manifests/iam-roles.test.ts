import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { KfpRelease, WorkloadLayout } from '../../src/catalog';
import { resolveConfig, S3_CONSUMERS, S3Consumer } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../../src/manifests/s3-consumers';
import { allReleases, findObject, mechanismsOf } from '../util';

const role = (consumer: string) => `arn:aws:iam::123456789012:role/kfp-${consumer}`;
const KEY = 'iam.amazonaws.com/role';
/** The Deployment of each consumer that is a server (pipeline steps and viewers are pods KFP starts). */
const SERVER_DEPLOYMENTS: Partial<Record<S3Consumer, string>> = {
  [S3Consumer.API_SERVER]: 'ml-pipeline',
  [S3Consumer.UI]: 'ml-pipeline-ui',
  [S3Consumer.WORKFLOW_CONTROLLER]: 'workflow-controller',
  [S3Consumer.VISUALIZATION_SERVER]: 'ml-pipeline-visualizationserver',
};
/** Where the UI of each workload layout keeps the viewer pod template. */
const VIEWER_TEMPLATE: Record<WorkloadLayout, [string, string]> = {
  [WorkloadLayout.RESTRICTED]: ['ml-pipeline-ui-configmap', 'viewer-pod-template.json'],
  [WorkloadLayout.PLAIN]: ['ml-pipeline-ui-viewer-template', 'viewer-tensorboard-template.json'],
};

/** The IAM overlay with a role of its own for every consumer of `release`. */
function iamOverlay(release: KfpRelease, mechanism: IamMechanism): any[] {
  const roleArns = Object.fromEntries(release.s3Consumers.map((consumer) => [consumer, role(consumer)]));
  const config = resolveConfig({ name: 'x', kfpVersion: release.version, iam: { mechanism, roleArns } });
  return renderInstall(config, 'iam').map((o) => o.manifest);
}

function viewerTemplate(objects: readonly any[], release: KfpRelease): any {
  const [configMap, key] = VIEWER_TEMPLATE[release.workloads];
  return JSON.parse(findObject(objects, 'ConfigMap', configMap).data[key]);
}

const podAnnotations = (objects: readonly any[], deployment: string) =>
  findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations ?? {};

describe.each(allReleases())('a role per consumer in KFP %s', (kfpVersion, release) => {
  const servers = release.s3Consumers.filter((consumer) => SERVER_DEPLOYMENTS[consumer]);

  test('refuses a role for an identity whose images reach no S3', () => {
    for (const consumer of S3_CONSUMERS.filter((c) => !release.s3Consumers.includes(c))) {
      expect(() => resolveConfig({ name: 'x', kfpVersion, iam: { roleArns: { [consumer]: role(consumer) } } }))
        .toThrow(new RegExp(`iam\\.roleArns\\.${consumer}: .* is not used: in KFP ${kfpVersion.replace(/\./g, '\\.')} the ${consumer} does not reach S3`));
    }
  });

  const describeWith = (mechanism: IamMechanism) => (mechanismsOf(release).includes(mechanism) ? describe : describe.skip);

  describeWith(IamMechanism.IRSA)('with IRSA', () => {
    const objects = mechanismsOf(release).includes(IamMechanism.IRSA) ? iamOverlay(release, IamMechanism.IRSA) : [];

    test('puts each consumer\'s role on its ServiceAccount and no other', () => {
      const annotated = objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.['eks.amazonaws.com/role-arn'])
        .map((o) => [o.metadata.name, o.metadata.annotations['eks.amazonaws.com/role-arn']]);
      expect(annotated.sort()).toEqual(release.s3Consumers.map((consumer) => [S3_CONSUMER_SERVICE_ACCOUNTS[consumer], role(consumer)]).sort());
    });

    test('runs each consumer\'s pods as the ServiceAccount its trust policy names', () => {
      for (const consumer of servers) {
        expect(findObject(objects, 'Deployment', SERVER_DEPLOYMENTS[consumer]!).spec.template.spec.serviceAccountName)
          .toBe(S3_CONSUMER_SERVICE_ACCOUNTS[consumer]);
      }
      expect(viewerTemplate(objects, release).spec.serviceAccountName).toBe(S3_CONSUMER_SERVICE_ACCOUNTS[S3Consumer.VIEWER]);
    });

    test('adds no kube2iam annotation to any pod', () => {
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        expect(deployment.spec.template.metadata.annotations?.[KEY]).toBeUndefined();
      }
      expect(viewerTemplate(objects, release).metadata).toBeUndefined();
    });
  });

  describeWith(IamMechanism.KUBE2IAM)('with kube2iam', () => {
    const objects = iamOverlay(release, IamMechanism.KUBE2IAM);

    test('puts each server\'s role on its pods, and on no other', () => {
      for (const consumer of servers) expect(podAnnotations(objects, SERVER_DEPLOYMENTS[consumer]!)[KEY]).toBe(role(consumer));
      const annotated = objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.[KEY]).map((o) => o.metadata.name);
      expect(annotated.sort()).toEqual(servers.map((consumer) => SERVER_DEPLOYMENTS[consumer]).sort());
    });

    test('puts the viewer\'s role in the viewer pod template, beside its spec', () => {
      expect(viewerTemplate(objects, release).metadata).toEqual({ annotations: { [KEY]: role('viewer') } });
    });

    test('puts the pipeline runner\'s role on the workflow pods where Argo has workflow defaults', () => {
      const data = findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data;
      if (release.argo.workflowDefaults) {
        expect((yaml.load(data.workflowDefaults) as any).spec.podMetadata).toEqual({ annotations: { [KEY]: role('pipelineRunner') } });
      } else {
        // Steps get kube2iam's default role, which deploy checks (README: known issues of the release).
        expect(Object.keys(data)).toEqual(['config']);
      }
    });

    test('annotates no ServiceAccount', () => {
      for (const sa of objects.filter((o) => o.kind === 'ServiceAccount')) expect(sa.metadata.annotations).toBeUndefined();
    });
  });

  test('the pipeline runner\'s ServiceAccount is the one the api server runs steps as', () => {
    const objects = renderInstall(resolveConfig({ name: 'x', kfpVersion })).map((o) => o.manifest);
    if (release.workloads === WorkloadLayout.PLAIN) {
      // the 2.x api server runs steps as pipeline-runner unless told otherwise; 0.x is told in its config file
      const config = JSON.parse(findObject(objects, 'ConfigMap', 'ml-pipeline-config').data['config.json']);
      expect(config.DefaultPipelineRunnerServiceAccount).toBe(S3_CONSUMER_SERVICE_ACCOUNTS[S3Consumer.PIPELINE_RUNNER]);
    }
    findObject(objects, 'ServiceAccount', S3_CONSUMER_SERVICE_ACCOUNTS[S3Consumer.PIPELINE_RUNNER]);
  });
});
