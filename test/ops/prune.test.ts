import * as fs from 'fs';
import * as path from 'path';
import { changes, Cluster, KubeObject, KubectlCall, runScript, ScriptRun } from './kubectl-stub';
import { INVENTORY_CONFIGMAP, labelValue, REPO_LABEL } from '../../src/ops/prune';
import { kustomize, parseYaml, synthToDisk, TestOptions } from '../util';

const HOST = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const BASE: TestOptions = { name: 'acme-kfp-deploy', bucket: 'acme-kfp', namespace: 'ml' };
const SECRETS = ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'];
/** What the in-cluster MySQL's volume needs: a default StorageClass and its CSI driver. */
const STORAGE: KubeObject[] = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ebs.csi.aws.com' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com' } },
];

/** `<namespace or -> <type>/<name>` of every object kustomize builds from `dir`, as the scripts record them. */
function inventoryOf(dir: string): string[] {
  return kustomize(dir).map((o) => {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
    const type = group ? `${o.kind.toLowerCase()}.${version}.${group}` : o.kind.toLowerCase();
    return `${o.metadata.namespace ?? '-'} ${type}/${o.metadata.name}`;
  }).sort();
}

/** The inventory ConfigMap of `repo` in `namespace`, as the cluster would hold it. */
function inventory(namespace: string, lines: readonly string[], repo = BASE.name!): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: INVENTORY_CONFIGMAP, namespace, labels: { 'app.kubernetes.io/managed-by': 'kfp-aws-project', [REPO_LABEL]: labelValue(repo) } },
    data: { objects: `${lines.join('\n')}\n` },
  };
}

