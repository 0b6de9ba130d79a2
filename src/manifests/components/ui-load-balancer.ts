import { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import type { UiLoadBalancerConfig } from '../../config';
import type { KfpComponentProps } from '../component';
import { UI, UI_HEALTH_CHECK_PATH, UI_SERVICE_PORT } from './ui';

/** The Ingress of the UI, and the Role that lets the controller read the OIDC Secret. */
export const UI_INGRESS = UI;
export const OIDC_SECRET_READER = `${UI}-oidc-secret-reader`;
/** The IngressClass the AWS Load Balancer Controller's chart creates (`ingressClass: alb` in its values.yaml). */
export const ALB_INGRESS_CLASS = 'alb';

/**
 * The annotations of the AWS Load Balancer Controller, by suffix of `alb.ingress.kubernetes.io/`
 * (kubernetes-sigs/aws-load-balancer-controller v2.17.1, `pkg/annotations/constants.go`; values as
 * `docs/guide/ingress/annotations.md` gives them: strings, JSON for `listen-ports` and `auth-idp-*`, comma-separated
 * lists). The names and the chart's default of no Secret access are the same at v3.5.0.
 */
export const ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';

/** The Ingress's annotations: HTTPS on 443 with HTTP redirected to it, target type ip, the health check, the sign-in. */
export function ingressAnnotations(lb: UiLoadBalancerConfig): Record<string, string> {
  const annotations: Record<string, string | undefined> = {
    'scheme': lb.scheme,
    'target-type': 'ip',
    'listen-ports': JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
    // Every HTTP listener answers with a redirect to this port (annotations.md, `ssl-redirect`).
    'ssl-redirect': '443',
    'certificate-arn': lb.certificateArn,
    'healthcheck-path': UI_HEALTH_CHECK_PATH,
    'group.name': lb.groupName,
    'group.order': lb.groupOrder === undefined ? undefined : String(lb.groupOrder),
    'inbound-cidrs': lb.inboundCidrs.length > 0 ? lb.inboundCidrs.join(',') : undefined,
    'auth-type': lb.cognito ? 'cognito' : lb.oidc ? 'oidc' : 'none',
    // Field names of `AuthIDPConfigCognito` and `AuthIDPConfigOIDC` (`pkg/ingress/config_types.go`).
    'auth-idp-cognito': lb.cognito && JSON.stringify({
      userPoolARN: lb.cognito.userPoolArn,
      userPoolClientID: lb.cognito.userPoolClientId,
      userPoolDomain: lb.cognito.userPoolDomain,
    }),
    'auth-idp-oidc': lb.oidc && JSON.stringify({
      issuer: lb.oidc.issuer,
      authorizationEndpoint: lb.oidc.authorizationEndpoint,
      tokenEndpoint: lb.oidc.tokenEndpoint,
      userInfoEndpoint: lb.oidc.userInfoEndpoint,
      secretName: lb.oidc.secret.name,
    }),
  };
  return Object.fromEntries(Object.entries(annotations).filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => [`${ALB_ANNOTATION_PREFIX}/${key}`, value]));
}

/**
 * The UI behind an AWS Application Load Balancer (`uiLoadBalancer`): an Ingress of class `alb` to Service
 * `ml-pipeline-ui`, and with OIDC a Role and RoleBinding that let the controller read the client Secret, which it reads
 * from the Ingress's namespace (the controller's chart grants no Secret access unless `clusterSecretsPermissions.
 * allowAllSecrets`; `docs/examples/secrets_access.md` has this Role, limited to the Secret by name).
 */
export class UiLoadBalancer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const lb = props.config.uiLoadBalancer;
    if (!lb) return;
    const path: k8s.HttpIngressPath = {
      path: '/',
      pathType: 'Prefix',
      backend: { service: { name: UI, port: { number: UI_SERVICE_PORT } } },
    };
    const spec: k8s.IngressSpec = {
      ingressClassName: ALB_INGRESS_CLASS,
      rules: [{ ...(lb.host ? { host: lb.host } : {}), http: { paths: [path] } }],
    };
    new ApiObject(this, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: UI_INGRESS, labels: { app: UI }, annotations: ingressAnnotations(lb) },
      spec,
    });
    if (lb.oidc) secretReader(this, lb);
  }
}

function secretReader(scope: Construct, lb: UiLoadBalancerConfig) {
  const rules: k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['secrets'], resourceNames: [lb.oidc!.secret.name], verbs: ['get', 'list', 'watch'] }];
  new ApiObject(scope, 'Role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: OIDC_SECRET_READER, labels: { app: UI } },
    rules,
  });
  const subject: k8s.Subject = { kind: 'ServiceAccount', name: lb.controller.serviceAccount, namespace: lb.controller.namespace };
  new ApiObject(scope, 'RoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: OIDC_SECRET_READER, labels: { app: UI } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: OIDC_SECRET_READER },
    subjects: [subject],
  });
}
