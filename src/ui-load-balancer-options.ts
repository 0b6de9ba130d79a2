/**
 * Whether the UI's load balancer has an address on the internet or only inside the VPC.
 */
export enum LoadBalancerScheme {
  /** Only inside the VPC (and networks connected to it): the AWS Load Balancer Controller's default. */
  INTERNAL = 'internal',
  /** A public address: anyone on the internet reaches its listeners, where only its authentication stops them. */
  INTERNET_FACING = 'internet-facing',
}

/**
 * The KFP UI behind an AWS Application Load Balancer: an Ingress of class `alb` for the AWS Load Balancer Controller
 * (which must run in the cluster), with HTTPS on an ACM certificate, HTTP redirected to HTTPS, and sign-in through
 * Amazon Cognito or an OIDC identity provider on the listener. KFP's API has no authentication of its own: whoever
 * passes the load balancer can create runs with the pipeline runner's IAM role, so one of `cognito` and `oidc` is
 * required unless `allowUnauthenticated` says otherwise.
 */
export interface UiLoadBalancerOptions {
  /**
   * The ACM certificate of the HTTPS listener, in the region of the cluster (`arn:aws:acm:<region>:<account>:certificate/<id>`), covering `host`.
   */
  readonly certificateArn: string;
  /**
   * Internal (reachable from the VPC and networks connected to it) or internet-facing.
   * @default LoadBalancerScheme.INTERNAL
   */
  readonly scheme?: LoadBalancerScheme;
  /**
   * The host name the UI answers on (the Ingress rule's `host`); point a DNS record at the load balancer. Required when installs share `groupName`.
   * @default - every host name: the rule matches any request to the load balancer
   */
  readonly host?: string;
  /**
   * An IngressGroup (`alb.ingress.kubernetes.io/group.name`): Ingresses with the same group share one load balancer, each rule under its host. Anyone allowed to create Ingresses in the cluster can join a group and add rules to its load balancer.
   * @default - a load balancer of the install's own
   */
  readonly groupName?: string;
  /**
   * Where the install's rules come among those of the group (`alb.ingress.kubernetes.io/group.order`, -1000 to 1000, lowest first); only with `groupName`.
   * @default - 0, the controller's default: rules of equal order are sorted by namespace and Ingress name
   */
  readonly groupOrder?: number;
  /**
   * The CIDR ranges the load balancer's security group admits (`alb.ingress.kubernetes.io/inbound-cidrs`), such as your VPN's. Installs that share `groupName` must give the same ranges.
   * @default - the controller's default: 0.0.0.0/0 (every address that can route to the load balancer)
   */
  readonly inboundCidrs?: string[];
  /**
   * Sign-in through an Amazon Cognito user pool.
   * @default - none; then `oidc`, or `allowUnauthenticated`
   */
  readonly cognito?: UiCognitoOptions;
  /**
   * Sign-in through an OpenID Connect identity provider; its client ID and secret are in a Secret you create (`scripts/create-oidc-secret.sh`).
   * @default - none; then `cognito`, or `allowUnauthenticated`
   */
  readonly oidc?: UiOidcOptions;
  /**
   * Render the load balancer without `cognito` or `oidc`: whoever reaches it can use the UI and, through it, KFP's API, which has no authentication of its own, and create runs with the pipeline runner's IAM role and S3 access. Only for a load balancer that something else guards.
   * @default false - a listener without authentication is refused
   */
  readonly allowUnauthenticated?: boolean;
  /**
   * The ServiceAccount of the AWS Load Balancer Controller, which a Role of the install lets read the OIDC Secret (the controller's chart grants no Secret access by default).
   * @default "aws-load-balancer-controller"
   */
  readonly controllerServiceAccount?: string;
  /**
   * The namespace of the AWS Load Balancer Controller.
   * @default "kube-system"
   */
  readonly controllerNamespace?: string;
}

/**
 * An Amazon Cognito user pool that signs users in on the load balancer (`alb.ingress.kubernetes.io/auth-idp-cognito`).
 */
export interface UiCognitoOptions {
  /**
   * The ARN of the user pool (`arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>`).
   */
  readonly userPoolArn: string;
  /**
   * The ID of the user pool's app client, whose allowed callback URLs include `https://<host>/oauth2/idpresponse`.
   */
  readonly userPoolClientId: string;
  /**
   * The user pool's domain: the prefix of a Cognito domain (`my-domain`, not `my-domain.auth.<region>.amazoncognito.com`), or a custom domain's full name.
   */
  readonly userPoolDomain: string;
}

/**
 * An OpenID Connect identity provider that signs users in on the load balancer (`alb.ingress.kubernetes.io/auth-idp-oidc`).
 */
export interface UiOidcOptions {
  /**
   * The issuer, an `https://` URL.
   */
  readonly issuer: string;
  /**
   * The authorization endpoint, an `https://` URL.
   */
  readonly authorizationEndpoint: string;
  /**
   * The token endpoint, an `https://` URL.
   */
  readonly tokenEndpoint: string;
  /**
   * The user info endpoint, an `https://` URL.
   */
  readonly userInfoEndpoint: string;
  /**
   * The Secret in the install's namespace that holds the client's `clientID` and `clientSecret`; `scripts/create-oidc-secret.sh` creates it from values you give.
   * @default "ml-pipeline-ui-oidc"
   */
  readonly secretName?: string;
}
