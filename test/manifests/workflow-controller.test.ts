import * as path from 'path';
import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { findRelease, KfpRelease, S3Consumer, WorkloadLayout } from '../../src/catalog';
import { findObject, kustomize, mechanismsOf, releasesWhere, releasesWith, synthToDisk, TestOptions } from '../util';
import { renderRepoOnce, RenderedRepo } from './wiring';

const S3 = { bucket: 'mlpipeline-test', region: 'ap-southeast-1' };
const ACCESS_KEY = { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/kfp';
const KUBE2IAM_KEY = 'kiam.io/role';
const IAM: Record<IamMechanism, TestOptions['iam']> = {
  [IamMechanism.IRSA]: { mechanism: IamMechanism.IRSA, roleArn: ROLE_ARN },
  [IamMechanism.KUBE2IAM]: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role', kube2iamAnnotationKey: KUBE2IAM_KEY },
  [IamMechanism.POD_IDENTITY]: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE_ARN, clusterName: 'ml-prod' },
};
const CONFIG_MAP = 'workflow-controller-configmap';

/** The repo of `release` with `mechanism` in overlay/iam and the access key of ACCESS_KEY in overlay/accesskey. */
const repoOf = (release: KfpRelease, mechanism: IamMechanism): RenderedRepo =>
  renderRepoOnce({ ...S3, kfpVersion: release.version, accessKey: ACCESS_KEY, iam: IAM[mechanism] });

/** One folder of a repo with `options`, for options that only the base shows. */
function render(variant: 'base', options: TestOptions) {
  return kustomize(path.join(synthToDisk({ ...S3, ...options }), variant));
}

/** Argo's `artifactRepository`: a key of its own (Argo 3 and later), or in the one `config` key (Argo 2). */
function artifactRepository(objects: readonly any[]): any {
  const data = findObject(objects, 'ConfigMap', CONFIG_MAP).data;
  return data.artifactRepository ? yaml.load(data.artifactRepository) : (yaml.load(data.config) as any).artifactRepository;
}

/** Where Argo puts the keys of `prefix`, in the layout the release's UI reads archived logs back from. */
function keysUnder(release: KfpRelease, prefix: string): Record<string, string> {
  // Fields the UI fills as Argo does when it reads a log back: not the workflow's name or creation date.
  return release.argo.archiveKeys === 'keyFormat' ? { keyFormat: `${prefix}/{{workflow.namespace}}/{{pod.name}}` } : { keyPrefix: prefix };
}

