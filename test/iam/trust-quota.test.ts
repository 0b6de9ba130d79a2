import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism, KfpAwsProjectOptions } from '../../src';
import { RELEASES } from '../../src/catalog';
import { KfpOptionsError, PLACEHOLDER_ROLE_ARN, resolveInstalls, TRUST_POLICY_QUOTA } from '../../src/config';
import { iamQuotaProblems, iamRoleDocuments, policyLength, PolicyStatement, ROLE_POLICY_MAX } from '../../src/iam';
import { optionFamilies } from '../catalog/settings';
import { runScript } from '../ops/kubectl-stub';
import { mechanismsOf, newProject, releasesWhere, synthFiles, synthToDisk, tempDir, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ROLE = role('kfp-s3');
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
/** The settings the trust policies of each mechanism name, with the shared role. */
const IAM: Record<IamMechanism, NonNullable<TestOptions['iam']>> = {
  [IamMechanism.IRSA]: { mechanism: IamMechanism.IRSA, roleArn: ROLE, oidcProvider: OIDC },
  [IamMechanism.KUBE2IAM]: { mechanism: IamMechanism.KUBE2IAM, roleArn: ROLE, nodeRoleArn: role('eks-nodes') },
  [IamMechanism.POD_IDENTITY]: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE, clusterName: 'ml-prod' },
};
/** Seven more installs: with the top-level one, eight namespaces. */
const TEAMS = Array.from({ length: 7 }, (_, i) => `ml-team-${i + 1}`);

/** Options of `count` installs (the top-level one and `TEAMS`), each naming `iam` in its own `iam` when `share`. */
function teams(kfpVersion: string, iam: TestOptions['iam'], share: boolean, count = TEAMS.length + 1): TestOptions {
  return {
    kfpVersion,
    bucket: 'acme-kfp',
    namespace: 'ml',
    iam,
    additionalInstalls: TEAMS.slice(0, count - 1).map((namespace) => (share ? { namespace, iam } : { namespace })),
  };
}

/** The KfpOptionsError a project of `options` throws, or undefined when it synthesizes. */
function refusal(options: TestOptions, outdir = tempDir()): KfpOptionsError | undefined {
  try {
    newProject(options, outdir);
  } catch (e) {
    if (e instanceof KfpOptionsError) return e;
    throw e;
  }
  return undefined;
}

/** The longest trust policy of `options`, as IAM counts it. */
const longestTrust = (options: TestOptions) => Math.max(...iamRoleDocuments(resolveInstalls({ name: 'x', ...options })).map((d) => policyLength(d.trust)));

/** Every (ServiceAccount namespace, name) pair a Pod Identity statement admits. */
function podIdentityPairs(statements: readonly PolicyStatement[]): string[] {
  const list = (v: string | readonly string[]) => [v].flat();
  return statements.flatMap((s) => {
    const tags = s.Condition!.StringEquals;
    return list(tags['aws:RequestTag/kubernetes-namespace']).flatMap((ns) => list(tags['aws:RequestTag/kubernetes-service-account']).map((sa) => `${ns}/${sa}`));
  }).sort();
}

