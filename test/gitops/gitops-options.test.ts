import * as fs from 'fs';
import { CredentialVariant } from '../../src';
import { KfpOptionsError, resolveRepo } from '../../src/config';
import { newProject, tempDir, TestOptions } from '../util';

const REPO = 'https://git.example.com/platform/kfp-deploy.git';
const MINIO = { host: 'minio.storage.svc', port: 9000, tls: false };

/** The problems of resolving `options`; none when they are accepted. */
function problemsOf(options: TestOptions): readonly string[] {
  try {
    resolveRepo({ name: 'x', ...options });
    return [];
  } catch (error) {
    if (error instanceof KfpOptionsError) return error.problems;
    throw error;
  }
}

const argoCd = (gitops: object): TestOptions => ({ gitops: { repoUrl: REPO, argoCd: {}, ...gitops } });

/** Options with one problem each, and how the problem starts: the option's path, then the value where there is one. */
const BAD: Array<[string, TestOptions, string]> = [
  ['gitops without a tool', { gitops: {} }, 'gitops: generates nothing without gitops.argoCd or gitops.flux'],
  ['Argo CD without a repository', { gitops: { argoCd: {} } }, 'gitops.repoUrl: is required with gitops.argoCd'],
  ['a repository without scheme', argoCd({ repoUrl: 'git.example.com/platform/kfp-deploy' }), 'gitops.repoUrl: "git.example.com/platform/kfp-deploy" is not a Git repository URL'],
  ['a path out of the repository', argoCd({ path: '../kfp' }), 'gitops.path: "../kfp" is not a folder relative to the root'],
  ['an absolute path', argoCd({ path: '/deploy/kfp' }), 'gitops.path: "/deploy/kfp" is not a folder relative to the root'],
  ['a path with a trailing slash', argoCd({ path: 'deploy/' }), 'gitops.path: "deploy/" is not a folder relative to the root'],
  ['a revision with a space around', argoCd({ revision: ' main' }), 'gitops.revision: " main" is not a Git revision'],
  ['a prefix that is no DNS label', argoCd({ namePrefix: 'KFP' }), 'gitops.namePrefix: "KFP" is not an RFC 1123 label'],
  ['a prefix that makes a name too long', argoCd({ namePrefix: 'k'.repeat(55) }), `gitops.namePrefix: "${'k'.repeat(55)}" makes names of GitOps objects longer than the 63 characters Argo CD and Flux allow (they put them in a label): "${'k'.repeat(55)}-kubeflow"; `],
  ['a prefix that makes the name of crds/ too long', { namespace: 'ml', ...argoCd({ namePrefix: 'k'.repeat(60) }) }, `gitops.namePrefix: "${'k'.repeat(60)}" makes names of GitOps objects longer than the 63 characters Argo CD and Flux allow (they put them in a label): "${'k'.repeat(60)}-crds"; `],
  ['a namespace named like crds/', { namespace: 'crds', ...argoCd({}) }, 'namespace: "crds" gives the install\'s GitOps objects the name of those of crds/'],
  [
    'a variant an install has no overlay of',
    { additionalInstalls: [{ namespace: 'team-b', s3Endpoint: MINIO }], ...argoCd({ variant: CredentialVariant.IAM }) },
    'gitops.variant: "iam" is not a variant of additionalInstalls[0] (namespace team-b)',
  ],
  ['a variant that is none', argoCd({ variant: 'IAM' }), 'gitops.variant: "IAM" is not one of accesskey, iam'],
  ['an interval Flux refuses', { gitops: { flux: { interval: '10 minutes' } } }, 'gitops.flux.interval: "10 minutes" is not a duration Flux accepts'],
  ['a Flux namespace that is none', { gitops: { flux: { namespace: 'Flux' } } }, 'gitops.flux.namespace: "Flux" is not an RFC 1123 label'],
  ['a GitRepository name that is none', { gitops: { flux: { sourceName: 'my_repo' } } }, 'gitops.flux.sourceName: "my_repo" is not a valid Kubernetes object name'],
  ['an Argo CD namespace that is none', argoCd({ argoCd: { namespace: 'Argo CD' } }), 'gitops.argoCd.namespace: "Argo CD" is not an RFC 1123 label'],
  ['a cluster that is no https URL', argoCd({ argoCd: { destinationServer: 'eks.example.com' } }), 'gitops.argoCd.destinationServer: "eks.example.com" is not the https:// URL'],
  ['a misspelt tool', { gitops: { argocd: {} } as any }, 'gitops.argocd: is not an option; did you mean gitops.argoCd?'],
  ['gitops in an additional install', { additionalInstalls: [{ namespace: 'team-b', gitops: { flux: {} } } as any] }, 'additionalInstalls[0].gitops: is not an option'],
];

/** Options that are fine. */
const GOOD: Array<[string, TestOptions]> = [
  ['an scp-like repository', argoCd({ repoUrl: 'git@git.example.com:platform/kfp-deploy.git' })],
  ['an ssh repository on another port', argoCd({ repoUrl: 'ssh://git@git.example.com:2222/platform/kfp-deploy.git' })],
  ['a folder of the repository', argoCd({ path: 'clusters/prod/kfp' })],
  ['a semantic version range of tags', argoCd({ revision: '>=1.2.0 <1.3.0' })],
  ['a commit', argoCd({ revision: '0123456789abcdef0123456789abcdef01234567' })],
  ['a compound interval', { gitops: { flux: { interval: '1h30m' } } }],
  ['a variant every install has', { additionalInstalls: [{ namespace: 'team-b', s3Endpoint: MINIO }], ...argoCd({ variant: CredentialVariant.ACCESS_KEY }) }],
];

describe('gitops options', () => {
  test.each(BAD)('refuses %s, naming the option', (_title, options, problem) => {
    const problems = problemsOf(options);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(problem)).toBe(true);
  });

  test.each(GOOD)('accepts %s', (_title, options) => {
    expect(problemsOf(options)).toEqual([]);
  });

  test('reports the problems of gitops with those of the installs, at once', () => {
    expect(problemsOf({ bucket: 'Not_A_Bucket', gitops: { argoCd: {} } })).toEqual([
      expect.stringMatching(/^bucket: "Not_A_Bucket" /),
      expect.stringMatching(/^gitops\.repoUrl: is required/),
    ]);
  });

  test('a rejected project writes nothing', () => {
    const outdir = tempDir();
    for (const [, options] of BAD) expect(() => newProject(options, outdir)).toThrow(KfpOptionsError);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('resolves the defaults: Argo CD in argocd, project default, the cluster it runs in; Flux in flux-system, from flux-system', () => {
    const { gitops, installs } = resolveRepo({ name: 'x', gitops: { repoUrl: REPO, argoCd: {}, flux: {} } });
    expect(gitops).toEqual({
      argoCd: { namespace: 'argocd', project: 'default', destinationServer: 'https://kubernetes.default.svc', repoUrl: REPO, revision: 'HEAD' },
      flux: { namespace: 'flux-system', sourceName: 'flux-system', sourceNamespace: 'flux-system', interval: '10m' },
      path: '',
      variant: undefined,
      namePrefix: 'kfp',
    });
    expect(installs.map((install) => install.gitopsTools)).toEqual([['argoCd', 'flux']]);
    expect(resolveRepo({ name: 'x' })).toEqual({ installs: [expect.objectContaining({ gitopsTools: [] })], gitops: undefined });
  });
});
