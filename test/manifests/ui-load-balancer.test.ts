import * as fs from 'fs';
import * as path from 'path';
import { KfpOptionsError, resolveInstalls } from '../../src/config';
import { UI_PORT } from '../../src/manifests/components/ui';
import { externalObjects } from '../../src/manifests/external-objects';
import type { Variant } from '../../src/manifests/variant';
import { LoadBalancerScheme, UiLoadBalancerOptions } from '../../src/ui-load-balancer-options';
import { validateObjects } from '../../src/validate';
import { CERTIFICATE, COGNITO, OIDC } from '../load-balancer-fixtures';
import { allReleases, findObject, kustomize, readTree, synthToDisk, tempDir, TestOptions } from '../util';

const A = 'alb.ingress.kubernetes.io';

/** The annotations of an Ingress, with the JSON ones parsed. */
function annotationsOf(ingress: any): Record<string, any> {
  return Object.fromEntries(Object.entries<string>(ingress.metadata.annotations).map(([key, value]) => [key,
    ['listen-ports', 'auth-idp-cognito', 'auth-idp-oidc'].some((suffix) => key === `${A}/${suffix}`) ? JSON.parse(value) : value]));
}

/** The overlays of the installs of `repo`, as folder and variant. */
function overlaysOf(repo: string, roots: readonly string[]): Array<[string, Variant]> {
  return roots.flatMap((root) => fs.readdirSync(path.join(repo, root, 'overlay')).map((variant): [string, Variant] => [path.join(root, 'overlay', variant), variant as Variant]));
}

