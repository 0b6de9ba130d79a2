import { code, codeBlock, note } from '../markdown';
import type { ReadmeContext } from './common';
import type { KfpConfig } from '../../config';
import { API_SERVER } from '../../manifests/components/api-server';
import { UI, UI_HEALTH_CHECK_PATH } from '../../manifests/components/ui';
import { ALB_INGRESS_CLASS, UI_INGRESS } from '../../manifests/components/ui-load-balancer';
import { portForwardCommand } from '../../ops/commands';
import { scriptOf } from '../../ops/paths';

/** The section's title, which other sections and scripts may point to. */
export const UI_ACCESS_SECTION = 'Reaching the UI and the API';

/** What the ALB calls its session cookie (the controller's default `auth-session-cookie`, `pkg/ingress/auth_config_builder.go` at v2.17.1). */
const SESSION_COOKIE = 'AWSELBAuthSessionCookie';
/** The controller's default `auth-session-timeout`, in seconds (same file). */
const SESSION_TIMEOUT_DAYS = 604800 / 86400;

/**
 * How users reach the UI and the API: the warning that KFP's API authenticates no one, port-forward, the load balancer
 * of `uiLoadBalancer`, and how a data scientist connects the KFP SDK and runs a first pipeline, for the SDK of the
 * install's release.
 */
export function uiAccess({ config }: ReadmeContext): string[] {
  const { namespace } = config;
  const lb = config.uiLoadBalancer;
  return [
    `## ${UI_ACCESS_SECTION}`,
    '',
    note('Kubeflow Pipelines\' API has no authentication of its own.', `This standalone install checks no user: whoever reaches the UI (Service ${code(UI)}) `
      + `or the api server (Service ${code(API_SERVER)}) can list, create and delete pipelines and runs, and every run executes with the pipeline runner's `
      + 'IAM role or access key, with its S3 access to the bucket. Keep both inside the cluster and reach them by port-forward, which takes kubectl access to '
      + `namespace ${code(namespace)}, or put the UI behind a load balancer that signs users in (\`uiLoadBalancer\`): its sign-in is then the only gate. `
      + 'Never expose either Service without one.'),
    '',
    '### Port-forward',
    '',
    ...codeBlock([`${portForwardCommand(namespace)}   # then open http://localhost:8080`]),
    '',
    'The UI passes the API on (`/apis/v1beta1/...`, `/apis/v2beta1/...` in 2.x) to the api server, so the KFP SDK connects to',
    'the same address: `kfp.Client(host=\'http://localhost:8080\')`.',
    '',
    ...(lb ? loadBalancer(config) : [
      'To reach the UI without kubectl, set `uiLoadBalancer` in `.projenrc.ts`: an Ingress for the AWS Load Balancer Controller',
      'with HTTPS on an ACM certificate and Cognito or OIDC sign-in.',
      '',
    ]),
    ...firstPipeline(config),
  ];
}

function loadBalancer(config: KfpConfig): string[] {
  const lb = config.uiLoadBalancer!;
  const { namespace, root } = config;
  const host = lb.host ?? '<the load balancer\'s DNS name>';
  const signIn = lb.cognito ? `Amazon Cognito (user pool ${code(lb.cognito.userPoolArn)})`
    : lb.oidc ? `your OIDC identity provider ${code(lb.oidc.issuer)}` : undefined;
  return [
    '### Through the load balancer',
    '',
    `\`base/ui-load-balancer/\` has Ingress ${code(UI_INGRESS)} of class ${code(ALB_INGRESS_CLASS)}: the AWS Load Balancer Controller, which must run in the`,
    `cluster, creates an ${lb.scheme} Application Load Balancer${lb.groupName ? ` (IngressGroup ${code(lb.groupName)}, shared with every Ingress of that group)` : ''}`,
    `with HTTPS on ${code(lb.certificateArn)}, HTTP redirected to HTTPS, the UI's pods as targets (by IP) and`,
    `${code(UI_HEALTH_CHECK_PATH)} as health check, which the UI server answers itself.`,
    ...(lb.inboundCidrs.length > 0 ? [`Its security group admits ${lb.inboundCidrs.map(code).join(', ')} only.`] : []),
    signIn ? `Every request signs in through ${signIn} first.` : '**Nothing signs users in** (`allowUnauthenticated`): whoever reaches the load balancer uses the API as above.',
    '',
    '1. Install the AWS Load Balancer Controller (https://kubernetes-sigs.github.io/aws-load-balancer-controller/); `deploy` checks',
    `   that IngressClass ${code(ALB_INGRESS_CLASS)} exists.`,
    ...(lb.oidc ? [
      `2. Create the OIDC client's Secret ${code(lb.oidc.secret.name)} (keys \`clientID\`, \`clientSecret\`): ${code(scriptOf(root, 'createOidcSecret'))},`,
      '   from `KFP_OIDC_CLIENT_ID` and `KFP_OIDC_CLIENT_SECRET`. The controller reads it from this namespace only, through Role',
      `   and RoleBinding ${code('ml-pipeline-ui-oidc-secret-reader')} for ServiceAccount ${code(`${lb.controller.namespace}/${lb.controller.serviceAccount}`)}.`,
    ] : []),
    // The redirect URL the load balancer signs in with (docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
    ...(signIn ? [`${lb.oidc ? 3 : 2}. Allow \`https://${host}/oauth2/idpresponse\` as a callback (redirect) URL of the ${lb.cognito ? 'user pool\'s app client' : 'OIDC client'}.`] : []),
    `${(signIn ? 2 : 1) + (lb.oidc ? 1 : 0) + 1}. After \`deploy\`, ${code(`kubectl -n ${namespace} get ingress ${UI_INGRESS}`)} shows the load balancer's DNS name${lb.host ? `: point ${code(lb.host)} at it (a CNAME or alias record)` : ''}.`,
    '',
    ...sdkThroughLoadBalancer(config, host),
  ];
}

