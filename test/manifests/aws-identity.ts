import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { KfpRelease, WorkloadLayout } from '../../src/catalog';
import { findObject, mechanismsOf, TestOptions } from '../util';

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

export const POD_IDENTITY_OPTIONS: TestOptions = {
  ...S3_OPTIONS,
  iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE_ARN, clusterName: 'ml-prod' },
};

/** The options of each mechanism: {@link IRSA_OPTIONS}, {@link KUBE2IAM_OPTIONS}, {@link POD_IDENTITY_OPTIONS}. */
export const MECHANISM_OPTIONS: Readonly<Record<IamMechanism, TestOptions>> = {
  [IamMechanism.IRSA]: IRSA_OPTIONS,
  [IamMechanism.KUBE2IAM]: KUBE2IAM_OPTIONS,
  [IamMechanism.POD_IDENTITY]: POD_IDENTITY_OPTIONS,
};

/** The options of each mechanism `release` supports, IRSA first where it has it, with `kfpVersion` and `extra`. */
export function mechanismOptions(release: KfpRelease, extra: TestOptions = {}): Array<[IamMechanism, TestOptions]> {
  return mechanismsOf(release).map((mechanism) => [mechanism, { ...MECHANISM_OPTIONS[mechanism], kfpVersion: release.version, ...extra }]);
}

const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };

/**
 * The annotations the server pods of a layout carry whatever the credentials: the KFP 2.x pods may be evicted by the
 * cluster autoscaler, the KFP 0.x pods carry none.
 */
const POD_ANNOTATIONS: Readonly<Record<WorkloadLayout, Readonly<Record<string, string>> | undefined>> = {
  [WorkloadLayout.RESTRICTED]: SAFE_TO_EVICT,
  [WorkloadLayout.PLAIN]: undefined,
};

/** IRSA: the role on each ServiceAccount, nothing added to the pods of `deployment`. */
export function expectIrsa(objects: readonly any[], serviceAccounts: readonly string[], deployment: string, release: KfpRelease) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations).toEqual(POD_ANNOTATIONS[release.workloads]);
}

/** kube2iam: the role on the pods of `deployment`, nothing on the ServiceAccounts. */
export function expectKube2iam(objects: readonly any[], serviceAccounts: readonly string[], deployment: string, release: KfpRelease) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toBeUndefined();
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations)
    .toEqual({ ...POD_ANNOTATIONS[release.workloads], [KUBE2IAM_KEY]: 'kfp-s3-role' });
}

/** Neither IRSA nor kube2iam: the base and the access-key overlay. */
export function expectNoRole(objects: readonly any[], serviceAccounts: readonly string[], deployment: string, release: KfpRelease) {
  for (const name of serviceAccounts) {
    expect(findObject(objects, 'ServiceAccount', name).metadata.annotations).toBeUndefined();
  }
  expect(findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations).toEqual(POD_ANNOTATIONS[release.workloads]);
}

/** `expectIrsa`, `expectKube2iam`, or for EKS Pod Identity (associations outside the manifests) `expectNoRole`. */
export function expectRole(
  mechanism: IamMechanism, objects: readonly any[], serviceAccounts: readonly string[], deployment: string, release: KfpRelease,
) {
  const expectations: Record<IamMechanism, typeof expectIrsa> = {
    [IamMechanism.IRSA]: expectIrsa,
    [IamMechanism.KUBE2IAM]: expectKube2iam,
    [IamMechanism.POD_IDENTITY]: expectNoRole,
  };
  expectations[mechanism](objects, serviceAccounts, deployment, release);
}

/** Argo's artifact repository, which the UI must read archived logs back from. */
export function argoArtifactRepository(objects: readonly any[]): any {
  return yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.artifactRepository);
}
