/*
 * A new release is a data change: this file adds one to the catalog (a 2.x release derived from 2.17.0 with
 * `releaseAfter`, its images and readers at its own tags) and runs the release-parameterized suites on it, unchanged.
 * Those suites iterate `RELEASES`, which here holds the new release alone; the releases of the real catalog stay
 * resolvable, so options that name them keep working.
 */
import type { KfpRelease } from '../../src/catalog';

const NEXT_VERSION = '2.99.0';

jest.mock('../../src/catalog', () => {
  const actual = jest.requireActual('../../src/catalog');
  const { KFP_2_17_0, KFP_2_17_0_TAGS, kfp2Images } = jest.requireActual('../../src/catalog/kfp-2.17.0');
  const { kfp2Settings } = jest.requireActual('../../src/catalog/readers/kfp-2');
  const next: KfpRelease = actual.releaseAfter(KFP_2_17_0, {
    version: '2.99.0',
    images: kfp2Images('2.99.0'),
    settings: kfp2Settings({ ...KFP_2_17_0_TAGS, kfp: '2.99.0' }),
  });
  const all: KfpRelease[] = [next, ...actual.RELEASES];
  return {
    ...actual,
    RELEASES: [next],
    SUPPORTED_KFP_VERSIONS: all.map((release) => release.version),
    findRelease: (version: string) => all.find((release) => release.version === version),
  };
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const catalog = require('../../src/catalog');

test('the catalog under test holds the derived release, with its images at its version', () => {
  expect(catalog.RELEASES.map((release: KfpRelease) => release.version)).toEqual([NEXT_VERSION]);
  expect(catalog.RELEASES[0].images.apiServer).toBe(`ghcr.io/kubeflow/kfp-api-server:${NEXT_VERSION}`);
});

/* eslint-disable @typescript-eslint/no-require-imports */
require('./provenance.test');
require('../manifests/schema.test');
require('../manifests/references.test');
require('../layout/overlays.test');
require('../manifests/iam-roles.test');
/* eslint-enable @typescript-eslint/no-require-imports */