describe.each(allReleases())('the UI load balancer of KFP %s', (kfpVersion) => {
  const options: TestOptions = {
    kfpVersion,
    namespace: 'ml',
    uiLoadBalancer: { certificateArn: CERTIFICATE, host: 'kfp.example.com', groupName: 'kfp', groupOrder: 10, inboundCidrs: ['10.0.0.0/8'], oidc: OIDC },
    additionalInstalls: [{
      namespace: 'team-b',
      uiLoadBalancer: { certificateArn: CERTIFICATE, host: 'team-b.kfp.example.com', groupName: 'kfp', groupOrder: 20, inboundCidrs: ['10.0.0.0/8'], cognito: COGNITO },
    }],
  };
  const repo = synthToDisk(options);
  const installs = resolveInstalls({ name: 'x', ...options });
  const overlays = overlaysOf(repo, ['', 'installs/team-b']);
  const crds = kustomize(path.join(repo, 'crds'));

  test('every overlay of both installs builds offline and passes the validator with the Ingress in it', () => {
    expect(overlays).toHaveLength(4);
    for (const [dir, variant] of overlays) {
      const config = installs[dir.startsWith('installs/') ? 1 : 0];
      const objects = kustomize(path.join(repo, dir));
      expect(findObject(objects, 'Ingress', 'ml-pipeline-ui').apiVersion).toBe('networking.k8s.io/v1');
      // With crds/, as the repo's validate task checks them: the overlays use its PriorityClass.
      expect(validateObjects([...crds, ...objects], externalObjects(config, variant))).toEqual([]);
    }
  });

  test('the validator would catch a broken Ingress, and a binding to a controller it was not told of', () => {
    const objects = [...crds, ...kustomize(path.join(repo, 'overlay/iam'))];
    const ingress = findObject(objects, 'Ingress', 'ml-pipeline-ui');
    const broken = { ...ingress, spec: { ...ingress.spec, rules: [{ http: { paths: [{ path: '/', backend: ingress.spec.rules[0].http.paths[0].backend }] } }] } };
    expect(validateObjects(objects.map((o) => (o === ingress ? broken : o)), externalObjects(installs[0], 'iam')))
      .toEqual([expect.stringMatching(/^Ingress ml\/ml-pipeline-ui: .*pathType/)]);
    const withoutController = externalObjects(installs[0], 'iam').filter((o) => o.kind !== 'ServiceAccount');
    expect(validateObjects(objects, withoutController))
      .toEqual(['RoleBinding ml/ml-pipeline-ui-oidc-secret-reader: ServiceAccount kube-system/aws-load-balancer-controller does not exist']);
  });

  test('the Ingress serves Service ml-pipeline-ui for the AWS Load Balancer Controller: HTTPS, redirect, internal, ip targets, the UI\'s healthz, OIDC', () => {
    const objects = kustomize(path.join(repo, 'overlay/iam'));
    const ingress = findObject(objects, 'Ingress', 'ml-pipeline-ui');
    expect(ingress.metadata.namespace).toBe('ml');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules).toHaveLength(1);
    const [rule] = ingress.spec.rules;
    expect(rule.host).toBe('kfp.example.com');
    expect(rule.http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ml-pipeline-ui', port: { number: 80 } } } }]);
    // The backend port is the Service's, whose target is the UI container's port (the ALB targets pod IPs on it).
    const service = findObject(objects, 'Service', 'ml-pipeline-ui');
    const port = service.spec.ports.find((p: any) => p.port === 80);
    expect(port.targetPort).toBe(UI_PORT);
    const ui = findObject(objects, 'Deployment', 'ml-pipeline-ui');
    expect(ui.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort)).toContain(UI_PORT);
    // The health check path is the one the UI's own probes use, where the release's UI has probes (0.2.3's has none).
    const probe = ui.spec.template.spec.containers[0].readinessProbe;
    if (probe) expect(probe.httpGet).toEqual({ path: '/apis/v1beta1/healthz', port: UI_PORT });

    expect(annotationsOf(ingress)).toEqual({
      [`${A}/scheme`]: 'internal',
      [`${A}/target-type`]: 'ip',
      [`${A}/listen-ports`]: [{ HTTP: 80 }, { HTTPS: 443 }],
      [`${A}/ssl-redirect`]: '443',
      [`${A}/certificate-arn`]: CERTIFICATE,
      [`${A}/healthcheck-path`]: '/apis/v1beta1/healthz',
      [`${A}/group.name`]: 'kfp',
      [`${A}/group.order`]: '10',
      [`${A}/inbound-cidrs`]: '10.0.0.0/8',
      [`${A}/auth-type`]: 'oidc',
      [`${A}/auth-idp-oidc`]: { ...OIDC, secretName: 'ml-pipeline-ui-oidc' },
    });
  });

  test('with OIDC, the controller may read the client Secret by name, in the Ingress\'s namespace only', () => {
    const objects = kustomize(path.join(repo, 'overlay/accesskey'));
    const role = findObject(objects, 'Role', 'ml-pipeline-ui-oidc-secret-reader');
    expect(role.metadata.namespace).toBe('ml');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['ml-pipeline-ui-oidc'], verbs: ['get', 'list', 'watch'] }]);
    const binding = findObject(objects, 'RoleBinding', 'ml-pipeline-ui-oidc-secret-reader');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ml-pipeline-ui-oidc-secret-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'aws-load-balancer-controller', namespace: 'kube-system' }]);
    expect(objects.some((o) => o.kind === 'ClusterRole' && JSON.stringify(o.rules).includes('secrets'))).toBe(false);
  });

  test('the additional install has its own Ingress, host and group order in the shared group, with Cognito and no Secret Role', () => {
    const objects = kustomize(path.join(repo, 'installs/team-b/overlay/accesskey'));
    const ingress = findObject(objects, 'Ingress', 'ml-pipeline-ui');
    expect(ingress.metadata.namespace).toBe('team-b');
    expect(ingress.spec.rules[0].host).toBe('team-b.kfp.example.com');
    const annotations = annotationsOf(ingress);
    expect(annotations[`${A}/group.name`]).toBe('kfp');
    expect(annotations[`${A}/group.order`]).toBe('20');
    expect(annotations[`${A}/auth-type`]).toBe('cognito');
    expect(annotations[`${A}/auth-idp-cognito`]).toEqual({ userPoolARN: COGNITO.userPoolArn, userPoolClientID: COGNITO.userPoolClientId, userPoolDomain: 'kfp-login' });
    expect(annotations[`${A}/auth-idp-oidc`]).toBeUndefined();
    expect(objects.some((o) => o.kind === 'Role' && o.metadata.name === 'ml-pipeline-ui-oidc-secret-reader')).toBe(false);
  });

  test('the Ingress is in base/ui-load-balancer/ of each install, which every overlay includes', () => {
    for (const root of ['', 'installs/team-b']) {
      const base = path.join(repo, root, 'base');
      expect(fs.readdirSync(path.join(base, 'ui-load-balancer')).sort()).toEqual(expect.arrayContaining(['kustomization.yaml']));
    }
  });
});

