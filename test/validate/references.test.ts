import * as path from 'path';
import { CacheWebhook } from '../../src';
import { resolveConfig } from '../../src/config';
import { externalObjects } from '../../src/manifests/external-objects';
import { ExternalObject, externalObjectSpec, KubeObject, parseExternalObject, referenceProblems } from '../../src/validate';
import { findObject, kustomize, synthToDisk } from '../util';

const NS = 'kfp-ns';
/**
 * The build the check runs on: a KFP 2.17.0 install (restricted layout) with the cache webhook, whose objects have every
 * kind of reference the check follows. test/manifests/references.test.ts runs the check on the build of every release.
 */
const FIXTURE_VERSION = '2.17.0';
const options = { kfpVersion: FIXTURE_VERSION, bucket: 'refs-bucket', namespace: NS, cacheWebhook: CacheWebhook.CERT_MANAGER };
const dir = synthToDisk(options);
const built = [...kustomize(path.join(dir, 'crds')), ...kustomize(path.join(dir, 'overlay/iam'))];
const external = externalObjects(resolveConfig({ name: 'x', ...options }), 'iam');

/** The build with `change` applied to a copy of the object of `kind` named `name`. */
function withChange(kind: string, name: string, change: (object: any) => void): KubeObject[] {
  const copy = structuredClone(findObject(built, kind, name));
  change(copy);
  return built.map((o) => (o.kind === kind && o.metadata.name === name ? copy : o));
}

const without = (kind: string, name: string) => built.filter((o) => !(o.kind === kind && o.metadata.name === name));

