import { KFP_2_17_0 } from './kfp-2.17.0';
import type { KfpRelease } from './release';

export * from './release';

/** Every supported release, newest first. */
export const RELEASES: readonly KfpRelease[] = [KFP_2_17_0];

/** The release a new deployment repo gets. */
export const DEFAULT_KFP_VERSION = RELEASES[0].version;

/** The versions users may ask for. */
export const SUPPORTED_KFP_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);

/** The catalog entry of `version`, or `undefined` when it is not supported. */
export function findRelease(version: string): KfpRelease | undefined {
  return RELEASES.find((r) => r.version === version);
}