function sdkThroughLoadBalancer(config: KfpConfig, host: string): string[] {
  const lb = config.uiLoadBalancer!;
  if (!(lb.cognito || lb.oidc)) return ['The SDK connects as through port-forward, with `host=\'https://' + host + '\'`.', ''];
  if (!isV2(config)) {
    return [
      `The KFP SDK ${config.release.version} cannot sign in through the load balancer: its \`kfp.Client\` takes \`host\`, \`client_id\`, \`namespace\`,`,
      '`other_client_id` and `other_client_secret` (Google IAP) and no cookie or header (`sdk/python/kfp/_client.py` at 0.2.3). Connect the',
      'SDK by port-forward; the load balancer serves the browser.',
      '',
    ];
  }
  // `cookies` goes to `kfp_server_api.ApiClient(cookie=...)`, which sends it as the `Cookie` header (kfp 2.17.0
  // `sdk/python/kfp/client/client.py`; `backend/api/v2beta1/python_http_client/kfp_server_api/api_client.py`).
  return [
    `The SDK passes the load balancer's session cookie, which the browser got at sign-in: open https://${host}, sign in, copy the`,
    `cookies named ${code(`${SESSION_COOKIE}-0`)}, ${code(`${SESSION_COOKIE}-1`)}, ... from the browser's developer tools (they last up to ${SESSION_TIMEOUT_DAYS} days), and give them`,
    'as `cookies`, which `kfp.Client` sends as the `Cookie` header of every call:',
    '',
    ...codeBlock([
      'import kfp',
      '',
      `client = kfp.Client(host='https://${host}', cookies='${SESSION_COOKIE}-0=<value>')`,
      'print(client.list_experiments())',
    ], 'python'),
    '',
  ];
}

/** Whether the release's API is v2 (`/apis/v2beta1`), which the kfp 2.x SDK speaks. */
const isV2 = (config: KfpConfig) => Number(config.release.version.split('.')[0]) >= 2;

function firstPipeline(config: KfpConfig): string[] {
  const { version } = config.release;
  if (isV2(config)) {
    return [
      '### A first pipeline',
      '',
      `With the kfp SDK of the release (\`pip install kfp==${version}\`, Python 3.9 or later) and the port-forward above:`,
      '',
      ...codeBlock([
        'from kfp import client, compiler, dsl',
        '',
        '@dsl.component',
        'def say_hello(name: str) -> str:',
        "    message = f'Hello, {name}!'",
        '    print(message)',
        '    return message',
        '',
        "@dsl.pipeline(name='hello-world')",
        "def hello_pipeline(recipient: str = 'world') -> str:",
        '    return say_hello(name=recipient).output',
        '',
        "compiler.Compiler().compile(hello_pipeline, 'hello_pipeline.yaml')",
        "run = client.Client(host='http://localhost:8080').create_run_from_pipeline_package(",
        "    'hello_pipeline.yaml', arguments={'recipient': 'KFP'})",
        'print(run.run_id)',
      ], 'python'),
      '',
      'The step runs in `python:3.11` and installs the kfp package from PyPI when it starts, so the nodes need to reach Docker',
      'Hub and PyPI (or give `@dsl.component` a `base_image` and `pip_index_urls` of your own). The run, its logs and its',
      'output appear in the UI under the experiment "Default".',
      '',
    ];
  }
  return [
    '### A first pipeline',
    '',
    `With the kfp SDK of the release (\`pip install kfp==${version}\`, in Python 3.5 to 3.7, which its \`setup.py\` lists) and the port-forward above:`,
    '',
    ...codeBlock([
      'import kfp',
      'from kfp import dsl',
      '',
      "@dsl.pipeline(name='hello-world', description='Prints a greeting')",
      "def hello_pipeline(recipient='world'):",
      "    dsl.ContainerOp(name='say-hello', image='alpine:3.20', command=['echo'], arguments=['Hello,', recipient])",
      '',
      "kfp.compiler.Compiler().compile(hello_pipeline, 'hello_pipeline.zip')",
      "run = kfp.Client(host='http://localhost:8080').create_run_from_pipeline_package(",
      "    'hello_pipeline.zip', arguments={'recipient': 'KFP'})",
      'print(run.run_id)',
    ], 'python'),
    '',
    'The step prints its greeting in its log; the run appears in the UI under the experiment "Default".',
    '',
  ];
}
