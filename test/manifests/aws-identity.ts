import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { findObject, TestOptions } from '../util';

/** Options that give every S3 and credential setting a value distinct from its default. */
export const S3_OPTIONS: TestOptions = {
  namespace: 'team-kfp',
  bucket: 'kfp-test-bucket',
  region: 'eu-west-2',
  artifactPrefix: 'kfp/art',
  pipelinePrefix: 'kfp/pkg',
  accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'key-id', secretAccessKeyKey: 'key-secret' },
};

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/kfp-s3';
export const IRSA_OPTIONS: TestOptions = { ...S3_OPTIONS, iam: { mechanism: IamMechanism.IRSA, roleArn: ROLE_ARN } };

export const KUBE2IAM_KEY = 'kiam.example.com/role';
export const KUBE2IAM_OPTIONS: TestOptions = {
  ...S3_OPTIONS,
  iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-s3-role', kube2iamAnnotationKey: KUBE2IAM_KEY },
};

const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };

/** IRSA: the role on each ServiceAccount, nothing added to the pods of `deployment`. */
export function expectIrsa(objects: readonly any[], serviceAccounts: readonly string[], deployment: string) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations).toEqual(SAFE_TO_EVICT);
}

/** kube2iam: the role on the pods of `deployment`, nothing on the ServiceAccounts. */
export function expectKube2iam(objects: readonly any[], serviceAccounts: readonly string[], deployment: string) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toBeUndefined();
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations)
    .toEqual({ ...SAFE_TO_EVICT, [KUBE2IAM_KEY]: 'kfp-s3-role' });
}

/** Neither IRSA nor kube2iam: the base and the access-key overlay. */
export function expectNoRole(objects: readonly any[], serviceAccounts: readonly string[], deployment: string) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toBeUndefined();
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations).toEqual(SAFE_TO_EVICT);
}

/** Argo's artifact repository, which the UI must read archived logs back from. */
export function argoArtifactRepository(objects: readonly any[]): any {
  return yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.artifactRepository);
}
