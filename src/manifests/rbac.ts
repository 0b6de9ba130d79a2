import type { k8s } from 'cdk8s-plus-32';
import type { Construct } from 'constructs';
import { rulesOf } from '../catalog';
import type { KfpConfig } from '../config';
import { KubeRole, KubeRoleBinding, KubeServiceAccount } from './kube';

/** What {@link boundRole} creates. */
export interface BoundRoleProps {
  /** Name of the Role; its rules come from the release's catalog entry of the same name. */
  readonly role: string;
  /** Name of the RoleBinding. */
  readonly binding: string;
  /** Who gets the Role. */
  readonly subject: k8s.Subject;
  /** Labels upstream puts on the Role and on the RoleBinding. */
  readonly roleLabels?: Record<string, string>;
  readonly bindingLabels?: Record<string, string>;
}

/** A Role with the release's rules, bound to one subject. */
export function boundRole(scope: Construct, config: KfpConfig, props: BoundRoleProps): void {
  new KubeRole(scope, 'Role', {
    metadata: { name: props.role, labels: props.roleLabels },
    rules: rulesOf(config.release, props.role),
  });
  new KubeRoleBinding(scope, 'RoleBinding', {
    metadata: { name: props.binding, labels: props.bindingLabels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.role },
    subjects: [props.subject],
  });
}

/** ServiceAccount `name` of the install, as a RoleBinding subject. */
export function serviceAccountSubject(config: KfpConfig, name: string): k8s.Subject {
  return { kind: 'ServiceAccount', name, namespace: config.namespace };
}

/** What {@link accountWithRole} creates. */
export interface AccountWithRoleProps extends Omit<BoundRoleProps, 'subject'> {
  /** Name of the ServiceAccount, the binding's subject. */
  readonly serviceAccount: string;
  /** Annotations of the ServiceAccount, such as IRSA's role. */
  readonly serviceAccountAnnotations?: Record<string, string>;
}

/** A ServiceAccount of the install, with a Role of the release's rules bound to it. */
export function accountWithRole(scope: Construct, config: KfpConfig, props: AccountWithRoleProps): void {
  const { serviceAccount, serviceAccountAnnotations, ...role } = props;
  new KubeServiceAccount(scope, 'ServiceAccount', { metadata: { name: serviceAccount, annotations: serviceAccountAnnotations } });
  boundRole(scope, config, { ...role, subject: serviceAccountSubject(config, serviceAccount) });
}