describe(`the reference check, on a KFP ${FIXTURE_VERSION} build`, () => {
  test('passes the build of crds/ with an overlay, given what the user and the pods create', () => {
    expect(referenceProblems(built, external)).toEqual([]);
  });

  test('reports a removed ServiceAccount where pods run as it and where bindings name it', () => {
    expect(referenceProblems(without('ServiceAccount', 'ml-pipeline-ui'), external)).toEqual([
      `Deployment ${NS}/ml-pipeline-ui: ServiceAccount ${NS}/ml-pipeline-ui does not exist`,
      `RoleBinding ${NS}/ml-pipeline-ui: ServiceAccount ${NS}/ml-pipeline-ui does not exist`,
    ]);
  });

  test('reports a misspelt ConfigMap key with every pod that reads it', () => {
    const objects = withChange('ConfigMap', 'pipeline-install-config', (cm) => {
      cm.data.mysqlHosT = cm.data.mysqlHost;
      delete cm.data.mysqlHost;
    });
    const problems = referenceProblems(objects, external);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContain(`Deployment ${NS}/ml-pipeline: ConfigMap ${NS}/pipeline-install-config has no key mysqlHost`);
    for (const problem of problems) expect(problem).toMatch(/: ConfigMap kfp-ns\/pipeline-install-config has no key mysqlHost$/);
  });

  test('reports a Secret nobody creates, and a key the user is not told to put in theirs', () => {
    const renamed = withChange('Deployment', 'mysql', (d) => {
      const env = d.spec.template.spec.containers[0].env;
      env.find((e: any) => e.name === 'MYSQL_USER').valueFrom.secretKeyRef.key = 'user';
      env.find((e: any) => e.name === 'MYSQL_PASSWORD').valueFrom.secretKeyRef.name = 'mysql-secrets';
    });
    expect(referenceProblems(renamed, external)).toEqual([
      `Deployment ${NS}/mysql: Secret ${NS}/mysql-secret has no key user`,
      `Deployment ${NS}/mysql: Secret ${NS}/mysql-secrets does not exist`,
    ]);
  });

  test('accepts any key of an external object listed without keys, and nothing in another namespace', () => {
    const objects = withChange('Deployment', 'cache-server', (d) => {
      d.spec.template.spec.volumes[0].secret.items = [{ key: 'whatever.pem', path: 'x' }];
    });
    expect(referenceProblems(objects, external)).toEqual([]);
    const elsewhere = external.map((o): ExternalObject => ({ ...o, namespace: 'other' }));
    expect(referenceProblems(built, elsewhere)).toContain(`Deployment ${NS}/cache-server: Secret ${NS}/webhook-server-tls does not exist`);
  });

  test('ignores optional references', () => {
    const objects = withChange('Deployment', 'ml-pipeline-ui', (d) => {
      d.spec.template.spec.containers[0].env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } });
      d.spec.template.spec.containers[0].envFrom = [{ secretRef: { name: 'absent', optional: true } }];
    });
    expect(referenceProblems(objects, external)).toEqual([]);
  });

  test('reports a missing PVC, a mount without a volume and a PriorityClass outside the build', () => {
    const workflowController = findObject(built, 'Deployment', 'workflow-controller');
    expect(workflowController.spec.template.spec.priorityClassName).toBe('workflow-controller');
    const objects = withChange('Deployment', 'mysql', (d) => {
      d.spec.template.spec.containers[0].volumeMounts.push({ name: 'scratch', mountPath: '/scratch' });
    }).filter((o) => o.kind !== 'PersistentVolumeClaim' && o.kind !== 'PriorityClass');
    expect(referenceProblems(objects, external)).toEqual([
      `Deployment ${NS}/mysql: container mysql mounts volume scratch, which the pod does not have`,
      `Deployment ${NS}/mysql: PersistentVolumeClaim ${NS}/mysql-pv-claim does not exist`,
      `Deployment ${NS}/workflow-controller: PriorityClass workflow-controller does not exist`,
    ]);
  });

  test('reports selectors that match no pod, and a named target port no container has', () => {
    const objects = withChange('Deployment', 'cache-server', (d) => {
      d.spec.template.metadata.labels.app = 'cache';
      d.spec.template.spec.containers[0].ports[0].name = 'webhook';
    });
    expect(referenceProblems(objects, external)).toEqual([
      `Deployment ${NS}/cache-server: selector app=cache-server,application-crd-id=kubeflow-pipelines does not match the labels of its pod template`,
      `Service ${NS}/cache-server: selector app=cache-server,application-crd-id=kubeflow-pipelines matches no pod template in ${NS}`,
    ]);
    const renamedPort = withChange('Deployment', 'cache-server', (d) => {
      d.spec.template.spec.containers[0].ports[0].name = 'webhook';
    });
    expect(referenceProblems(renamedPort, external)).toEqual([
      `Service ${NS}/cache-server: targetPort webhook-api is no container port of the pods it selects`,
    ]);
  });

  test('reports a binding to a missing role, to a ClusterRole the build lacks, and to a subject in another namespace', () => {
    const clusterBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `extra-${NS}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'left-out' },
      subjects: [{ kind: 'ServiceAccount', name: 'ml-pipeline', namespace: NS }],
    };
    const objects = [...withChange('RoleBinding', 'ml-pipeline', (b) => {
      b.roleRef.name = 'ml-pipelines';
      b.subjects[0].namespace = 'kubeflow';
    }), clusterBinding];
    expect(referenceProblems(objects, external)).toEqual([
      `RoleBinding ${NS}/ml-pipeline: Role ${NS}/ml-pipelines does not exist`,
      'RoleBinding kfp-ns/ml-pipeline: ServiceAccount kubeflow/ml-pipeline does not exist',
      `ClusterRoleBinding extra-${NS}: ClusterRole left-out does not exist`,
    ]);
  });

  test('reports objects in a namespace that is not created, and an object given twice', () => {
    const objects = [...without('Namespace', NS), findObject(built, 'ServiceAccount', 'mysql')];
    const problems = referenceProblems(objects, external);
    expect(problems).toContain(`ConfigMap ${NS}/pipeline-install-config: Namespace ${NS} does not exist`);
    expect(problems).toContain(`ServiceAccount ${NS}/mysql: given more than once`);
    expect(problems.every((p) => p.endsWith(`Namespace ${NS} does not exist`) || p.endsWith('given more than once'))).toBe(true);
  });
});

describe('an external object as a command-line word', () => {
  test.each<[ExternalObject, string]>([
    [{ kind: 'Secret', namespace: NS, name: 'mysql-secret', keys: ['username', 'password'] }, 'Secret/kfp-ns/mysql-secret=username,password'],
    [{ kind: 'Secret', namespace: NS, name: 'webhook-server-tls' }, 'Secret/kfp-ns/webhook-server-tls'],
    [{ kind: 'ClusterRole', name: 'view' }, 'ClusterRole/view'],
    [{ kind: 'ConfigMap', namespace: NS, name: 'empty', keys: [] }, 'ConfigMap/kfp-ns/empty='],
  ])('%j is %s and reads back unchanged', (object, word) => {
    expect(externalObjectSpec(object)).toBe(word);
    expect(parseExternalObject(word)).toEqual({ namespace: undefined, keys: undefined, ...object });
  });

  test.each(['Secret', 'Secret/a/b/c', '/ns/name', 'Secret/ns/name=a=b', 'Secret/ns/'])('%s is refused', (word) => {
    expect(() => parseExternalObject(word)).toThrow(`${JSON.stringify(word)} is not KIND/NAMESPACE/NAME[=KEY,...] or KIND/NAME[=KEY,...]`);
  });
});
