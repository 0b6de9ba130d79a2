import * as path from 'path';
import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { findObject, kustomize, synthToDisk, TestOptions } from '../util';

const S3 = { bucket: 'mlpipeline-test', region: 'ap-southeast-1' };

function render(variant: 'base' | 'overlay/accesskey' | 'overlay/iam', options: TestOptions = {}) {
  return kustomize(path.join(synthToDisk({ ...S3, ...options }), variant));
}

function artifactRepository(objects: any[]) {
  return yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.artifactRepository) as any;
}

describe('Argo workflow controller', () => {
  test('runs the release\'s controller with the argoexec executor', () => {
    const deployment = findObject(render('base'), 'Deployment', 'workflow-controller');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.image).toBe('quay.io/argoproj/workflow-controller:v4.0.5');
    expect(container.args).toEqual(['--configmap', 'workflow-controller-configmap', '--executor-image', 'quay.io/argoproj/argoexec:v4.0.5', '--namespaced']);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('argo');
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('stores artifacts in the bucket through the regional endpoint', () => {
    const repo = artifactRepository(render('base'));
    expect(repo).toEqual({
      archiveLogs: true,
      s3: {
        endpoint: 's3.ap-southeast-1.amazonaws.com',
        bucket: 'mlpipeline-test',
        region: 'ap-southeast-1',
        insecure: false,
        // Fields the UI fills as Argo does when it reads a log back: not the workflow's name or creation date.
        keyFormat: 'artifacts/{{workflow.namespace}}/{{pod.name}}',
      },
    });
  });

  test('follows archiveLogs and artifactPrefix', () => {
    const repo = artifactRepository(render('base', { archiveLogs: false, artifactPrefix: 'kfp/art' }));
    expect(repo.archiveLogs).toBe(false);
    expect(repo.s3.keyFormat).toMatch(/^kfp\/art\//);
  });

  test('reads the access key from the Secret in overlay/accesskey', () => {
    const objects = render('overlay/accesskey', { accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' } });
    const repo = artifactRepository(objects);
    expect(repo.s3.accessKeySecret).toEqual({ name: 'aws-creds', key: 'id' });
    expect(repo.s3.secretKeySecret).toEqual({ name: 'aws-creds', key: 'secret' });
    expect(repo.s3.useSDKCreds).toBeUndefined();
    expect(repo.s3.bucket).toBe('mlpipeline-test');
  });

  test('uses IRSA on the controller and pipeline-runner service accounts in overlay/iam', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/kfp';
    const objects = render('overlay/iam', { iam: { mechanism: IamMechanism.IRSA, roleArn } });
    const repo = artifactRepository(objects);
    expect(repo.s3.useSDKCreds).toBe(true);
    expect(repo.s3.accessKeySecret).toBeUndefined();
    for (const sa of ['argo', 'pipeline-runner']) {
      expect(findObject(objects, 'ServiceAccount', sa).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
    }
    expect(findObject(objects, 'Deployment', 'workflow-controller').spec.template.metadata.annotations).toBeUndefined();
  });

  test('annotates the controller and every workflow pod for kube2iam in overlay/iam', () => {
    const objects = render('overlay/iam', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role', kube2iamAnnotationKey: 'kiam.io/role' } });
    const deployment = findObject(objects, 'Deployment', 'workflow-controller');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'kiam.io/role': 'kfp-role' });
    const defaults = yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.workflowDefaults) as any;
    expect(defaults.spec.podMetadata.annotations).toEqual({ 'kiam.io/role': 'kfp-role' });
    expect(findObject(objects, 'ServiceAccount', 'argo').metadata.annotations).toBeUndefined();
  });

  test('keeps keys and roles out of the base', () => {
    const objects = render('base');
    expect(JSON.stringify(objects)).not.toMatch(/secretKeySecret|useSDKCreds|role-arn|iam\.amazonaws\.com/);
  });
});
