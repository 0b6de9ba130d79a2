import { KFP_0_2_3 } from './kfp-0.2.3';
import { KFP_2_17_0 } from './kfp-2.17.0';
import type { KfpRelease } from './release';

export * from './release';
export * from './release-after';

/** Every supported release, newest first. */
export const RELEASES: readonly KfpRelease[] = [KFP_2_17_0, KFP_0_2_3];

/** The release a new deployment repo gets. */
export const DEFAULT_KFP_VERSION = RELEASES[0].version;

/** The versions users may ask for. */
export const SUPPORTED_KFP_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);

/**
 * Releases users may ask for that we know not to work with this product's AWS wiring, and why: validation quotes the
 * reason instead of only listing the supported versions.
 */
export const INCOMPATIBLE_RELEASES: Readonly<Record<string, string>> = {
  '2.15.0': 'its api server rejects empty object-store keys, so IAM roles (IRSA, kube2iam) cannot be used',
};

/** The catalog entry of `version`, or `undefined` when it is not supported. */
export function findRelease(version: string): KfpRelease | undefined {
  return RELEASES.find((r) => r.version === version);
}
