import type { Construct } from 'constructs';
import type { KfpConfig } from '../config';
import type { Variant } from './variant';

/** What every KFP component construct is built from. */
export interface KfpComponentProps {
  /** The resolved options. */
  readonly config: KfpConfig;
  /** The credential variant to render; `undefined` renders the credential-agnostic base. */
  readonly variant?: Variant;
  /** Where the component puts cluster-scoped objects that every install in the cluster shares (`crds/`). */
  readonly clusterScope: Construct;
  /**
   * Where the component puts cluster-scoped objects that belong to this install alone (`base/`, no namespace), such
   * as the Namespace or a ClusterRoleBinding to one of its ServiceAccounts. Their names must include the namespace
   * so that installs in other namespaces do not collide.
   */
  readonly installClusterScope: Construct;
}
