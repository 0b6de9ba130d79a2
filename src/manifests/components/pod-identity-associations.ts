import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { roleBindings } from '../../iam/role-bindings';
import type { KfpComponentProps } from '../component';

/** The API of the ACK EKS controller's associations (aws-controllers-k8s/eks-controller v1.20.0). */
export const ACK_ASSOCIATION_API = { apiVersion: 'eks.services.k8s.aws/v1alpha1', kind: 'PodIdentityAssociation' } as const;

/**
 * The EKS Pod Identity associations of the IAM overlay as objects of the ACK EKS controller, which creates each in the
 * cluster `iam.clusterName` (`spec.clusterName`, `namespace`, `serviceAccount`, `roleARN`: the controller's CRD,
 * `config/crd/bases/eks.services.k8s.aws_podidentityassociations.yaml`). They exist in `overlay/iam` only.
 */
export class PodIdentityAssociations extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;
    if (props.variant !== 'iam') return;
    for (const binding of roleBindings(config)) {
      new ApiObject(this, binding.consumer, {
        ...ACK_ASSOCIATION_API,
        metadata: { name: binding.serviceAccount },
        spec: {
          clusterName: config.iam.clusterName,
          namespace: config.namespace,
          serviceAccount: binding.serviceAccount,
          roleARN: binding.role,
        },
      });
    }
  }
}