/** The objects the run recorded as inventories, by namespace. */
function writtenInventories(run: ScriptRun): Record<string, string[]> {
  const written: Record<string, string[]> = {};
  for (const call of run.calls.filter((c) => c.args[0] === 'apply' && c.stdin)) {
    for (const object of parseYaml(call.stdin!)) {
      if (object.kind !== 'ConfigMap' || object.metadata.name !== INVENTORY_CONFIGMAP) continue;
      expect(object.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kfp-aws-project', [REPO_LABEL]: 'acme-kfp-deploy' });
      written[object.metadata.namespace] = object.data.objects.trim().split('\n').sort();
    }
  }
  return written;
}

/** The `kubectl delete` calls of the run, as `<namespace or -> <ref>`. */
function deletions(calls: readonly KubectlCall[]): string[] {
  return calls.filter(({ args }) => args[args[0] === '-n' ? 2 : 0] === 'delete').map(({ args }) => {
    const ns = args[0] === '-n' ? args[1] : '-';
    return `${ns} ${args[args.length - 1]}`;
  });
}

const inCluster = synthToDisk(BASE);
const inClusterObjects = inventoryOf(path.join(inCluster, 'overlay/accesskey'));
const external = synthToDisk({ ...BASE, externalDatabase: { host: HOST } });
const externalObjects = inventoryOf(path.join(external, 'overlay/accesskey'));
/** What the in-cluster install has and the external one does not: MySQL's objects. */
const dropped = inClusterObjects.filter((line) => !externalObjects.includes(line));

describe('deploy prunes what the repo no longer generates', () => {
  test('the switch to an external database drops MySQL\'s objects, its volume claim among them', () => {
    expect(dropped).toEqual(expect.arrayContaining(['ml deployment.v1.apps/mysql', 'ml service/mysql', 'ml persistentvolumeclaim/mysql-pv-claim']));
    expect(dropped.every((line) => line.startsWith('ml '))).toBe(true);
  });

  test('a first deploy removes nothing and records every object the overlay builds, with the repo\'s labels', () => {
    const run = runScript(inCluster, 'install.sh', ['accesskey'], { cluster: { context: 'c', secrets: SECRETS, objects: STORAGE } });
    expect(run.status).toBe(0);
    expect(deletions(run.calls)).toEqual([]);
    expect(run.stdout).toContain('nothing to remove');
    expect(writtenInventories(run)).toEqual({ ml: inClusterObjects });
  });

  test('with --yes, removes the dropped objects after the rollout, keeps the volume claim and says why', () => {
    const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [inventory('ml', inClusterObjects)] };
    const run = runScript(external, 'install.sh', ['accesskey', '--yes'], { cluster });
    expect(run.status).toBe(0);
    const removed = dropped.filter((line) => !line.includes('persistentvolumeclaim/'));
    expect(deletions(run.calls).sort()).toEqual(removed.sort());
    const calls = run.calls.map((c) => c.args.join(' '));
    const firstDelete = calls.findIndex((c) => c.includes(' delete '));
    expect(calls.findIndex((c) => c.includes('condition=Available'))).toBeLessThan(firstDelete);
    expect(run.stdout).toContain('persistentvolumeclaim/mysql-pv-claim in namespace ml: its volume, the in-cluster MySQL with every pipeline, run and metadata, is deleted with it (only with --prune-data)');
    expect(run.stdout).toContain('kept, since removing them deletes data: run again with --yes --prune-data');
    // The kept claim stays in the record, so the next deploy offers it again.
    expect(writtenInventories(run)).toEqual({ ml: [...externalObjects, 'ml persistentvolumeclaim/mysql-pv-claim'].sort() });
  });

  test('with --yes --prune-data, removes the volume claim as well', () => {
    const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [inventory('ml', inClusterObjects)] };
    const run = runScript(external, 'install.sh', ['accesskey', '--yes', '--prune-data'], { cluster });
    expect(run.status).toBe(0);
    expect(deletions(run.calls).sort()).toEqual([...dropped].sort());
    expect(writtenInventories(run)).toEqual({ ml: externalObjects });
  });

  test('without --yes and without a terminal, removes nothing and keeps it all on record', () => {
    const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [inventory('ml', inClusterObjects)] };
    const run = runScript(external, 'install.sh', ['accesskey'], { cluster });
    expect(run.status).toBe(0);
    expect(deletions(run.calls)).toEqual([]);
    expect(run.stdout).toContain('deployment.v1.apps/mysql in namespace ml');
    expect(run.stdout).toContain('nobody can confirm (standard input is not a terminal), so they stay: run again with --yes');
    expect(writtenInventories(run)).toEqual({ ml: [...new Set([...externalObjects, ...dropped])].sort() });
  });

  test('on a terminal, removes after a yes and not after another answer', () => {
    const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [inventory('ml', inClusterObjects)] };
    const yes = runScript(external, 'install.sh', ['accesskey'], { cluster, terminal: true, input: 'y\n' });
    expect(yes.status).toBe(0);
    expect(deletions(yes.calls)).toContain('ml deployment.v1.apps/mysql');
    const no = runScript(external, 'install.sh', ['accesskey'], { cluster, terminal: true, input: 'n\n' });
    expect(no.status).toBe(0);
    expect(deletions(no.calls)).toEqual([]);
  });

  test('removes nothing when the rollout times out, and leaves the record as it was', () => {
    const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [inventory('ml', inClusterObjects)], rolloutTimesOut: true };
    const run = runScript(external, 'install.sh', ['accesskey', '--yes'], { cluster });
    expect(run.status).not.toBe(0);
    expect(deletions(run.calls)).toEqual([]);
    expect(writtenInventories(run)).toEqual({});
  });

  test('objects a user adds in a kustomize component are recorded too', () => {
    const repo = synthToDisk(BASE);
    const custom = path.join(repo, 'extra');
    fs.mkdirSync(custom);
    fs.writeFileSync(path.join(custom, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- configmap.yaml\n');
    fs.writeFileSync(path.join(custom, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: team-settings\n  namespace: ml\ndata:\n  a: "1"\n');
    const kustomization = path.join(repo, 'overlay/accesskey/kustomization.yaml');
    fs.chmodSync(kustomization, 0o644);
    fs.appendFileSync(kustomization, 'components:\n- ../../extra\n');
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { context: 'c', secrets: SECRETS, objects: STORAGE } });
    expect(run.status).toBe(0);
    expect(writtenInventories(run).ml).toContain('ml configmap/team-settings');
  });
});