describe('trust policies within IAM\'s quota', () => {
  const IRSA_VERSION = releasesWhere((r) => mechanismsOf(r).includes(IamMechanism.IRSA))[0][0];
  const KUBE2IAM_VERSION = '0.2.3';
  const POD_IDENTITY_VERSION = releasesWhere((r) => mechanismsOf(r).includes(IamMechanism.POD_IDENTITY))[0][0];

  /** Eight installs on one role, by mechanism: whether the trust policy fits the default quota. */
  const SHARED: ReadonlyArray<[string, TestOptions, boolean]> = [
    ['IRSA: every ServiceAccount of every namespace is a subject of its own', teams(IRSA_VERSION, IAM[IamMechanism.IRSA], true), false],
    ['kube2iam: the trust policy names the nodes\' role only', teams(KUBE2IAM_VERSION, IAM[IamMechanism.KUBE2IAM], true), true],
    ['EKS Pod Identity: each namespace and each ServiceAccount once', teams(POD_IDENTITY_VERSION, IAM[IamMechanism.POD_IDENTITY], true), true],
    ['EKS Pod Identity with session-tag isolation, which shares the role by default', teams(POD_IDENTITY_VERSION, { ...IAM[IamMechanism.POD_IDENTITY], sessionTagIsolation: true }, false), true],
    ['IRSA with a role of its own for each install (the default)', teams(IRSA_VERSION, IAM[IamMechanism.IRSA], false), true],
  ];

  test.each(SHARED)('%s', (_title, options, fits) => {
    const length = longestTrust(options);
    expect(length <= TRUST_POLICY_QUOTA.default).toBe(fits);
    const error = refusal(options);
    if (fits) {
      expect(error).toBeUndefined();
      return;
    }
    // THEN one problem, naming the options that give the role, the role, its file, the length and the quota
    expect(error!.problems).toHaveLength(1);
    const [problem] = error!.problems;
    expect(problem.startsWith(`iam.roleArn, ${TEAMS.map((_, i) => `additionalInstalls[${i}].iam.roleArn`).join(', ')}: role "${ROLE}"`)).toBe(true);
    expect(problem).toContain(`which the installs in ml, ${TEAMS.join(', ')} share,`);
    expect(problem).toContain(`trust policy (iam/kfp-s3.trust.json) of ${length} characters without white space, over the account's quota of 2048 (iam.trustPolicyQuota)`);
    // and the ways out
    expect(problem).toContain('give each install a role of its own');
    expect(problem).toContain('use EKS Pod Identity (iam.mechanism) with iam.sessionTagIsolation');
    expect(problem).toContain(`raise the account's quota in Service Quotas (IAM, "Role trust policy length", L-C07B4B0D) to at least ${length} and set iam.trustPolicyQuota to it`);
  });

  test('the length is the document\'s JSON without white space, as IAM counts it', () => {
    const [doc] = iamRoleDocuments(resolveInstalls({ name: 'x', ...teams(IRSA_VERSION, IAM[IamMechanism.IRSA], true, 2) }));
    const written = JSON.stringify(doc.trust, undefined, 2);
    expect(policyLength(doc.trust)).toBe(written.replace(/\s/g, '').length);
    expect(policyLength(doc.trust)).toBe(JSON.stringify(doc.trust).length);
  });

  test('a refused repo writes nothing', () => {
    const outdir = tempDir();
    expect(refusal(teams(IRSA_VERSION, IAM[IamMechanism.IRSA], true), outdir)).toBeInstanceOf(KfpOptionsError);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('iam.trustPolicyQuota raises the limit, in the iam of every install that shares the role', () => {
    const raised = { ...IAM[IamMechanism.IRSA], trustPolicyQuota: 4096 };
    const options = teams(IRSA_VERSION, raised, true);
    expect(longestTrust(options)).toBeGreaterThan(TRUST_POLICY_QUOTA.default);
    expect(refusal(options)).toBeUndefined();
    // the least quota of the installs that share the role applies
    const lastKeepsTheDefault = { namespace: TEAMS[6], iam: IAM[IamMechanism.IRSA] };
    const oneKeepsTheDefault = { ...options, additionalInstalls: [...options.additionalInstalls!.slice(0, -1), lastKeepsTheDefault] };
    expect(refusal(oneKeepsTheDefault)!.problems[0]).toContain('over the account\'s quota of 2048');
    // and a trust policy over the highest quota is still refused, without raising the quota as a way out
    const highest = { ...IAM[IamMechanism.IRSA], trustPolicyQuota: TRUST_POLICY_QUOTA.max };
    const many = { ...teams(IRSA_VERSION, highest, true), additionalInstalls: Array.from({ length: 40 }, (_, i) => ({ namespace: `kubeflow-team-${i}`, iam: highest })) };
    expect(longestTrust(many)).toBeGreaterThan(TRUST_POLICY_QUOTA.max);
    const [problem] = refusal(many)!.problems;
    expect(problem).toContain(`over the account's quota of ${TRUST_POLICY_QUOTA.max}`);
    expect(problem).not.toContain('raise the account\'s quota');
  });

  test('a quota out of range is refused, naming the option', () => {
    for (const trustPolicyQuota of [2047, 8193, 3000.5]) {
      expect(refusal({ iam: { trustPolicyQuota } })!.problems).toEqual([
        `iam.trustPolicyQuota: "${trustPolicyQuota}" is not a trust policy quota IAM can have: a whole number of characters from 2048 (the default) to 8192 (the most Service Quotas grants)`,
      ]);
    }
    expect(refusal({ iam: { trustPolicyQuota: '4096' as unknown as number } })!.problems).toEqual(['iam.trustPolicyQuota: must be a number, not "4096"']);
  });

  test('a shared Pod Identity trust policy admits exactly the ServiceAccounts a statement per namespace would', () => {
    const installs = resolveInstalls({ name: 'x', ...teams(POD_IDENTITY_VERSION, IAM[IamMechanism.POD_IDENTITY], true, 3) });
    const [doc] = iamRoleDocuments(installs);
    const perNamespace = installs.map((install) => iamRoleDocuments([install])[0]);
    expect(doc.trust.Statement).toHaveLength(1);
    expect(podIdentityPairs(doc.trust.Statement)).toEqual(podIdentityPairs(perNamespace.flatMap((d) => d.trust.Statement)));
    // an install whose pods use another set of ServiceAccounts on the role keeps a statement of its own
    const mixed = resolveInstalls({
      name: 'x',
      ...teams(POD_IDENTITY_VERSION, IAM[IamMechanism.POD_IDENTITY], true, 2),
      additionalInstalls: [{ namespace: 'ml-team-1', iam: { ...IAM[IamMechanism.POD_IDENTITY], roleArns: { ui: role('ui') } } }],
    });
    const shared = iamRoleDocuments(mixed).find((d) => d.role === ROLE)!;
    expect(shared.trust.Statement).toHaveLength(2);
    expect(podIdentityPairs(shared.trust.Statement)).not.toContain('ml-team-1/ml-pipeline-ui');
    expect(podIdentityPairs(shared.trust.Statement)).toContain('ml/ml-pipeline-ui');
  });

  test('a permission policy over the 10,240 characters IAM allows a role\'s inline policies is refused', () => {
    // GIVEN kube2iam, whose trust policy names the nodes' role only, and 80 installs on one role
    const iam = IAM[IamMechanism.KUBE2IAM];
    const installs = resolveInstalls({
      name: 'x',
      kfpVersion: KUBE2IAM_VERSION,
      bucket: 'acme-kfp',
      iam,
      additionalInstalls: Array.from({ length: 79 }, (_, i) => ({ namespace: `team-${i}`, iam })),
    });
    const [doc] = iamRoleDocuments(installs);
    expect(policyLength(doc.trust)).toBeLessThan(TRUST_POLICY_QUOTA.default);
    expect(policyLength(doc.policy)).toBeGreaterThan(ROLE_POLICY_MAX);
    const problems = iamQuotaProblems(installs);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`role "${ROLE}", which the installs in kubeflow, team-0,`);
    expect(problems[0]).toContain(`would have a permission policy (iam/kfp-s3.policy.json) of ${policyLength(doc.policy)} characters without white space, over the 10240 IAM allows a role's inline policies`);
  });

  test('every trust policy of the test scaffolds is within the default quota', () => {
    // The option families the settings tests render, and the benchmark's 20 installs, each with every mechanism.
    const scaffolds: Array<Omit<KfpAwsProjectOptions, 'name'>> = RELEASES.flatMap((release) => [
      ...optionFamilies(release).map(([, options]) => ({ kfpVersion: release.version, ...options })),
      ...mechanismsOf(release).map((mechanism) => ({
        kfpVersion: release.version,
        iam: IAM[mechanism],
        additionalInstalls: Array.from({ length: 19 }, (_, i) => ({ namespace: `team-${i + 1}` })),
      })),
    ]);
    for (const options of scaffolds) {
      const installs = resolveInstalls({ name: 'x', ...options });
      expect(iamQuotaProblems(installs)).toEqual([]);
      expect(Math.max(...iamRoleDocuments(installs).map((d) => policyLength(d.trust)))).toBeLessThanOrEqual(TRUST_POLICY_QUOTA.default);
    }
  });
});

describe.each(RELEASES.flatMap((release) => mechanismsOf(release).map((mechanism) => [release.version, mechanism])))(
  'an additional install of KFP %s with %s', (kfpVersion, mechanism) => {
    const iam = IAM[mechanism as IamMechanism];

    test('gets a role of its own by default, whose policy grants only its own prefixes', () => {
      const files = synthFiles({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam, additionalInstalls: [{ namespace: 'team-b' }] });
      // the role's name with -<namespace> appended
      expect(Object.keys(files).filter((f) => f.startsWith('iam/')).sort()).toEqual([
        'iam/kfp-s3-team-b.policy.json', 'iam/kfp-s3-team-b.trust.json', 'iam/kfp-s3.policy.json', 'iam/kfp-s3.trust.json',
      ]);
      const teamB = JSON.stringify(files['iam/kfp-s3-team-b.policy.json']);
      expect(teamB).toContain('arn:aws:s3:::acme-kfp/team-b/artifacts/*');
      expect(teamB).not.toMatch(/acme-kfp\/(artifacts|pipelines)/);
      const top = JSON.stringify(files['iam/kfp-s3.policy.json']);
      expect(top).toContain('arn:aws:s3:::acme-kfp/artifacts/*');
      expect(top).not.toContain('team-b');
      // each role is trusted by its own install's pods only (kube2iam: by the nodes, which give each pod its annotated role)
      if (mechanism !== IamMechanism.KUBE2IAM) {
        expect(JSON.stringify(files['iam/kfp-s3-team-b.trust.json'])).not.toMatch(/"ml"|:ml:/);
        expect(JSON.stringify(files['iam/kfp-s3.trust.json'])).not.toContain('team-b');
      }
      // and the README says where the role comes from
      expect(files['README.md']).toContain('The install in `team-b` has no `iam` of its own, so each has roles of its own');
      expect(files['README.md']).not.toContain('is shared by the installs');
      expect(files['README.md']).toContain('- IAM roles (see "IAM roles"): no install shares one with another; the roles of each grant its own prefixes only.');
    });

    test('shares a role it names in its own iam: the policy grants the prefixes of both, and the README says so', () => {
      const files = synthFiles({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam, additionalInstalls: [{ namespace: 'team-b', iam }] });
      expect(Object.keys(files).filter((f) => f.startsWith('iam/')).sort()).toEqual(['iam/kfp-s3.policy.json', 'iam/kfp-s3.trust.json']);
      const policy = JSON.stringify(files['iam/kfp-s3.policy.json']);
      expect(policy).toContain('arn:aws:s3:::acme-kfp/artifacts/*');
      expect(policy).toContain('arn:aws:s3:::acme-kfp/team-b/artifacts/*');
      const readme: string = files['README.md'];
      expect(readme).toContain(`\`${ROLE}\` is shared by the installs in \`ml\`, \`team-b\` (\`iam.roleArn\`, \`additionalInstalls[0].iam.roleArn\`): its policy grants the prefixes of each of them, so each install can reach the others' objects as its own.`);
      expect(readme).toContain('- IAM roles (see "IAM roles"): `kfp-s3` is shared by installs that can each reach the others\' prefixes through it.');
      expect(readme.includes('and so does `iam.sessionTagIsolation` with EKS Pod Identity')).toBe(mechanismsOf(RELEASES.find((r) => r.version === kfpVersion)!).includes(IamMechanism.POD_IDENTITY));
    });
  });

test('with session-tag isolation the installs share the role, and the README says each pod reaches only its own prefixes', () => {
  const iam = { ...IAM[IamMechanism.POD_IDENTITY], sessionTagIsolation: true };
  const files = synthFiles({ bucket: 'acme-kfp', namespace: 'ml', iam, additionalInstalls: [{ namespace: 'team-b' }] });
  expect(Object.keys(files).filter((f) => f.startsWith('iam/')).sort()).toEqual(['iam/kfp-s3.policy.json', 'iam/kfp-s3.trust.json']);
  expect(files['README.md']).toContain(`\`${ROLE}\` is shared by the installs in \`ml\`, \`team-b\` (\`iam.roleArn\`, \`additionalInstalls[0].iam.roleArn\`): with \`iam.sessionTagIsolation\`, each pod reaches only the prefixes of its own namespace.`);
  expect(files['README.md']).toContain('- IAM roles (see "IAM roles"): `kfp-s3` is shared with `iam.sessionTagIsolation`, which keeps each pod to its own install\'s prefixes.');
});

test('a role derived for an additional install is refused when its name is over IAM\'s 64 characters, saying where it comes from', () => {
  const top = role('r'.repeat(40));
  const error = refusal({ iam: { roleArn: top }, additionalInstalls: [{ namespace: 'n'.repeat(30) }] });
  expect(error!.problems).toEqual([
    `additionalInstalls[0].iam.roleArn: "${top}-${'n'.repeat(30)}" is the role the install gets in place of the top-level one (its name with "-${'n'.repeat(30)}" appended, so that the install reaches only its own prefixes), and has a role name of 71 characters, over IAM's 64: give the install an \`iam\` of its own with its role, or shorten the top-level role's name or the namespace`,
  ]);
});

describe('a role derived from the placeholder is a placeholder too', () => {
  const OIDC_IAM = { oidcProvider: OIDC };
  const derivedPlaceholder = `${PLACEHOLDER_ROLE_ARN}-team-b`;

  test('install.sh of the additional install refuses it, before any kubectl call', () => {
    // GIVEN the top-level install's placeholder, which team-b's role is derived from
    const repo = synthToDisk({ bucket: 'acme-kfp', iam: OIDC_IAM, additionalInstalls: [{ namespace: 'team-b' }] });
    const run = runScript(repo, 'installs/team-b/scripts/install.sh', ['iam'], { cluster: { context: 'c' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`installs/team-b/overlay/iam still uses the placeholder role ${derivedPlaceholder}: set iam.roleArn in .projenrc.ts`);
    expect(run.calls).toEqual([]);

    // GIVEN team-b with an iam of its own without a role: a placeholder of its own, which only its own option replaces
    const own = synthToDisk({ bucket: 'acme-kfp', iam: { ...OIDC_IAM, roleArn: ROLE }, additionalInstalls: [{ namespace: 'team-b', iam: OIDC_IAM }] });
    const refused = runScript(own, 'installs/team-b/scripts/install.sh', ['iam'], { cluster: { context: 'c' } });
    expect(refused.stderr).toContain(`still uses the placeholder role ${derivedPlaceholder}: set additionalInstalls[0].iam.roleArn in .projenrc.ts`);
    expect(refused.calls).toEqual([]);
  });

  test('the README warns about it, and the install defaults to accesskey', () => {
    const readme: string = synthFiles({ bucket: 'acme-kfp', additionalInstalls: [{ namespace: 'team-b' }] })['README.md'];
    expect(readme).toContain(`It and the installs in \`team-b\` still use the placeholders \`${PLACEHOLDER_ROLE_ARN}\`, \`${derivedPlaceholder}\`: set \`iam.roleArn\` in`);
    const own: string = synthFiles({ bucket: 'acme-kfp', iam: { roleArn: ROLE }, additionalInstalls: [{ namespace: 'team-b', iam: OIDC_IAM }] })['README.md'];
    expect(own).toContain('Set the IAM role of the install in `team-b` before you deploy `installs/team-b/overlay/iam`.');
    expect(own).toContain(`It still uses the placeholder \`${derivedPlaceholder}\`: set \`additionalInstalls[0].iam.roleArn\` in`);
    expect(own).toMatch(/\| `team-b` \|.*\| `installs\/team-b\/overlay\/accesskey` \|/);
  });

  test('the association script of EKS Pod Identity refuses it before any AWS call', () => {
    const podIdentity = { mechanism: IamMechanism.POD_IDENTITY, clusterName: 'ml-prod' };
    const repo = synthToDisk({ bucket: 'acme-kfp', iam: podIdentity, additionalInstalls: [{ namespace: 'team-b' }] });
    const bin = tempDir();
    const calls = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'aws'), `#!/usr/bin/env bash\necho "$*" >>${calls}\n`, { mode: 0o755 });
    const run = runScript(repo, 'installs/team-b/scripts/create-pod-identity-associations.sh', [], { path: [bin], hide: ['aws'] });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`ServiceAccount ml-pipeline still has the placeholder role ${derivedPlaceholder}: set iam.roleArn in .projenrc.ts`);
    expect(fs.existsSync(calls)).toBe(false);
  });
});
