import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KfpOptionsError } from '../../src/config';
import { actionlint } from '../actionlint';
import { newProject, synthFiles, synthToDisk, tempDir, TestOptions, readmeSection } from '../util';

const UPGRADE = '.github/workflows/upgrade.yml';
const BUILD = '.github/workflows/build.yml';
const OWN_VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;

const workflows = (files: Record<string, any>) =>
  Object.fromEntries(Object.entries(files).filter(([file]) => file.startsWith('.github/workflows/')));

describe('the deployment repo\'s dependency upgrade', () => {
  const files = synthFiles();
  const workflow = yaml.load(files[UPGRADE]) as any;
  const { upgrade: task } = files['.projen/tasks.json'].tasks;

  test('runs weekly and on demand', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '0 0 * * 1' }]);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  test('runs the upgrade task on the locked dependencies, with the repo\'s own projen', () => {
    const job = workflow.jobs.upgrade;
    expect(job.permissions).toEqual({ contents: 'read' });
    const runs: string[] = job.steps.filter((s: any) => s.run).map((s: any) => s.run);
    expect(runs.slice(0, 2)).toEqual(['npm ci', 'npx projen upgrade']);
    expect(job.steps.find((s: any) => s.uses?.startsWith('actions/setup-node@')).with).toEqual({ 'node-version': 'lts/*' });
  });

  test('opens a pull request with the diff, with the PROJEN_GITHUB_TOKEN secret', () => {
    const pr = workflow.jobs.pr;
    expect(pr.needs).toBe('upgrade');
    expect(pr.if).toBe('${{ needs.upgrade.outputs.patch_created }}');
    expect(workflow.jobs.upgrade.outputs.patch_created).toBeDefined();
    const create = pr.steps.find((s: any) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(create.uses).toMatch(/@v\d+\.\d+\.\d+$/);
    expect(create.with).toMatchObject({
      token: '${{ secrets.PROJEN_GITHUB_TOKEN }}',
      title: 'chore(deps): upgrade kfp-aws-project and projen',
      branch: 'github-actions/upgrade',
    });
    expect(create.with.body).toContain('re-synthesizes the repo from `.projenrc.ts`');
  });

  test('the task raises kfp-aws-project and projen within their ranges, then re-synthesizes', () => {
    expect(task.env).toEqual({ CI: '0' });
    const [ncu, install, update, synth] = task.steps;
    expect(ncu.execArgs).toEqual(expect.arrayContaining(['npm-check-updates@20', '--upgrade', '--target=patch', '--filter=kfp-aws-project,projen']));
    expect(install).toEqual({ exec: 'npm install' });
    expect(update).toEqual({ execArgs: ['npm', 'update', 'kfp-aws-project', 'projen'] });
    expect(synth).toEqual({ exec: 'npx projen' });
  });

  test('actionlint finds nothing in the repo\'s workflows', async () => {
    expect(Object.keys(workflows(files)).sort()).toEqual([BUILD, UPGRADE]);
    expect(await actionlint(workflows(files))).toEqual([]);
  });

  test('the README says how releases arrive, and what the token must be allowed', () => {
    const text = readmeSection(files['README.md'], 'New releases of kfp-aws-project');
    expect(text).toContain(`in the range \`^${OWN_VERSION}\``);
    expect(text).toContain(`\`${UPGRADE}\` runs every Monday`);
    expect(text).toContain('`PROJEN_GITHUB_TOKEN`');
    expect(text).toContain('`npx projen upgrade`');
  });

  test('a second synthesis leaves the workflow and the task as the first wrote them', () => {
    const outdir = synthToDisk();
    const read = () => [fs.readFileSync(path.join(outdir, UPGRADE), 'utf-8'), fs.readFileSync(path.join(outdir, '.projen/tasks.json'), 'utf-8')];
    const first = read();
    synthToDisk({}, outdir);
    expect(read()).toEqual(first);
    expect(first[0]).toBe(files[UPGRADE]);
  });
});

