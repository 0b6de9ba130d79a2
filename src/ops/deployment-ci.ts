import { Component, Project, Task } from 'projen';
import { ActionRefs, GitHub, GithubWorkflow, workflows } from 'projen/lib/github';
import { SCRIPTS } from './paths';

/** The deployment repo's GitHub component: its workflows only, not projen's PR tooling (Mergify, the PR-title lint). */
export function deploymentGitHub(project: Project): GitHub {
  return GitHub.of(project) ?? new GitHub(project, { mergify: false, pullRequestLint: false });
}

/**
 * The steps after the checkout that every workflow of the deployment repo starts with: Node.js, then the locked
 * dependencies (`npm ci`), or `npm install` where the job may change the lock file.
 */
export function nodeSetupSteps(options: { readonly mutable?: boolean } = {}): workflows.JobStep[] {
  return [
    { name: 'Set up Node.js', uses: ActionRefs.ACTIONS_SETUP_NODE, with: { 'node-version': 'lts/*' } },
    { name: 'Install dependencies', run: options.mutable ? 'npm install' : 'npm ci' },
  ];
}

/** The kubeconform that CI builds; a release tag, so every run validates with the same schemas code. */
const KUBECONFORM = 'github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0';

/**
 * A GitHub Actions workflow for the deployment repo: re-synthesizes from `.projenrc.ts` and fails on any difference
 * (a hand edit of a generated file, or a change not synthesized), then builds and validates every entry point.
 */
export class DeploymentCi extends Component {
  public readonly workflow: GithubWorkflow;

  /** @param typecheck the task that type-checks `.projenrc.ts`, which the synthesis itself does not */
  constructor(project: Project, typecheck: Task) {
    super(project);
    this.workflow = new GithubWorkflow(deploymentGitHub(project), 'build');
    this.workflow.on({ pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} });
    this.workflow.addJob('build', {
      name: 'Synthesize, build and validate',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: workflows.JobPermission.READ },
      steps: [
        { name: 'Check out', uses: ActionRefs.ACTIONS_CHECKOUT },
        ...nodeSetupSteps(),
        // `npx projen` runs .projenrc.ts without type-checking it; options the compiler would refuse fail here.
        { name: 'Type-check .projenrc.ts', run: `npx projen ${typecheck.name}` },
        { name: 'Synthesize', run: 'npx projen' },
        {
          name: 'Fail when the generated files differ from .projenrc.ts',
          run: 'git add --all && git diff --staged --exit-code',
        },
        { name: 'Set up Go', uses: ActionRefs.ACTIONS_SETUP_GO, with: { 'go-version': 'stable' } },
        {
          name: 'Install kubeconform',
          run: `go install ${KUBECONFORM}\necho "$(go env GOPATH)/bin" >> "$GITHUB_PATH"`,
        },
        { name: `Build every overlay and validate (${SCRIPTS.validate})`, run: 'npx projen validate' },
      ],
    });
  }
}
