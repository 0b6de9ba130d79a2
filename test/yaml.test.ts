import * as yaml from 'js-yaml';
import { CacheWebhook, IamMechanism } from '../src';
import { mechanismsOf, parseYaml, synthFiles, TestOptions } from './util';
import { RELEASES } from '../src/catalog';
import { toYaml, toYamlStream, writeYaml } from '../src/yaml';

// src/yaml.ts writes most YAML itself instead of calling js-yaml's dump, and must write exactly what dump writes.

/** js-yaml's dump with the options of src/yaml.ts. */
const dump = (value: unknown) => yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });

/** What `write` returns, or the message of what it throws. */
function outcome(write: () => string): string {
  try {
    return write();
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
}

/** Strings at the edges of the scalar styles: indicators, implicit types, spaces, line breaks, escapes. */
const ODD_STRINGS = [
  '', ' ', '  ', 'a b', 'a  b', ' a', 'a ', 'a: b', 'a:b', 'a:', ':a', ':', 'a #b', 'a#b', '#a', '- a', '-a', '-', '--',
  '?', '? a', '?a', ',a', 'a,b', '[a]', 'a[b]', '{a}', 'a}', '!a', '&a', '*a', '%a', '@a', '`a', '|', '|a', '>', '>a',
  '\'a', 'it\'s', '"a"', 'a"b', 'a\\b', 'true', 'True', 'TRUE', 'false', 'yes', 'Yes', 'no', 'NO', 'on', 'Off', 'y',
  'n', 'N', 'null', 'Null', '~', '0', '123', '-5', '+5', '007', '0x1F', '0o17', '0b101', '1_000', '1:30', '190:20:30',
  '1.5', '.5', '5.', '1e3', '1.0e+3', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=',
  '==', '---', '--- a', '---a', '...', '... a', 'a\nb', 'a\n', 'a\n\n', 'a\n\n\n', '\n', '\n\n', '\na', ' a\nb',
  'a \nb', 'a\n b', 'a\n\nb', 'tab\there', '\ttab', 'a\rb', 'a\r\nb', 'x\x85y', 'nbsp\xa0', 'del\x7f', 'bell\x07',
  'esc\x1b', 'nul\0', 'ü', '日本語', '😀', 'lone \ud800', '\u2028', 'a\u2029b', '\ufeffbom', '$(VAR)', '--flag=1',
  'key=value', 'http://example.com:8080/a?b=c#d', 's3://bucket/path', 'a/b', '@', '#!/bin/bash\nset -e\n',
  '  indented\nblock\n', 'x'.repeat(300), 'long words '.repeat(40),
];

/** Every value of `values` at every position: top level, mapping value, sequence item, and nested in both. */
function inEveryPosition(values: readonly unknown[]): unknown[] {
  return values.flatMap((value) => [
    value,
    { key: value },
    [value],
    { a: { b: value }, c: [value, { d: value }] },
    [[value], { e: [value] }],
  ]);
}

/** A reproducible pseudo-random source in [0, 1) (Park and Miller's minimal standard generator). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Short strings of the characters YAML treats specially, and some letters and digits. */
function randomStrings(count: number): string[] {
  const next = random(17);
  const alphabet = [' ', ' ', '\n', '\t', ':', '#', '-', '?', '\'', '"', 'a', 'b', '1', '0', '.', '\\', '|', '>', '~', ',',
    '[', '{', '!', '&', '*', '%', '@', '`', '=', '<', 'x', 'e', '+', '_', '\x85', '\u2028', 'é', '\r'];
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

describe('writeYaml writes what js-yaml writes', () => {
  test.each(inEveryPosition(ODD_STRINGS).map((value) => [JSON.stringify(value), value]))('%s', (_title, value) => {
    expect(writeYaml(value)).toBe(dump(value));
  });

  test('odd strings as keys', () => {
    for (const key of ODD_STRINGS.filter((s) => !s.includes('\n') && s.length < 300)) {
      const value = { [key]: 'v', nested: { [key]: [key] } };
      expect(writeYaml(value)).toBe(dump(value));
    }
  });

  test('random strings as keys and values', () => {
    const strings = randomStrings(3000);
    for (const s of strings) {
      const value = { v: s, l: [s, { w: s }], ...(s.includes('\n') ? {} : { [s]: 1 }) };
      expect(writeYaml(value)).toBe(dump(value));
      expect(writeYaml(s)).toBe(dump(s));
    }
  });

  test('numbers, booleans, null, undefined and empty collections', () => {
    const values = [0, 1, -1, 8080, Number.MAX_SAFE_INTEGER, true, false, null, {}, [], { a: {} }, { a: [] }, [[]], [{}],
      { a: undefined, b: 1 }, [undefined, 1], { a: undefined }, { a: null }, { ['k'.repeat(1024)]: 1 }, Object.assign(Object.create(null), { a: 1 })];
    for (const value of inEveryPosition(values)) {
      expect(writeYaml(value)).toBe(dump(value));
    }
  });

  test('leaves other values to js-yaml, which toYaml then calls', () => {
    const values = [1.5, -0, NaN, Infinity, 1e21, new Date(0), new Map([['a', 1]]), new Set(['a']), { 'a\nb': 1 },
      { ['k'.repeat(1025)]: 1 }, { [`'${'k'.repeat(1022)}`]: 1 }, new (class Point { x = 1; })()];
    for (const value of values.flatMap((v) => [v, { key: v }, [v]])) {
      expect(writeYaml(value)).toBeUndefined();
      expect(outcome(() => toYaml(value))).toEqual(outcome(() => dump(value)));
    }
  });
});

/** What the CloudFormation template needs of each mechanism besides the role. */
const MECHANISM_SETTINGS: Record<IamMechanism, object> = {
  [IamMechanism.IRSA]: { mechanism: IamMechanism.IRSA, oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC' },
  [IamMechanism.KUBE2IAM]: { mechanism: IamMechanism.KUBE2IAM, nodeRoleArn: 'arn:aws:iam::123456789012:role/eks-nodes' },
  [IamMechanism.POD_IDENTITY]: { mechanism: IamMechanism.POD_IDENTITY, clusterName: 'kfp-prod' },
};

/** Option sets whose files between them hold every kind of generated YAML. */
const OPTION_SETS: Array<[string, TestOptions]> = RELEASES.flatMap((release) => [
  ...mechanismsOf(release).map((mechanism): [string, TestOptions] => [`${release.version} ${mechanism}`, {
    kfpVersion: release.version,
    iam: { mechanism, roleArn: 'arn:aws:iam::123456789012:role/kfp', ...(mechanism === IamMechanism.POD_IDENTITY ? { clusterName: 'c', ackAssociations: true } : {}) },
    additionalInstalls: [{ namespace: 'team-b', s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
  }]),
  [`${release.version} external database, cert-manager cache`, {
    kfpVersion: release.version,
    externalDatabase: { host: 'db.example.com', ...(release.mysql.tls ? { tlsCaConfigMap: 'rds-ca' } : {}) },
    ...(release.components.includes('cache-server') ? { cacheWebhook: CacheWebhook.CERT_MANAGER } : {}),
  }],
  [`${release.version} CloudFormation template with SSE-KMS and a lifecycle rule`, {
    kfpVersion: release.version,
    bucket: 'acme-kfp',
    region: 'eu-west-1',
    bucketKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    iam: { roleArn: 'arn:aws:iam::123456789012:role/kfp', ...MECHANISM_SETTINGS[mechanismsOf(release)[0]] },
    cloudFormation: { bucketVersioning: true, artifactExpirationDays: 30 },
  }],
]);

describe.each(OPTION_SETS)('the YAML files of a repo (KFP %s)', (_title, options) => {
  const files = Object.entries(synthFiles(options)).filter(([path]) => /\.ya?ml$/.test(path) && !path.startsWith('.github/'));

  test('are written by writeYaml, as js-yaml writes them', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const [path, content] of files) {
      const documents = parseYaml(content);
      const body = content.replace(/^(#[^\n]*\n)+/, '');
      for (const document of documents) expect(writeYaml(document)).toBe(dump(document));
      expect([path, toYamlStream(documents)]).toEqual([path, body]);
    }
  });
});