describe('uiLoadBalancer options', () => {
  const lb = (over: Partial<UiLoadBalancerOptions> = {}): UiLoadBalancerOptions => ({ certificateArn: CERTIFICATE, oidc: OIDC, ...over });
  const problemsOf = (options: TestOptions): string[] => {
    try {
      resolveInstalls({ name: 'x', ...options });
    } catch (error) {
      if (error instanceof KfpOptionsError) return [...error.problems];
      throw error;
    }
    return [];
  };

  test('a listener without authentication is refused, and the error says why and how to opt out', () => {
    const [problem, ...rest] = problemsOf({ uiLoadBalancer: { certificateArn: CERTIFICATE } });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^uiLoadBalancer: has no authentication: set uiLoadBalancer\.cognito or uiLoadBalancer\.oidc/);
    expect(problem).toContain('KFP\'s API has no authentication of its own');
    expect(problem).toContain('pipeline runner\'s IAM role');
    expect(problem).toContain('uiLoadBalancer.allowUnauthenticated');
  });

  test('allowUnauthenticated renders auth-type none, and is refused beside an identity provider', () => {
    const [config] = resolveInstalls({ name: 'x', uiLoadBalancer: { certificateArn: CERTIFICATE, allowUnauthenticated: true } });
    expect(config.uiLoadBalancer).toMatchObject({
      allowUnauthenticated: true, cognito: undefined, oidc: undefined, scheme: LoadBalancerScheme.INTERNAL,
    });
    expect(problemsOf({ uiLoadBalancer: lb({ allowUnauthenticated: true }) }))
      .toEqual(['uiLoadBalancer.allowUnauthenticated: is true, but uiLoadBalancer.oidc authenticates the listener: remove allowUnauthenticated']);
  });

  test.each<[string, UiLoadBalancerOptions, string]>([
    ['both identity providers', lb({ cognito: COGNITO }), 'uiLoadBalancer.oidc: and uiLoadBalancer.cognito are both set'],
    ['no certificate', { oidc: OIDC } as any, 'uiLoadBalancer.certificateArn: is required'],
    ['a certificate that is no ACM ARN', lb({ certificateArn: 'arn:aws:iam::123456789012:server-certificate/kfp' }), 'uiLoadBalancer.certificateArn: "arn:aws:iam::123456789012:server-certificate/kfp" is not an ACM certificate ARN'],
    ['a Cognito domain\'s full name', lb({ oidc: undefined, cognito: { ...COGNITO, userPoolDomain: 'kfp-login.auth.eu-west-1.amazoncognito.com' } }), 'give its prefix ("kfp-login")'],
    ['a user pool ARN of another service', lb({ oidc: undefined, cognito: { ...COGNITO, userPoolArn: 'arn:aws:iam::123456789012:role/x' } }), 'uiLoadBalancer.cognito.userPoolArn: "arn:aws:iam::123456789012:role/x" is not a Cognito user pool ARN'],
    ['an http:// endpoint', lb({ oidc: { ...OIDC, tokenEndpoint: 'http://idp.example.com/token' } }), 'uiLoadBalancer.oidc.tokenEndpoint: "http://idp.example.com/token" must be an https:// URL'],
    ['a host with a scheme', lb({ host: 'https://kfp.example.com' }), 'uiLoadBalancer.host: "https://kfp.example.com" is not a host name'],
    ['a group order without a group', lb({ groupOrder: 5 }), 'uiLoadBalancer.groupOrder: orders the rules of an IngressGroup: set groupName too'],
    ['a group order out of range', lb({ groupName: 'kfp', groupOrder: 1001 }), 'uiLoadBalancer.groupOrder: 1001 is not a whole number from -1000 to 1000'],
    ['an upper-case group name', lb({ groupName: 'KFP' }), 'uiLoadBalancer.groupName: "KFP" is not an IngressGroup name'],
    ['a CIDR without its length', lb({ inboundCidrs: ['10.0.0.0'] }), 'uiLoadBalancer.inboundCidrs[0]: "10.0.0.0" is not a CIDR range'],
    ['an OIDC Secret name that is no object name', lb({ oidc: { ...OIDC, secretName: 'OIDC_Secret' } }), 'uiLoadBalancer.oidc.secretName: "OIDC_Secret" is not a valid Kubernetes object name'],
  ])('refuses %s', (_, uiLoadBalancer, expected) => {
    const problems = problemsOf({ uiLoadBalancer });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test('an IPv6 range and an internet-facing scheme are accepted', () => {
    const [config] = resolveInstalls({ name: 'x', uiLoadBalancer: lb({ inboundCidrs: ['2001:db8::/32'], scheme: LoadBalancerScheme.INTERNET_FACING }) });
    expect(config.uiLoadBalancer).toMatchObject({ inboundCidrs: ['2001:db8::/32'], scheme: 'internet-facing' });
  });

  test('additional installs do not inherit it, and must not share a host', () => {
    const [, teamB] = resolveInstalls({ name: 'x', uiLoadBalancer: lb({ host: 'kfp.example.com' }), additionalInstalls: [{ namespace: 'team-b' }] });
    expect(teamB.uiLoadBalancer).toBeUndefined();
    expect(problemsOf({ uiLoadBalancer: lb({ host: 'kfp.example.com' }), additionalInstalls: [{ namespace: 'team-b', uiLoadBalancer: lb({ host: 'kfp.example.com' }) }] }))
      .toEqual(['additionalInstalls[0].uiLoadBalancer.host: "kfp.example.com" is also the host of the top-level install; a host name points to one load balancer and rule: give each install its own']);
  });

  test('installs in one IngressGroup need a host each, one scheme and the same inbound CIDRs', () => {
    const problems = problemsOf({
      uiLoadBalancer: lb({ groupName: 'kfp', inboundCidrs: ['10.0.0.0/8'] }),
      additionalInstalls: [{ namespace: 'team-b', uiLoadBalancer: lb({ groupName: 'kfp', host: 'b.example.com', scheme: LoadBalancerScheme.INTERNET_FACING }) }],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^additionalInstalls\[0\]\.uiLoadBalancer\.host: is required: the install shares IngressGroup "kfp" with the top-level install/),
      expect.stringMatching(/^additionalInstalls\[0\]\.uiLoadBalancer\.scheme: "internet-facing" differs from "internal"/),
      expect.stringMatching(/^additionalInstalls\[0\]\.uiLoadBalancer\.inboundCidrs: differ from those of the top-level install/),
    ]);
    // In different groups (or none), each has a load balancer of its own: no host needed.
    expect(problemsOf({ uiLoadBalancer: lb(), additionalInstalls: [{ namespace: 'team-b', uiLoadBalancer: lb({ scheme: LoadBalancerScheme.INTERNET_FACING }) }] })).toEqual([]);
  });

  test('a refused option writes nothing', () => {
    const outdir = tempDir();
    expect(() => synthToDisk({ uiLoadBalancer: { certificateArn: CERTIFICATE } }, outdir)).toThrow(KfpOptionsError);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('without the option, the repo has no Ingress, no OIDC script or env example, and no controller in the validator\'s objects', () => {
    const files = Object.keys(readTree(synthToDisk({})));
    expect(files.filter((f) => /ui-load-balancer|oidc/.test(f))).toEqual([]);
    const [config] = resolveInstalls({ name: 'x' });
    expect(externalObjects(config, 'iam').map((o) => o.kind)).not.toContain('ServiceAccount');
  });
});
