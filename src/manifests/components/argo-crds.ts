import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { CrdSpec } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { KubeCustomResourceDefinition } from '../kube';

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
export function customResourceDefinition(scope: Construct, spec: CrdSpec): ApiObject {
  return new KubeCustomResourceDefinition(scope, `${spec.plural}.${spec.group}`, {
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
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
        subresources: spec.statusSubresource ? { status: {} } : undefined,
      }],
    },
  });
}
