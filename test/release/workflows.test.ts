import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { actionlint } from '../actionlint';

/**
 * The package's own release pipeline, as `.projenrc.ts` has projen generate it into `.github/workflows` (committed, so
 * these tests read the files that GitHub runs).
 */
const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf-8');
const workflow = (file: string) => yaml.load(read(file)) as any;
const runs = (job: any): string[] => job.steps.filter((s: any) => s.run).map((s: any) => s.run);
const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;

test('the workflows are the release pipeline\'s four, and actionlint finds nothing in them', async () => {
  const files = fs.readdirSync(WORKFLOWS).sort();
  expect(files).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
  expect(await actionlint(Object.fromEntries(files.map((f) => [`.github/workflows/${f}`, read(f)])))).toEqual([]);
});

describe('release.yml', () => {
  const release = workflow('release.yml');

  test('runs on every push to main (and by hand, with a dry run)', () => {
    expect(release.on.push).toEqual({ branches: ['main'] });
    expect(release.on.workflow_dispatch.inputs.dry_run.type).toBe('boolean');
  });

  test('bumps, builds and tags in one job, then publishes to npm and GitHub Releases from its artifact', () => {
    expect(Object.keys(release.jobs).sort()).toEqual(['release', 'release_github', 'release_npm']);
    expect(runs(release.jobs.release)).toContain('npx projen release');
    // The version comes from the tags and the commits since: the checkout has the whole history.
    expect(release.jobs.release.steps.find((s: any) => s.uses?.startsWith('actions/checkout@')).with['fetch-depth']).toBe(0);
    expect(release.jobs.release_npm.needs).toBe('release');
    expect(release.jobs.release_github.needs).toEqual(['release', 'release_npm']);
  });

  test('publishes to npm with the NPM_TOKEN secret and provenance, and nowhere else', () => {
    const npm = release.jobs.release_npm;
    const publish = npm.steps.find((s: any) => s.run?.includes('publib-npm'));
    expect(publish.env).toMatchObject({ NPM_TOKEN: '${{ secrets.NPM_TOKEN }}', NPM_CONFIG_PROVENANCE: 'true', NPM_DIST_TAG: 'latest' });
    // Provenance needs the job's OIDC token; nothing else may write.
    expect(npm.permissions).toEqual({ 'id-token': 'write', 'contents': 'read' });
    expect(Object.keys(release.jobs).filter((job) => /pypi|maven|nuget|golang/.test(job))).toEqual([]);
  });

  test('creates the GitHub Release with the changelog of the version', () => {
    const step = release.jobs.release_github.steps.find((s: any) => s.run?.includes('gh release create'));
    expect(step.env.CHANGELOG_FILE).toBe('dist/changelog.md');
    expect(step.run).toMatch(/-F "\$CHANGELOG_FILE"/);
  });
});

describe('the release tasks', () => {
  test('`release` bumps the version from the conventional commits, builds, and puts the version back', () => {
    expect(tasks.release.steps.map((s: any) => s.spawn ?? s.exec ?? s.execArgs?.join(' '))).toEqual([
      'rm -fr dist', 'bump', 'build', 'unbump', 'git diff --ignore-space-at-eol --exit-code',
    ]);
    // The first release is 1.0.0, so that a scaffold's `^` range takes the minor and patch releases after it.
    expect(tasks.release.env).toMatchObject({ MIN_MAJOR: '1' });
    expect(tasks.bump.env).toMatchObject({ CHANGELOG: 'dist/changelog.md', BUMP_PACKAGE: expect.stringMatching(/^commit-and-tag-version@/) });
  });

  test('only feat and fix commits (and breaking changes) make a release', () => {
    const grep = tasks['bump:releasable-commits'].steps[0].exec as string;
    expect(grep).toContain('--grep \'^(feat|fix){1}');
  });

  test('`build`, the README\'s test command, neither bumps nor publishes', () => {
    const spawned = (name: string): string[] => (tasks[name].steps ?? [])
      .flatMap((s: any) => (s.spawn ? [s.spawn, ...spawned(s.spawn)] : []));
    expect(spawned('build').filter((t) => /bump|release|publish/.test(t))).toEqual([]);
  });
});

test('build.yml builds every pull request', () => {
  const build = workflow('build.yml');
  expect(Object.keys(build.on).sort()).toEqual(['pull_request', 'workflow_dispatch']);
  expect(runs(build.jobs.build)).toContain('npx projen build');
});

test('pull-request-lint.yml holds pull request titles to conventional commits, which the version bump reads', () => {
  const lint = workflow('pull-request-lint.yml');
  const step = lint.jobs.validate.steps[0];
  expect(step.uses).toMatch(/^amannn\/action-semantic-pull-request@/);
  expect(step.with.types.split('\n')).toEqual(expect.arrayContaining(['feat', 'fix']));
});

test('upgrade-main.yml upgrades the package\'s own dependencies weekly through a pull request', () => {
  const upgrade = workflow('upgrade-main.yml');
  expect(upgrade.on.schedule).toEqual([{ cron: '0 0 * * 1' }]);
  expect(runs(upgrade.jobs.upgrade)).toContain('npx projen upgrade');
  expect(upgrade.jobs.pr.steps.map((s: any) => s.uses).filter(Boolean)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^peter-evans\/create-pull-request@/)]));
});
