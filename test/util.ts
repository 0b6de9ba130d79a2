import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Testing } from 'projen';
import { IamMechanism, KfpAwsProject, KfpAwsProjectOptions } from '../src';
import { ComponentName, DEFAULT_KFP_VERSION, findRelease, KfpImages, KfpRelease, RELEASES, WorkloadLayout } from '../src/catalog';

const created: string[] = [];

// Each test file gets its own copy of this module, so this removes the folders that file created.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir (removed after the test file): projen must never synthesize into the repo. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfp-aws-test-'));
  created.push(dir);
  return dir;
}

export type TestOptions = Omit<KfpAwsProjectOptions, 'name'> & { readonly name?: string };

/** A project in a temp dir. */
export function newProject(options: TestOptions = {}, outdir = tempDir()): KfpAwsProject {
  return new KfpAwsProject({ name: 'test-deployment', outdir, ...options });
}

/** Every generated file's content, keyed by path (the temp dir is removed afterwards). */
export function synthFiles(options: TestOptions = {}): Record<string, any> {
  return Testing.synth(newProject(options));
}

/**
 * Synthesizes into `outdir` and leaves the files there, without the npm install that follows a real synthesis.
 */
export function synthToDisk(options: TestOptions = {}, outdir = tempDir()): string {
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    newProject(options, outdir).synth();
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previous;
  }
  return outdir;
}

/** Every document of a YAML stream. */
export function parseYaml(content: string): any[] {
  return yaml.loadAll(content).filter((d) => d !== null && d !== undefined);
}

/** `kubectl kustomize <dir>`, parsed. */
export function kustomize(dir: string): any[] {
  return parseYaml(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf-8' }));
}

/** The one object of `kind` named `name` among `objects`; fails the test when absent. */
export function findObject(objects: readonly any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`No ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** The IAM mechanisms `release` supports. */
export function mechanismsOf(release: KfpRelease): IamMechanism[] {
  return Object.values(IamMechanism).filter((mechanism) => !release.unsupportedIamMechanisms?.[mechanism]);
}

/**
 * A release as a row of `describe.each` / `test.each`: its version (for `%s` in the title and for `kfpVersion`) and its
 * catalog entry (for the facts the test expects).
 */
export type ReleaseRow = [version: string, release: KfpRelease];

/**
 * The releases of the catalog that `predicate` accepts, newest first, as rows for `describe.each`. Tests that take their
 * releases from here test a release added to the catalog without an edit.
 */
export function releasesWhere(predicate: (release: KfpRelease) => boolean): ReleaseRow[] {
  return RELEASES.filter(predicate).map((release): ReleaseRow => [release.version, release]);
}

/** Every release of the catalog. */
export function allReleases(): ReleaseRow[] {
  return releasesWhere(() => true);
}

/** The releases whose KFP servers follow `layout`'s pod specs. */
export function releasesOf(layout: WorkloadLayout): ReleaseRow[] {
  return releasesWhere((release) => release.workloads === layout);
}

/** The releases whose `components` list has `component`, of `layout` only when it is given. */
export function releasesWith(component: ComponentName, layout?: WorkloadLayout): ReleaseRow[] {
  return releasesWhere((release) => release.components.includes(component) && (layout === undefined || release.workloads === layout));
}

/** The releases whose `components` list lacks `component`. */
export function releasesWithout(component: ComponentName): ReleaseRow[] {
  return releasesWhere((release) => !release.components.includes(component));
}

/** The releases with an image for `role`. */
export function releasesWithImage(role: keyof KfpImages): ReleaseRow[] {
  return releasesWhere((release) => release.images[role] !== undefined);
}

/** The release a project gets without `kfpVersion`: tests that use the defaults read its facts from here. */
export function defaultRelease(): KfpRelease {
  return findRelease(DEFAULT_KFP_VERSION)!;
}

/**
 * Every file under `dir` with its content, keyed by path relative to `dir`; with `modes`, each content is prefixed by
 * its permission bits (read-only generated files are part of the contract).
 */
export function readTree(dir: string, modes = false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = `${modes ? `${fs.statSync(full).mode.toString(8).slice(-3)} ` : ''}${fs.readFileSync(full, 'utf-8')}`;
    }
  };
  walk(dir);
  return out;
}

/** The README's section under `## title`, up to the next `## ` heading; throws when there is none. */
export function readmeSection(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "${title}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Whether the README has a section `## title`. */
export const hasReadmeSection = (readme: string, title: string) => readme.includes(`\n## ${title}\n`);
