import { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-32';
import type { Construct } from 'constructs';

/*
 * The Kubernetes objects of the components: cdk8s `ApiObject`s typed by the props of cdk8s-plus-32's L1 classes
 * (`k8s.KubeDeploymentProps`, ...), of which only the types are imported. Rendering, an L1 class (cdk8s-plus-32 2.5.92,
 * lib/imports/k8s.js) takes what `ApiObject.toJson()` renders from its props, every key sorted and undefined values
 * dropped, and copies each field in the schema's order, which is alphabetical: the same object, except that it drops
 * fields the schema lacks (the props types refuse them), writes an `IntOrString` or a `Quantity` as its `value` (see
 * {@link intOrString}) and gives about 30 fields whose TypeScript names differ from the API's their API names
 * (`openApiv3Schema` becomes `openAPIV3Schema`, `hostPid` `hostPID`, ...). Of those only a CRD's schema is used here,
 * written with the API's names ({@link CustomResourceDefinitionProps}); a field set under another TypeScript name
 * would render under that name, which test/manifests/kube.test.ts catches: it renders every release and wiring with
 * these kinds and with the L1 classes and compares. Loading the L1 classes cost about 120 ms of CPU per synthesis:
 * their 2.4 MB module, and the rest of cdk8s-plus-32 that its public `k8s` export loads with it.
 */

/** A kind of object: `new Kind(scope, id, props)` as with the L1 class of that kind. */
export type KubeKind<Props> = new (scope: Construct, id: string, props: Props) => ApiObject;

function kind<Props extends object>(apiVersion: string, kindName: string): KubeKind<Props> {
  return class extends ApiObject {
    constructor(scope: Construct, id: string, props: Props) {
      super(scope, id, { apiVersion, kind: kindName, ...props });
    }
  };
}

export const KubeConfigMap = kind<k8s.KubeConfigMapProps>('v1', 'ConfigMap');
export const KubeNamespace = kind<k8s.KubeNamespaceProps>('v1', 'Namespace');
export const KubePersistentVolumeClaim = kind<k8s.KubePersistentVolumeClaimProps>('v1', 'PersistentVolumeClaim');
export const KubeService = kind<k8s.KubeServiceProps>('v1', 'Service');
export const KubeServiceAccount = kind<k8s.KubeServiceAccountProps>('v1', 'ServiceAccount');
export const KubeDeployment = kind<k8s.KubeDeploymentProps>('apps/v1', 'Deployment');
export const KubeRole = kind<k8s.KubeRoleProps>('rbac.authorization.k8s.io/v1', 'Role');
export const KubeRoleBinding = kind<k8s.KubeRoleBindingProps>('rbac.authorization.k8s.io/v1', 'RoleBinding');
export const KubePriorityClass = kind<k8s.KubePriorityClassProps>('scheduling.k8s.io/v1', 'PriorityClass');
export const KubeCustomResourceDefinition = kind<CustomResourceDefinitionProps>('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
export const KubeMutatingWebhookConfiguration = kind<k8s.KubeMutatingWebhookConfigurationProps>('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration');

/**
 * The part of OpenAPI v3 schemas that the CRDs use, with the API's field names (the L1 props spell
 * `x-kubernetes-preserve-unknown-fields` as `xKubernetesPreserveUnknownFields`).
 */
export interface OpenApiSchema {
  readonly 'type': 'object' | 'string';
  readonly 'properties'?: Readonly<Record<string, OpenApiSchema>>;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** A CustomResourceDefinition's props: the L1's, with the schema of each version under its API name `openAPIV3Schema`. */
export interface CustomResourceDefinitionProps extends Omit<k8s.KubeCustomResourceDefinitionProps, 'spec'> {
  readonly spec: Omit<k8s.CustomResourceDefinitionSpec, 'versions'> & {
    readonly versions: Array<Omit<k8s.CustomResourceDefinitionVersion, 'schema'> & {
      readonly schema?: { readonly openAPIV3Schema: OpenApiSchema };
    }>;
  };
}

/**
 * A value of one of the L1 props' number-or-string unions that cdk8s renders as the value itself: `ApiObject.toJson()`
 * replaces an object with a `resolve()` method by what it returns (its `ImplicitTokenResolver`, cdk8s lib/resolve.js).
 */
class Literal {
  constructor(public readonly value: string | number) {}

  public resolve(): string | number {
    return this.value;
  }
}

/** A port by number or name (`k8s.IntOrString.fromNumber` or `.fromString`). */
export function intOrString(value: number | string): k8s.IntOrString {
  return new Literal(value);
}

/** A resource quantity such as `100m` or `1Gi` (`k8s.Quantity.fromString`). */
export function quantity(value: string): k8s.Quantity {
  return new Literal(value);
}