describe('deploy of the first install prunes namespaces the repo no longer uses', () => {
  // The repo was deployed to namespace `kubeflow` and has moved to `ml`; another repo's install runs in `other`.
  const old = inClusterObjects.map((line) => line.replace(/^ml /, 'kubeflow ').replace(/\/ml$/, '/kubeflow'));
  const otherRepo = inventory('other', ['other deployment.v1.apps/ml-pipeline'], 'someone-else');
  const cluster: Cluster = { context: 'c', secrets: SECRETS, objects: [...STORAGE, inventory('kubeflow', old), otherRepo] };

  test('removes the objects of the old namespace, keeps its namespace and claim, and records them there', () => {
    const run = runScript(inCluster, 'install.sh', ['accesskey', '--yes'], { cluster });
    expect(run.status).toBe(0);
    const kept = ['- namespace/kubeflow', 'kubeflow persistentvolumeclaim/mysql-pv-claim'];
    expect(deletions(run.calls).sort()).toEqual(old.filter((line) => !kept.includes(line)).sort());
    expect(run.stdout).toContain('namespace/kubeflow: everything in it is deleted with it, Secrets and volumes included (only with --prune-data)');
    expect(writtenInventories(run)).toEqual({ ml: inClusterObjects, kubeflow: kept.sort() });
    // Nothing of the other repo is read or touched.
    expect(run.calls.some(({ args }) => args.includes('other'))).toBe(false);
  });

  test('with --prune-data, removes the old namespace last, and its record with it', () => {
    const run = runScript(inCluster, 'install.sh', ['accesskey', '--yes', '--prune-data'], { cluster });
    expect(run.status).toBe(0);
    const removed = deletions(run.calls);
    expect(removed[removed.length - 1]).toBe('- namespace/kubeflow');
    expect(removed.slice(0, -1).sort()).toEqual(old.filter((line) => line !== '- namespace/kubeflow').sort());
    expect(writtenInventories(run)).toEqual({ ml: inClusterObjects });
  });

  test('an additional install looks only at its own namespace', () => {
    const repo = synthToDisk({ ...BASE, additionalInstalls: [{ namespace: 'team-a' }] });
    const run = runScript(repo, 'installs/team-a/scripts/install.sh', ['accesskey', '--yes'], { cluster });
    expect(run.status).toBe(0);
    expect(deletions(run.calls)).toEqual([]);
    expect(run.calls.some(({ args }) => args.includes('--all-namespaces'))).toBe(false);
  });

  test('diff lists what deploy would remove, and removes nothing', () => {
    const run = runScript(inCluster, 'diff.sh', ['accesskey'], { cluster });
    expect(run.status).toBe(0);
    expect(deletions(run.calls)).toEqual([]);
    expect(changes(run.calls)).toEqual([]);
    expect(run.stdout).toContain('deployment.v1.apps/ml-pipeline in namespace kubeflow');
    expect(run.stdout).toContain('deploy removes them after confirmation, or with --yes');
  });
});

test('the README says what deploy removes, its record and labels, and the flags', () => {
  const readme = fs.readFileSync(path.join(inCluster, 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('### What deploy removes'), readme.indexOf('Before you apply'));
  expect(section).toContain(`ConfigMap \`${INVENTORY_CONFIGMAP}\` of \`ml\``);
  expect(section).toContain('`kfp-aws-project.io/repo=acme-kfp-deploy`');
  expect(section).toContain('`--yes`');
  expect(section).toContain('PersistentVolumeClaims, Namespaces and CRDs go only with `--prune-data`');
});

test('labelValue turns any project name into a label value', () => {
  expect(labelValue('acme-kfp-deploy')).toBe('acme-kfp-deploy');
  expect(labelValue('@acme/kfp deploy')).toBe('acme-kfp-deploy');
  expect(labelValue('x'.repeat(80))).toHaveLength(63);
  expect(labelValue('---')).toBe('repo');
});
