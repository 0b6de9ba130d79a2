import * as path from 'path';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { IamMechanism } from '../../src';
import { SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { findObject, kustomize, synthToDisk, TestOptions } from '../util';

/*
 * kubernetes-models 4.x, not 5.x: 5.x is ESM-only and needs Node >= 22, which ts-jest (CommonJS) cannot load here.
 *
 * The Kubernetes OpenAPI schemas behind these models check types, formats, enums and required fields, but they do not
 * forbid unknown fields (no `additionalProperties: false`), so a misspelt optional field still passes this check.
 */

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: any): { validate(): void };
}

// Keyed by the classes' own apiVersion and kind, so a key cannot disagree with the schema it selects. A kind the
// install starts to use must be added here: an object without a model fails the test rather than going unchecked.
const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  [
    ClusterRole, ClusterRoleBinding, ConfigMap, CustomResourceDefinition, Deployment, Namespace, PersistentVolumeClaim,
    PriorityClass, Role, RoleBinding, Service, ServiceAccount,
  ].map((model: ModelClass) => [`${model.apiVersion} ${model.kind}`, model]),
);

const identity = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/** Every schema violation among `objects`, one line per violation, naming the object and the field. */
function schemaProblems(objects: readonly any[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const model = MODELS.get(`${object.apiVersion} ${object.kind}`);
    if (!model) {
      problems.push(`${identity(object)}: no kubernetes-models class for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (error: any) {
      // The ajv errors carry the JSON pointer of each bad field; the message alone joins them into one line.
      const details: any[] = error?.errors ?? [{ instancePath: '', message: String(error?.message ?? error) }];
      for (const detail of details) problems.push(`${identity(object)}: ${detail.instancePath || '/'} ${detail.message}`);
    }
  }
  return problems;
}

const MECHANISMS: ReadonlyArray<[string, TestOptions]> = [
  ['IRSA', { iam: { mechanism: IamMechanism.IRSA, roleArn: 'arn:aws:iam::123456789012:role/kfp' } }],
  ['kube2iam', { iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } }],
];

const FOLDERS = ['crds', 'overlay/accesskey', 'overlay/iam', 'installs/team-b/overlay/accesskey', 'installs/team-b/overlay/iam'];

describe.each<[string, string, TestOptions]>(SUPPORTED_KFP_VERSIONS.flatMap((kfpVersion) =>
  MECHANISMS.map(([name, iam]): [string, string, TestOptions] => [kfpVersion, name, { kfpVersion, ...iam }])),
)('objects of KFP %s (%s) against the Kubernetes schemas', (_version, _name, extra) => {
  const outdir = synthToDisk({ bucket: 'schema-test', region: 'eu-central-1', namespace: 'kfp-ns', additionalInstalls: [{ namespace: 'team-b' }], ...extra });

  test.each(FOLDERS.map((folder) => [folder]))('%s', (folder: string) => {
    const objects = kustomize(path.join(outdir, folder));
    expect(objects.length).toBeGreaterThan(0);
    expect(schemaProblems(objects)).toEqual([]);
  });
});

describe('the schema check', () => {
  const objects = kustomize(path.join(synthToDisk({ bucket: 'schema-test', region: 'eu-central-1' }), 'overlay/iam'));

  test('reports a wrong type and a missing required field, naming the object and the field', () => {
    const deployment = structuredClone(findObject(objects, 'Deployment', 'ml-pipeline'));
    deployment.spec.replicas = 'two';
    delete deployment.spec.template.spec.containers[0].name;

    expect(schemaProblems([deployment])).toEqual([
      'apps/v1 Deployment kubeflow/ml-pipeline: /spec/replicas must be integer',
      'apps/v1 Deployment kubeflow/ml-pipeline: /spec/template/spec/containers/0 must have required property name',
    ]);
  });

  test('reports an object whose kind has no model instead of passing it unchecked', () => {
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'kubeflow' } };
    expect(schemaProblems([unknown])).toEqual(['example.com/v1 Widget kubeflow/w: no kubernetes-models class for example.com/v1 Widget']);
  });
});
