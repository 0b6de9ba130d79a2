import type { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-32';
import type { Construct } from 'constructs';
import { plainServerDeployment } from '../../workload';

/** What {@link plainController} creates. */
export interface PlainControllerProps {
  /** Name of the Deployment, its `app` label and its container. */
  readonly app: string;
  readonly serviceAccountName: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly env: k8s.EnvVar[];
}

/** A KFP 0.x controller: one container named after its Deployment, which serves nothing and reaches no S3. */
export function plainController(scope: Construct, props: PlainControllerProps): ApiObject {
  const { app, serviceAccountName, ...container } = props;
  return plainServerDeployment(scope, { app, serviceAccountName, containers: [{ name: app, ...container }] });
}
