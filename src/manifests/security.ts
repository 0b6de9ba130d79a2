import type * as k8s from 'cdk8s-plus-32/lib/imports/k8s';

/** Pod security context of upstream KFP 2.x workloads (Pod Security "restricted"). */
export const RESTRICTED_POD: k8s.PodSecurityContext = {
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Container security context of upstream KFP 2.x workloads. */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};
