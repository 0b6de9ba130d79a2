import * as fs from 'fs';
import * as path from 'path';
import { SchemaModels, SchemaModelsMissingError, schemaProblems } from '../../src/validate';
import { findObject, kustomize, synthToDisk, tempDir } from '../util';

/** The build the check runs on; test/manifests/schema.test.ts runs the check on the build of every release. */
const FIXTURE_VERSION = '2.17.0';

describe(`the schema check, on a KFP ${FIXTURE_VERSION} build`, () => {
  const objects = kustomize(path.join(synthToDisk({ kfpVersion: FIXTURE_VERSION, bucket: 'schema-test', region: 'eu-central-1' }), 'overlay/iam'));
  const models = SchemaModels.load();

  test('passes the objects of an overlay', () => {
    expect(schemaProblems(objects, models)).toEqual([]);
  });

  test('reports a wrong type and a missing required field, naming the object and the field', () => {
    const deployment = structuredClone(findObject(objects, 'Deployment', 'ml-pipeline'));
    deployment.spec.replicas = 'two';
    delete deployment.spec.template.spec.containers[0].name;

    expect(schemaProblems([deployment], models)).toEqual([
      'Deployment kubeflow/ml-pipeline: /spec/replicas must be integer',
      'Deployment kubeflow/ml-pipeline: /spec/template/spec/containers/0 must have required property name',
    ]);
  });

  test('reports a value outside an enum and a field of the wrong shape', () => {
    const service = structuredClone(findObject(objects, 'Service', 'ml-pipeline'));
    service.spec.ports[0].protocol = 'HTTP';
    const configMap = structuredClone(findObject(objects, 'ConfigMap', 'pipeline-install-config'));
    configMap.data = ['not', 'a', 'map'];

    const problems = schemaProblems([service, configMap], models);

    expect(problems).toContain('Service kubeflow/ml-pipeline: /spec/ports/0/protocol must be equal to one of the allowed values');
    expect(problems).toContain('ConfigMap kubeflow/pipeline-install-config: /data must be object');
  });

  test('reports an object whose kind has no schema instead of passing it unchecked', () => {
    const custom = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'kubeflow' } };
    const misspelt = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'd', namespace: 'kubeflow' } };
    // v1/Container is a type of kubernetes-models, not an object kind.
    const field = { apiVersion: 'v1', kind: 'Container', metadata: { name: 'c' } };
    const traversal = { apiVersion: '../../v1', kind: 'ConfigMap', metadata: { name: 'x' } };

    expect(schemaProblems([custom, misspelt, field, traversal], models)).toEqual([
      'Widget kubeflow/w: kubernetes-models has no schema for apiVersion example.com/v1, kind Widget',
      'Deploymnet kubeflow/d: kubernetes-models has no schema for apiVersion apps/v1, kind Deploymnet',
      'Container c: kubernetes-models has no schema for apiVersion v1, kind Container',
      'ConfigMap x: kubernetes-models has no schema for apiVersion ../../v1, kind ConfigMap',
    ]);
  });
});

describe('loading kubernetes-models', () => {
  test('says how to install it when it is missing', () => {
    const load = () => SchemaModels.load([tempDir()]);
    expect(load).toThrow(SchemaModelsMissingError);
    expect(load).toThrow(/kubernetes-models is not installed .*: the schema check needs kubernetes-models 4\.x \(npm install --save-dev kubernetes-models@\^4\)/);
  });

  test('refuses a major version whose layout it does not know', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'node_modules', 'kubernetes-models'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'kubernetes-models', 'package.json'), JSON.stringify({ name: 'kubernetes-models', version: '5.0.0' }));
    expect(() => SchemaModels.load([dir])).toThrow(/kubernetes-models 5\.0\.0 is installed .*needs kubernetes-models 4\.x/);
  });

  test('finds it from the deployment repo when it is not beside this package', () => {
    const models = SchemaModels.load([tempDir(), process.cwd()]);
    expect(models.modelOf('v1', 'ConfigMap')?.kind).toBe('ConfigMap');
  });
});
