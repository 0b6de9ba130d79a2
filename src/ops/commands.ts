import type { KfpConfig, S3Config } from '../config';
import type { DeploymentManifests, ObjectRef } from '../layout/deployment-manifests';
import { s3EndpointUrl } from '../manifests/aws';
import { UI } from '../manifests/components/ui';

/** The optional variant argument of `install`, `diff` and `uninstall` of an install, as their usage shows it. */
export const variantUsage = (config: KfpConfig) => `[${config.variants.join('|')}]`;

/** `kind/name`, as kubectl takes an object. */
export const kubectlRef = (ref: ObjectRef) => `${ref.kind.toLowerCase()}/${ref.name}`;

/** The CRDs of `crds/`, as `kubectl wait` takes them. */
export function crdRefs(manifests: DeploymentManifests): string[] {
  return manifests.sharedObjects.filter((o) => o.kind === 'CustomResourceDefinition').map(kubectlRef);
}

/** Pods read Secrets and settings when they start. */
export const restartCommand = (namespace: string) => `kubectl -n ${namespace} rollout restart deployment`;

/** Opens the UI on http://localhost:8080. */
export const portForwardCommand = (namespace: string) => `kubectl -n ${namespace} port-forward svc/${UI} 8080:80`;

/** Creates the bucket of `s3` in its region (us-east-1 takes no location constraint). */
export const createBucketCommand = (s3: S3Config) =>
  `aws s3api create-bucket --bucket ${s3.bucket} --region ${s3.region}${s3.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${s3.region}`}${s3.customEndpoint ? ` --endpoint-url ${s3EndpointUrl(s3)}` : ''}`;