describe.each(releasesWith('workflow-controller'))('KFP %s Argo workflow controller', (kfpVersion, release) => {
  const mechanisms = mechanismsOf(release);
  const repo = () => repoOf(release, mechanisms[0]);

  test('runs the release\'s controller with the release\'s executor', () => {
    const deployment = findObject(repo().base, 'Deployment', 'workflow-controller');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.image).toBe(release.images.workflowController);
    expect(container.args.slice(0, 4)).toEqual(['--configmap', CONFIG_MAP, '--executor-image', release.images.argoExecutor]);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('argo');
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('stores artifacts in the bucket through the release\'s S3 endpoint, with the key layout its UI reads logs back from', () => {
    const endpoint = release.argo.awsEndpoint === 'regional' ? 's3.ap-southeast-1.amazonaws.com' : 's3.amazonaws.com';
    expect(artifactRepository(repo().base)).toEqual({
      archiveLogs: true,
      s3: { endpoint, bucket: 'mlpipeline-test', region: 'ap-southeast-1', insecure: false, ...keysUnder(release, 'artifacts') },
    });
  });

  test('follows archiveLogs and artifactPrefix', () => {
    const repository = artifactRepository(render('base', { kfpVersion, archiveLogs: false, artifactPrefix: 'kfp/art' }));
    expect(repository.archiveLogs).toBe(false);
    if (release.argo.archiveKeys === 'keyFormat') expect(repository.s3.keyFormat).toMatch(/^kfp\/art\//);
    else expect(repository.s3.keyPrefix).toBe('kfp/art');
  });

  test('reads the access key from the Secret in overlay/accesskey', () => {
    const repository = artifactRepository(repo().accesskey);
    expect(repository.s3.accessKeySecret).toEqual({ name: 'aws-creds', key: 'id' });
    expect(repository.s3.secretKeySecret).toEqual({ name: 'aws-creds', key: 'secret' });
    expect(repository.s3.useSDKCreds).toBeUndefined();
    expect(repository.s3.bucket).toBe('mlpipeline-test');
  });

  test.each(mechanisms.map((m) => [m]))('in overlay/iam with %s, takes no key and lets the SDK chain find credentials where Argo can', (mechanism) => {
    const repository = artifactRepository(repoOf(release, mechanism).iam);
    expect(repository.s3.accessKeySecret).toBeUndefined();
    expect(repository.s3.secretKeySecret).toBeUndefined();
    expect(repository.s3.useSDKCreds).toBe(release.argo.sdkCredentials ? true : undefined);
  });

  test('keeps keys and roles out of the base', () => {
    expect(JSON.stringify(repo().base)).not.toMatch(/secretKeySecret|useSDKCreds|role-arn|iam\.amazonaws\.com|kiam\.io/);
  });
});

/** The releases with a workflow controller whose S3 clients can use `mechanism`. */
const releasesWithMechanism = (mechanism: IamMechanism) =>
  releasesWhere((r) => r.components.includes('workflow-controller') && mechanismsOf(r).includes(mechanism));

describe.each(releasesWithMechanism(IamMechanism.IRSA))('KFP %s Argo workflow controller with IRSA', (_version, release) => {
  /** Whether the controller itself reaches S3 (Argo 3 and later), or only the executor in the step pods (Argo 2.3). */
  const reachesS3 = release.s3Consumers.includes(S3Consumer.WORKFLOW_CONTROLLER);

  test('uses IRSA on the ServiceAccounts of the controller (where it reaches S3) and of pipeline-runner in overlay/iam', () => {
    const objects = repoOf(release, IamMechanism.IRSA).iam;
    expect(findObject(objects, 'ServiceAccount', 'pipeline-runner').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(findObject(objects, 'ServiceAccount', 'argo').metadata.annotations).toEqual(reachesS3 ? { 'eks.amazonaws.com/role-arn': ROLE_ARN } : undefined);
    expect(findObject(objects, 'Deployment', 'workflow-controller').spec.template.metadata.annotations).toBeUndefined();
  });
});

describe.each(releasesWithMechanism(IamMechanism.KUBE2IAM))('KFP %s Argo workflow controller with kube2iam', (_version, release) => {
  /** Whether the controller itself reaches S3 (Argo 3 and later), or only the executor in the step pods (Argo 2.3). */
  const reachesS3 = release.s3Consumers.includes(S3Consumer.WORKFLOW_CONTROLLER);

  test('annotates the controller (where it reaches S3) and, where Argo has workflow defaults, every workflow pod for kube2iam in overlay/iam', () => {
    const objects = repoOf(release, IamMechanism.KUBE2IAM).iam;
    const deployment = findObject(objects, 'Deployment', 'workflow-controller');
    expect(deployment.spec.template.metadata.annotations).toEqual(reachesS3 ? { [KUBE2IAM_KEY]: 'kfp-role' } : undefined);
    const data = findObject(objects, 'ConfigMap', CONFIG_MAP).data;
    if (release.argo.workflowDefaults) {
      const defaults = yaml.load(data.workflowDefaults) as any;
      expect(defaults.spec.podMetadata.annotations).toEqual({ [KUBE2IAM_KEY]: 'kfp-role' });
    } else {
      expect(data).not.toHaveProperty('workflowDefaults');
      expect(JSON.stringify(artifactRepository(objects))).not.toContain(KUBE2IAM_KEY);
    }
    expect(findObject(objects, 'ServiceAccount', 'argo').metadata.annotations).toBeUndefined();
  });
});

test.each(releasesWith('workflow-controller', WorkloadLayout.RESTRICTED))('KFP %s Argo workflow controller watches the install\'s namespace only, by flag', (_version, release) => {
  const [container] = findObject(repoOf(release, mechanismsOf(release)[0]).base, 'Deployment', 'workflow-controller').spec.template.spec.containers;
  expect(container.args).toEqual(['--configmap', CONFIG_MAP, '--executor-image', release.images.argoExecutor, '--namespaced']);
});

test('KFP 2.17.0 runs Argo v4.0.5\'s controller and executor', () => {
  const { images } = findRelease('2.17.0')!;
  expect([images.workflowController, images.argoExecutor])
    .toEqual(['quay.io/argoproj/workflow-controller:v4.0.5', 'quay.io/argoproj/argoexec:v4.0.5']);
});
