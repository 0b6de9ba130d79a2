import type { k8s } from 'cdk8s-plus-32';

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

/** Container security context of the KFP 2.x images, which upstream runs as user 1000 in group 0. */
export const KFP_CONTAINER: k8s.SecurityContext = { ...RESTRICTED_CONTAINER, runAsUser: 1000, runAsGroup: 0 };
