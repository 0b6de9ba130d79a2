import type { Problems } from './collisions';
import { dnsLabelProblem, dnsSubdomainProblem } from './validation';
import { LoadBalancerScheme, UiCognitoOptions, UiLoadBalancerOptions, UiOidcOptions } from '../ui-load-balancer-options';

/** The OIDC client of the load balancer: the endpoints, and the Secret the user creates with the client's ID and secret. */
export interface UiOidcConfig extends Required<Omit<UiOidcOptions, 'secretName'>> {
  readonly secret: {
    readonly name: string;
    /**
     * The keys the AWS Load Balancer Controller reads (`shared_constants.OIDCSecretKeyClientID`, `...ClientSecret`, read
     * in `pkg/ingress/model_build_actions.go` at v2.17.1).
     */
    readonly clientIdKey: 'clientID';
    readonly clientSecretKey: 'clientSecret';
  };
}

/** `uiLoadBalancer` of an install, with its defaults applied and checked. */
export interface UiLoadBalancerConfig {
  readonly certificateArn: string;
  readonly scheme: LoadBalancerScheme;
  readonly host?: string;
  readonly groupName?: string;
  readonly groupOrder?: number;
  readonly inboundCidrs: readonly string[];
  /** Exactly one of `cognito` and `oidc`, or neither with `allowUnauthenticated`. */
  readonly cognito?: Required<UiCognitoOptions>;
  readonly oidc?: UiOidcConfig;
  readonly allowUnauthenticated: boolean;
  /** The controller's ServiceAccount, which reads the OIDC Secret. */
  readonly controller: { readonly namespace: string; readonly serviceAccount: string };
}

export const DEFAULT_OIDC_SECRET = 'ml-pipeline-ui-oidc';

type Problem = (option: string, text: string) => void;

/** ACM certificate ARN (`arn:<partition>:acm:<region>:<account>:certificate/<id>`). */
const CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** Cognito user pool ARN: the pool ID is `<region>_<id>`. */
const USER_POOL_ARN = /^arn:aws(-cn|-us-gov)?:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/;
/** A Cognito app client ID (CreateUserPoolClient: `[\w+]+`, at most 128). */
const CLIENT_ID = /^[\w+]{1,128}$/;
/** The controller's group name rule (annotations.md, `group.name`): lower-case alphanumerics, `-` and `.`, at most 63. */
const GROUP_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

/**
 * `uiLoadBalancer` of one install, checked: each problem is reported as `problem(<option path>, <text>)`. `undefined`
 * when the option is not set.
 */
export function resolveUiLoadBalancer(options: UiLoadBalancerOptions | undefined, problem: Problem): UiLoadBalancerConfig | undefined {
  if (options === undefined) return undefined;
  const at = (field: string) => `uiLoadBalancer.${field}`;
  const check = (field: string, value: string, why: (v: string) => string | undefined) => {
    const text = why(value);
    if (text) problem(at(field), `${JSON.stringify(value)} ${text}`);
  };

  if (options.certificateArn === undefined) {
    problem(at('certificateArn'), 'is required: the listener serves HTTPS with an ACM certificate, and the load balancer authenticates only on HTTPS');
  } else {
    check('certificateArn', options.certificateArn, (v) => (CERTIFICATE_ARN.test(v) ? undefined
      : 'is not an ACM certificate ARN such as "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"'));
  }
  if (options.host !== undefined) check('host', options.host, hostNameProblem);
  if (options.groupName !== undefined) {
    check('groupName', options.groupName, (v) => (v.length <= 63 && GROUP_NAME.test(v) ? undefined
      : 'is not an IngressGroup name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 63 characters)'));
  }
  if (options.groupOrder !== undefined) {
    const order = options.groupOrder;
    if (options.groupName === undefined) problem(at('groupOrder'), 'orders the rules of an IngressGroup: set groupName too, or remove groupOrder');
    else if (!Number.isInteger(order) || order < -1000 || order > 1000) problem(at('groupOrder'), `${order} is not a whole number from -1000 to 1000`);
  }
  (options.inboundCidrs ?? []).forEach((cidr, i) => check(`inboundCidrs[${i}]`, cidr, (v) => (IPV4_CIDR.test(v) || IPV6_CIDR.test(v) ? undefined
    : 'is not a CIDR range such as "10.0.0.0/16"')));
  if (options.controllerServiceAccount !== undefined) check('controllerServiceAccount', options.controllerServiceAccount, dnsSubdomainProblem);
  if (options.controllerNamespace !== undefined) check('controllerNamespace', options.controllerNamespace, dnsLabelProblem);

  const { cognito, oidc } = options;
  const allowUnauthenticated = options.allowUnauthenticated ?? false;
  if (cognito && oidc) problem(at('oidc'), 'and uiLoadBalancer.cognito are both set: the listener authenticates with one identity provider; keep one');
  if ((cognito || oidc) && allowUnauthenticated) {
    problem(at('allowUnauthenticated'), `is true, but uiLoadBalancer.${cognito ? 'cognito' : 'oidc'} authenticates the listener: remove allowUnauthenticated`);
  }
  if (!cognito && !oidc && !allowUnauthenticated) {
    problem('uiLoadBalancer', 'has no authentication: set uiLoadBalancer.cognito or uiLoadBalancer.oidc. KFP\'s API has no authentication of its own, '
      + 'and the UI passes every API call on, so whoever reaches the load balancer could create runs that use the pipeline runner\'s IAM role and S3 access. '
      + 'If something else guards the load balancer, set uiLoadBalancer.allowUnauthenticated to true to say so');
  }
  if (cognito) {
    check('cognito.userPoolArn', cognito.userPoolArn ?? '', (v) => (USER_POOL_ARN.test(v) ? undefined
      : 'is not a Cognito user pool ARN such as "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEfGhI"'));
    check('cognito.userPoolClientId', cognito.userPoolClientId ?? '', (v) => (CLIENT_ID.test(v) ? undefined : 'is not a Cognito app client ID (letters, digits, "_" and "+")'));
    check('cognito.userPoolDomain', cognito.userPoolDomain ?? '', userPoolDomainProblem);
  }
  if (oidc) {
    for (const field of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
      check(`oidc.${field}`, oidc[field] ?? '', httpsUrlProblem);
    }
    if (oidc.secretName !== undefined) check('oidc.secretName', oidc.secretName, dnsSubdomainProblem);
  }

  return {
    certificateArn: options.certificateArn,
    scheme: options.scheme ?? LoadBalancerScheme.INTERNAL,
    host: options.host,
    groupName: options.groupName,
    groupOrder: options.groupOrder,
    inboundCidrs: options.inboundCidrs ?? [],
    cognito: cognito && { userPoolArn: cognito.userPoolArn, userPoolClientId: cognito.userPoolClientId, userPoolDomain: cognito.userPoolDomain },
    oidc: oidc && {
      issuer: oidc.issuer,
      authorizationEndpoint: oidc.authorizationEndpoint,
      tokenEndpoint: oidc.tokenEndpoint,
      userInfoEndpoint: oidc.userInfoEndpoint,
      secret: { name: oidc.secretName ?? DEFAULT_OIDC_SECRET, clientIdKey: 'clientID', clientSecretKey: 'clientSecret' },
    },
    allowUnauthenticated,
    controller: {
      namespace: options.controllerNamespace ?? 'kube-system',
      serviceAccount: options.controllerServiceAccount ?? 'aws-load-balancer-controller',
    },
  };
}

