import { execFileSync } from 'child_process';
import { portForwardCommand } from '../../src/ops/commands';
import { CERTIFICATE, COGNITO, OIDC } from '../load-balancer-fixtures';
import { allReleases, synthFiles, TestOptions, readmeSection } from '../util';


/** The fenced blocks of `language` in `text`. */
const blocks = (text: string, language: string) => [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]);

/** Whether Python parses `source` (syntax only: nothing is imported or run). */
function pythonParses(source: string): boolean {
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: source });
  return true;
}

const readmeOf = (options: TestOptions) => readmeSection(synthFiles(options)['README.md'], 'Reaching the UI and the API');

describe.each(allReleases())('the README on reaching the UI and the API, KFP %s', (kfpVersion, release) => {
  const v2 = release.version.startsWith('2.');

  test('warns that the API authenticates no one and what a caller can do, and port-forwards with the deploy script\'s command', () => {
    const text = readmeOf({ kfpVersion, namespace: 'ml' });
    expect(text).toContain('Kubeflow Pipelines\' API has no authentication of its own.');
    expect(text).toContain('pipeline runner\'s IAM role');
    expect(text).toContain('Service `ml-pipeline`');
    expect(text).toContain(portForwardCommand('ml'));
    expect(text).toContain('kfp.Client(host=\'http://localhost:8080\')');
    expect(text).not.toContain('### Through the load balancer');
    expect(text).toContain('set `uiLoadBalancer`');
  });

  test('a first pipeline for the release\'s SDK, whose Python parses', () => {
    const text = readmeOf({ kfpVersion });
    expect(text).toContain(`pip install kfp==${release.version}`);
    const [pipeline] = blocks(text.slice(text.indexOf('### A first pipeline')), 'python');
    expect(pythonParses(pipeline)).toBe(true);
    if (v2) {
      expect(pipeline).toContain('@dsl.component');
      expect(pipeline).toContain('compiler.Compiler().compile(hello_pipeline, \'hello_pipeline.yaml\')');
      expect(pipeline).not.toContain('ContainerOp');
    } else {
      expect(pipeline).toContain('dsl.ContainerOp(');
      expect(pipeline).not.toContain('@dsl.component');
    }
    expect(pipeline).toContain('create_run_from_pipeline_package(');
  });

  test('with OIDC: the load balancer, its steps with the Secret\'s script and the callback URL, and how the SDK signs in', () => {
    const files = synthFiles({ kfpVersion, namespace: 'ml', uiLoadBalancer: { certificateArn: CERTIFICATE, host: 'kfp.example.com', inboundCidrs: ['10.0.0.0/8'], oidc: OIDC } });
    const text = readmeSection(files['README.md'], 'Reaching the UI and the API');
    expect(text).toContain('### Through the load balancer');
    expect(text).toContain(`\`${CERTIFICATE}\``);
    expect(text).toContain('creates an internal Application Load Balancer');
    expect(text).toContain('admits `10.0.0.0/8` only');
    expect(text).toContain('`/apis/v1beta1/healthz`');
    expect(text).toContain('`scripts/create-oidc-secret.sh`');
    expect(files['scripts/create-oidc-secret.sh']).toBeDefined();
    expect(text).toContain('`https://kfp.example.com/oauth2/idpresponse`');
    expect(text).toContain('4. After `deploy`, `kubectl -n ml get ingress ml-pipeline-ui`');
    if (v2) {
      const [sdk] = blocks(text.slice(text.indexOf('### Through the load balancer')), 'python');
      expect(sdk).toContain('kfp.Client(host=\'https://kfp.example.com\', cookies=\'AWSELBAuthSessionCookie-0=<value>\')');
      expect(pythonParses(sdk)).toBe(true);
    } else {
      expect(text).toContain(`The KFP SDK ${release.version} cannot sign in through the load balancer`);
      expect(text).not.toContain('cookies=');
    }
    const secrets = readmeSection(files['README.md'], 'Secrets');
    expect(secrets).toMatch(/\| `ml-pipeline-ui-oidc` \| `clientID`, `clientSecret` \| the AWS Load Balancer Controller.* \| `scripts\/create-oidc-secret.sh` \|/);
  });

  test('with Cognito: no Secret step, the app client\'s callback; without authentication: the warning that nothing signs in', () => {
    const cognito = readmeOf({ kfpVersion, uiLoadBalancer: { certificateArn: CERTIFICATE, cognito: COGNITO } });
    expect(cognito).toContain(`Amazon Cognito (user pool \`${COGNITO.userPoolArn}\`)`);
    expect(cognito).not.toContain('create-oidc-secret.sh');
    expect(cognito).toContain('2. Allow `https://<the load balancer\'s DNS name>/oauth2/idpresponse` as a callback (redirect) URL of the user pool\'s app client.');
    const open = readmeOf({ kfpVersion, uiLoadBalancer: { certificateArn: CERTIFICATE, allowUnauthenticated: true } });
    expect(open).toContain('**Nothing signs users in** (`allowUnauthenticated`)');
    expect(open).not.toContain('oauth2/idpresponse');
  });
});
