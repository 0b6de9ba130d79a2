import type { Construct } from 'constructs';
import type { KfpConfig } from '../config';
import type { Variant } from './variant';

/** What every KFP component construct is built from. */
export interface KfpComponentProps {
  /** The resolved options. */
  readonly config: KfpConfig;
  /** The credential variant to render; `undefined` renders the credential-agnostic base. */
  readonly variant?: Variant;
  /** Where the component puts its cluster-scoped objects (the `crds/` folder). */
  readonly clusterScope: Construct;
}
