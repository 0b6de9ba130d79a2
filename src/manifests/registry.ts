import type { Construct } from 'constructs';
import type { KfpComponentProps } from './component';
import { ArgoCrds } from './components/argo-crds';
import { InstallNamespace } from './components/namespace';
import { PipelineInstallConfig } from './components/pipeline-install-config';
import { PipelineRunner } from './components/pipeline-runner';
import { WorkflowController } from './components/workflow-controller';

/** A component construct: `(scope, id, props)`, the cdk8s signature. */
export type ComponentClass = new (scope: Construct, id: string, props: KfpComponentProps) => Construct;

/** A component that a release may list. */
export interface ComponentEntry {
  readonly type: ComponentClass;
  /** `false` renders the component's own objects without a namespace (only the Namespace itself). */
  readonly namespaced: boolean;
  /** One line for the README's component table. */
  readonly summary: string;
}

/**
 * Every component construct, by the name releases use in their `components` list (also the folder under `base/`).
 * Where components of two releases match, one construct serves both and reads the differences from the catalog.
 */
export const COMPONENT_REGISTRY: Readonly<Record<string, ComponentEntry>> = {
  'namespace': { type: InstallNamespace, namespaced: false, summary: 'The install\'s Namespace, with Pod Security labels' },
  'argo-crds': { type: ArgoCrds, namespaced: true, summary: 'Argo Workflows custom resource definitions (shared, in `crds/`)' },
  'workflow-controller': { type: WorkflowController, namespaced: true, summary: 'Argo Workflows controller that runs pipelines, with S3 as artifact repository' },
  'pipeline-runner': { type: PipelineRunner, namespaced: true, summary: 'ServiceAccount and Role that pipeline steps run as' },
  'pipeline-install-config': { type: PipelineInstallConfig, namespaced: true, summary: 'Install parameters (`pipeline-install-config`) the KFP 2.x workloads read' },
};

/** The registry entry of `name`; a release naming an unknown component is a catalog error. */
export function componentEntry(name: string): ComponentEntry {
  const entry = COMPONENT_REGISTRY[name];
  if (!entry) throw new Error(`Unknown component "${name}" in the catalog`);
  return entry;
}
