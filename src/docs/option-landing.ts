import type { WorkloadLayout } from '../catalog';
import type { KfpConfig } from '../config';
import type { Variant } from '../manifests/variant';
import type { IamMechanism } from '../options';

/*
 * What an entry of the option landings (option-landings.ts) says, and how the README picks the places and files of one
 * install from it.
 */

/** One object field that an option's value reaches. */
export interface OptionPlace {
  readonly kind: string;
  readonly name: string;
  /** The field or key, as the README shows it. */
  readonly field: string;
  /** Set when only releases of this workload layout put the value there. */
  readonly layout?: WorkloadLayout;
  /** Set when only this IAM mechanism puts the value there. */
  readonly mechanism?: IamMechanism;
}

/** A generated file outside the manifests that an option's value reaches. */
export interface OptionFile {
  /** The path, as the README shows it (`<role>` for each role). */
  readonly path: string;
  readonly field: string;
  /** Set when only this IAM mechanism puts the value there. */
  readonly mechanism?: IamMechanism;
}

/** Where an option's value lands in the rendered install. */
export interface OptionLanding {
  readonly option: string;
  /** Every place, across all releases; the README lists those whose object the release renders. */
  readonly places: readonly OptionPlace[];
  /** Every file outside the manifests; the README lists those of the install's IAM mechanism. */
  readonly files?: readonly OptionFile[];
  /** Set when the option only matters to one variant's overlay. */
  readonly variant?: Variant;
  /** Set when the option only matters with an external database (`true`) or with the in-cluster MySQL (`false`). */
  readonly externalDatabase?: boolean;
  /** Set when the option writes folders of its own rather than fields of the install's objects: where, as the README says. */
  readonly folders?: string;
  /** Set when the option also writes entries of each overlay's `kustomization.yaml`: which, as the README says. */
  readonly kustomization?: string;
  /** Set when only this IAM mechanism reads the option. */
  readonly mechanism?: IamMechanism;
  /** Set when only releases of this workload layout have the option's objects. */
  readonly layout?: WorkloadLayout;
}

/** A place's name that stands for every object of its kind the install renders. */
export const EVERY = '*';
/** A place's name that stands for each object a key of the option names (`resources`). */
export const EACH_KEY = '<key>';

/**
 * The places of `landing` in the install of `config` whose objects are `rendered` (`Kind/name`): {@link EVERY} stands for
 * every rendered object of its kind, {@link EACH_KEY} for the Deployments the keys of `resources` name. Unless `expand`,
 * those two stay as they are, as the README shows them.
 */
export function placesIn(landing: OptionLanding, config: KfpConfig, rendered: ReadonlySet<string>, expand = true): OptionPlace[] {
  const { release, iam } = config;
  if ((landing.mechanism ?? iam.mechanism) !== iam.mechanism) return [];
  const named = (p: OptionPlace): string[] => {
    if (p.name === EVERY) return expand ? [...rendered].filter((o) => o.startsWith(`${p.kind}/`)).map((o) => o.slice(p.kind.length + 1)) : [EVERY];
    if (p.name === EACH_KEY) return expand ? [...new Set(Object.keys(config.pods.resources).map((key) => key.split('/')[0]))] : [EACH_KEY];
    return [p.name.replace('<namespace>', config.namespace)];
  };
  return landing.places.flatMap((p) => named(p).map((name) => ({ ...p, name })))
    .filter((p) => (p.layout ?? release.workloads) === release.workloads && (p.mechanism ?? iam.mechanism) === iam.mechanism
      && ((!expand && [EVERY, EACH_KEY].includes(p.name)) || rendered.has(`${p.kind}/${p.name}`)));
}

/** The files of `landing` outside the manifests, for the IAM mechanism of `config`. */
export function filesIn(landing: OptionLanding, config: KfpConfig): OptionFile[] {
  if ((landing.mechanism ?? config.iam.mechanism) !== config.iam.mechanism) return [];
  return (landing.files ?? []).filter((f) => (f.mechanism ?? config.iam.mechanism) === config.iam.mechanism);
}
