import { releaseSettings, WrittenSetting } from './settings';
import { RELEASES } from '../../src/catalog';

/** The record that covers `setting`: its name for env and flags, its path or a path above it for ConfigMap keys. */
function recordOf(records: Readonly<Record<string, string>> | undefined, setting: WrittenSetting): string | undefined {
  if (!records) return undefined;
  if (setting.kind !== 'keys') return setting.name in records ? setting.name : undefined;
  return Object.keys(records).find((path) => setting.name === path || setting.name.startsWith(`${path}.`));
}

describe.each(RELEASES.map((release) => [release.version, release] as const))('provenance of the settings of KFP %s', (version, release) => {
  const written = releaseSettings(version);

  test('every setting on an upstream container or ConfigMap, in every variant and option family, has a reader', () => {
    const unread = written.filter((s) => !recordOf(release.settings[s.target]?.[s.kind], s))
      .map((s) => `${s.target} ${s.kind} ${s.name}`);
    expect(unread).toEqual([]);
  });

  test('every reader is written by some variant and option family, so the record holds no setting that was dropped', () => {
    const used = new Set(written.map((s) => `${s.target} ${s.kind} ${recordOf(release.settings[s.target]?.[s.kind], s)}`));
    const stale = Object.entries(release.settings).flatMap(([target, readers]) =>
      (['env', 'args', 'keys'] as const).flatMap((kind) => Object.keys(readers[kind] ?? {}).map((name) => `${target} ${kind} ${name}`)))
      .filter((record) => !used.has(record));
    expect(stale).toEqual([]);
  });

  test('every reader names a file of a repository at a tag, or a script of this package; KFP\'s at the release', () => {
    for (const readers of Object.values(release.settings)) {
      for (const reader of [readers.env, readers.args, readers.keys].flatMap((r) => Object.values(r ?? {}))) {
        expect(reader).toMatch(/^(kfp-aws-project|[\w.-]+\/[\w.-]+(@[\w.^-]+)?):[\w./-]+/);
        if (reader.startsWith('kubeflow/pipelines')) expect(reader.startsWith(`kubeflow/pipelines@${version}:`)).toBe(true);
      }
    }
  });
});