test('with deploymentCi: false the upgrade workflow stays, alone and lint-clean', async () => {
  const files = synthFiles({ deploymentCi: false });
  expect(Object.keys(workflows(files))).toEqual([UPGRADE]);
  expect(await actionlint(workflows(files))).toEqual([]);
});

test('depsUpgrade: false leaves out the workflow and the task; the README says how to upgrade by hand', () => {
  const files = synthFiles({ depsUpgrade: false });
  expect(files[UPGRADE]).toBeUndefined();
  expect(files['.projen/tasks.json'].tasks.upgrade).toBeUndefined();
  expect(readmeSection(files['README.md'], 'New releases of kfp-aws-project'))
    .toContain('Upgrade by hand: `npm update kfp-aws-project projen`, then `npx projen`');
});

test('depsUpgrade that is not a boolean is a KfpOptionsError naming it, and nothing is written', () => {
  const outdir = tempDir();
  expect(() => newProject({ depsUpgrade: 'yes' } as unknown as TestOptions, outdir)).toThrow(KfpOptionsError);
  expect(() => newProject({ depsUpgrade: 'yes' } as unknown as TestOptions, outdir)).toThrow(/depsUpgrade: must be a boolean, not "yes"/);
  expect(fs.readdirSync(outdir)).toEqual([]);
});

describe('the dependency on kfp-aws-project', () => {
  /** What `projen new --from <spec>` records in `devDeps`, and what package.json must then say. */
  const SPECS: ReadonlyArray<[string, string[], string]> = [
    ['no spec (a hand-written .projenrc.ts)', [], `^${OWN_VERSION}`],
    ['projen new --from kfp-aws-project', ['kfp-aws-project'], `^${OWN_VERSION}`],
    ['an exact version', ['kfp-aws-project@1.2.3'], `^${OWN_VERSION}`],
    ['a dist-tag', ['kfp-aws-project@latest'], `^${OWN_VERSION}`],
    ['any version', ['kfp-aws-project@*'], `^${OWN_VERSION}`],
    ['a range of the user\'s', ['kfp-aws-project@~1.2.3'], '~1.2.3'],
    ['a caret range of the user\'s', ['kfp-aws-project@^1.0.0'], '^1.0.0'],
    ['a range with operators', ['kfp-aws-project@>=1.2.0 <3'], '>=1.2.0 <3'],
    ['a tarball (the e2e test, local testing)', ['kfp-aws-project@file:/tmp/kfp-aws-project@1.0.0.jsii.tgz'], 'file:/tmp/kfp-aws-project@1.0.0.jsii.tgz'],
    ['a folder', ['kfp-aws-project@file:../kfp-aws-project'], 'file:../kfp-aws-project'],
  ];

  test.each(SPECS)('from %s', (_title, devDeps, expected) => {
    const pkg = synthFiles({ devDeps })['package.json'];
    expect(pkg.devDependencies['kfp-aws-project']).toBe(expected);
  });

  test('other devDeps are kept beside it', () => {
    const pkg = synthFiles({ devDeps: ['kfp-aws-project@1.2.3', 'left-pad@^1.3.0'] })['package.json'];
    expect(pkg.devDependencies).toMatchObject({ 'kfp-aws-project': `^${OWN_VERSION}`, 'left-pad': '^1.3.0' });
  });

  test('the README names a range of the user\'s as the range', () => {
    const text = readmeSection(synthFiles({ devDeps: ['kfp-aws-project@>=1.2.0 <3'] })['README.md'], 'New releases of kfp-aws-project');
    expect(text).toContain('in the range `>=1.2.0 <3`');
  });

  test('the README of a repo on a tarball says that no upgrade changes it, and how to move to the registry', () => {
    const readme = synthFiles({ devDeps: ['kfp-aws-project@file:/tmp/k.tgz'] })['README.md'];
    const text = readmeSection(readme, 'New releases of kfp-aws-project');
    expect(text).toContain('installs `kfp-aws-project` from `file:/tmp/k.tgz`');
    expect(text).toContain('write `\'kfp-aws-project\'` there instead');
  });
});
