import type { ArgoRelease, CrdSpec, KfpImages, KfpRelease, MysqlRelease, PolicyRuleSpec, SettingReaders } from './release';

/**
 * What a release changes from its predecessor. Whatever it does not name is the predecessor's. Records keyed by name
 * (images, rules, custom resources) change per key: a value replaces the predecessor's, `null` removes it. Lists
 * (components, known issues, S3 consumers) are replaced whole.
 */
export interface ReleaseChanges extends Partial<Omit<KfpRelease, 'version' | 'images' | 'rbac' | 'crds' | 'argo' | 'mysql' | 'settings'>> {
  /** The version of the new release. */
  readonly version: string;
  readonly images?: { readonly [role in keyof KfpImages]?: string | null };
  readonly rbac?: Readonly<Record<string, readonly PolicyRuleSpec[] | null>>;
  readonly crds?: Readonly<Record<string, CrdSpec | null>>;
  readonly argo?: Partial<ArgoRelease>;
  readonly mysql?: Partial<MysqlRelease>;
  /**
   * Every setting's reader, as read at the new release's tags: never inherited, since a reader names the tag its code
   * was read at (for 2.x, `kfp2Settings(tags)` with the new tags once each file has been read again at them). Objects
   * are replaced whole.
   */
  readonly settings: Readonly<Record<string, SettingReaders>>;
}

/**
 * The catalog entry of a release that differs from `predecessor` by `changes`: a new release is a data change that
 * states only its differences. For example, a 2.x release whose images move to its version and whose readers were
 * checked at its tags:
 *
 * ```ts
 * export const KFP_2_18_0 = releaseAfter(KFP_2_17_0, {
 *   version: '2.18.0',
 *   images: kfp2Images('2.18.0'),
 *   settings: kfp2Settings({ ...KFP_2_17_0_TAGS, kfp: '2.18.0' }),
 * });
 * ```
 */
export function releaseAfter(predecessor: KfpRelease, changes: ReleaseChanges): KfpRelease {
  const { images, rbac, crds, argo, mysql, ...rest } = changes;
  return {
    ...predecessor,
    ...rest,
    images: merged({ ...predecessor.images }, images) as unknown as KfpImages,
    rbac: merged(predecessor.rbac, rbac),
    crds: merged(predecessor.crds, crds),
    argo: { ...predecessor.argo, ...argo },
    mysql: { ...predecessor.mysql, ...mysql },
  };
}

/** `base` with each key of `changes`: its value, or removed where it is `null`. */
function merged<T>(base: Readonly<Record<string, T>>, changes: Readonly<Record<string, T | null | undefined>> | undefined): Record<string, T> {
  const result: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = value;
  }
  return result;
}
