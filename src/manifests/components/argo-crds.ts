import { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import type { CrdSpec } from '../../catalog';
import type { KfpComponentProps } from '../component';

/**
 * Argo's custom resource definitions in their minimal form: names and versions, with a structural schema that
 * preserves unknown fields (Argo validates workflows itself).
 */
export class ArgoCrds extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    for (const crd of props.config.release.argo.crds) {
      customResourceDefinition(props.clusterScope, crd);
    }
  }
}

/** A CRD for `spec`, with an open structural schema. */
export function customResourceDefinition(scope: Construct, spec: CrdSpec): k8s.KubeCustomResourceDefinition {
  return new k8s.KubeCustomResourceDefinition(scope, `${spec.plural}.${spec.group}`, {
    metadata: { name: `${spec.plural}.${spec.group}` },
    spec: {
      group: spec.group,
      names: {
        kind: spec.kind,
        listKind: `${spec.kind}List`,
        plural: spec.plural,
        singular: spec.singular,
        shortNames: spec.shortNames?.length ? [...spec.shortNames] : undefined,
      },
      scope: spec.scope,
      versions: [{
        name: spec.version,
        served: true,
        storage: true,
        schema: {
          openApiv3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { type: 'object', xKubernetesPreserveUnknownFields: true },
              status: { type: 'object', xKubernetesPreserveUnknownFields: true },
            },
          },
        },
        subresources: spec.statusSubresource ? { status: {} } : undefined,
      }],
    },
  });
}