/** An Ingress rule's host: a lower-case DNS name, optionally with a leading `*.` (Kubernetes `IngressRule.host`). */
function hostNameProblem(value: string): string | undefined {
  const name = value.startsWith('*.') ? value.slice(2) : value;
  if (/^\d+(\.\d+){3}$/.test(name) || !name.includes('.') || dnsSubdomainProblem(name)) {
    return 'is not a host name such as "kfp.example.com" (lower-case, no scheme, port or IP address)';
  }
  return undefined;
}

/**
 * A Cognito domain as the controller takes it: for a Cognito domain its prefix, not the full name nor a URL
 * (annotations.md, `auth-idp-cognito`); a custom domain by its full name.
 */
function userPoolDomainProblem(value: string): string | undefined {
  if (/^https?:\/\//.test(value)) return 'is a URL: give the domain prefix ("my-domain") or a custom domain\'s name, without https://';
  if (value.endsWith('.amazoncognito.com')) return `is a Cognito domain's full name: give its prefix ("${value.split('.')[0]}")`;
  return dnsSubdomainProblem(value) ? 'is neither a Cognito domain prefix nor a domain name' : undefined;
}

/** An `https://` URL, as the load balancer requires of the identity provider's endpoints. */
function httpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL such as "https://idp.example.com/oauth2/token"';
  }
  return url.protocol === 'https:' ? undefined : 'must be an https:// URL: the load balancer talks to the identity provider over TLS only';
}

/** What {@link checkUiLoadBalancers} reads of an install. */
type InstallLoadBalancer = { readonly uiLoadBalancer?: UiLoadBalancerConfig; readonly optionPrefix: string };

/**
 * Installs whose load balancers would clash: the same host twice, or installs in one IngressGroup (one load balancer)
 * that the controller cannot merge: a rule without a host, which would take every request of the group, or settings the
 * controller takes from one Ingress of the group only (`scheme`, and `inbound-cidrs` per port: "conflicting scheme",
 * "conflicting inbound-cidrs" in `pkg/ingress/model_build_load_balancer.go` and `model_builder.go` at v2.17.1).
 */
export function checkUiLoadBalancers(installs: readonly InstallLoadBalancer[], problems: Problems) {
  const withLb = installs.filter((install) => install.uiLoadBalancer);
  const name = (prefix: string) => (prefix === '' ? 'the top-level install' : prefix.slice(0, -1));
  withLb.forEach((install, i) => {
    const lb = install.uiLoadBalancer!;
    for (const other of withLb.slice(0, i)) {
      const theirs = other.uiLoadBalancer!;
      const where = `${install.optionPrefix}uiLoadBalancer`;
      if (lb.host !== undefined && lb.host === theirs.host) {
        problems.add(`${where}.host: ${JSON.stringify(lb.host)} is also the host of ${name(other.optionPrefix)}; a host name points to one load balancer and rule: give each install its own`);
      }
      if (lb.groupName === undefined || lb.groupName !== theirs.groupName) continue;
      const group = `shares IngressGroup ${JSON.stringify(lb.groupName)} with ${name(other.optionPrefix)}`;
      if (lb.host === undefined || theirs.host === undefined) {
        problems.add(`${where}.host: is required: the install ${group}, and a rule without a host would take the requests of every install in it`);
      }
      if (lb.scheme !== theirs.scheme) {
        problems.add(`${where}.scheme: ${JSON.stringify(lb.scheme)} differs from ${JSON.stringify(theirs.scheme)}: the install ${group}, and one load balancer has one scheme`);
      }
      if ([...lb.inboundCidrs].sort().join() !== [...theirs.inboundCidrs].sort().join()) {
        problems.add(`${where}.inboundCidrs: differ from those of ${name(other.optionPrefix)}: the install ${group}, and the load balancer admits one set of ranges per port; give both the same`);
      }
    }
  });
}
