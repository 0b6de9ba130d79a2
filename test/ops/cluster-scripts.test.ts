import * as path from 'path';
import { changes, Cluster, KubeObject, KubectlCall, runScript, ScriptRun } from './kubectl-stub';
import { CacheWebhook } from '../../src';
import { defaultRelease, findObject, kustomize, releasesWhere, synthToDisk, TestOptions } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';

/** A StorageClass as `kubectl get storageclass -o json` returns it. */
function storageClass(name: string, provisioner: string, isDefault = false): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** The CSIDriver a CSI driver registers, named after its provisioner. */
const csiDriver = (name: string): KubeObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name }, spec: { attachRequired: true } });

/** What the in-cluster MySQL's volume needs, as an EKS cluster has it with the EBS CSI add-on and its default class. */
const EBS_STORAGE = [storageClass('gp2', 'kubernetes.io/aws-ebs'), storageClass('ebs-csi-default-sc', 'ebs.csi.aws.com', true), csiDriver('ebs.csi.aws.com')];
const commands = (calls: readonly KubectlCall[]) => calls.map((c) => c.args.join(' '));
/** Whether any call names `crds`, the shared folder, or a CRD. */
const touchesCrds = (run: ScriptRun) => run.calls.some(({ args }) => args.some((a) => a === 'crds' || a.startsWith('customresourcedefinition')));

describe('install.sh (default release)', () => {
  const release = defaultRelease();
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC } });
  const ready: Cluster = { context: 'prod', objects: EBS_STORAGE, namespaces: ['ml'], secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] };

  test('applies crds/, waits until its CRDs are established, then the overlay, then waits for the rollout', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: ready });

    expect(run.status).toBe(0);
    const [crdWait] = run.calls.filter((c) => c.args[0] === 'wait');
    expect(crdWait.args.slice(0, 3)).toEqual(['wait', '--for', 'condition=established']);
    expect(crdWait.args).toContain('customresourcedefinition/workflows.argoproj.io');
    expect(crdWait.args).toContain('customresourcedefinition/scheduledworkflows.kubeflow.org');
    expect(commands(run.calls).filter((c) => /^(apply|wait|-n ml wait)/.test(c))).toEqual([
      'apply -k crds',
      crdWait.args.join(' '),
      'apply -k overlay/iam',
      '-n ml wait --for condition=Available --timeout=10m deployment --all',
      // the record of what it applied (test/ops/prune.test.ts)
      'apply -f -',
    ]);
    expect(run.stdout).toContain('cluster: prod, namespace: ml');
  });

  test('installs the variant it is given', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { ...ready, secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/accesskey', 'apply -f -']);
  });

  test('names every missing Secret and the script that creates it, and changes nothing', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { context: 'prod' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret mysql-secret is missing in namespace ml: create it with scripts/create-mysql-secret.sh');
    expect(run.stderr).toContain('Secret ml-pipeline-aws-secret is missing in namespace ml: create it with scripts/create-aws-secret.sh');
    // The UI's Secret, where the release's UI signs with a key.
    expect(run.stderr.includes('Secret ml-pipeline-ui-secret is missing in namespace ml: create it with scripts/create-ui-secret.sh')).toBe(release.uiSigningKey);
    expect(changes(run.calls)).toEqual([]);
  });

  test('with the cache webhook, refuses to change anything while cert-manager\'s CRDs are missing', () => {
    const withCache = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC }, cacheWebhook: CacheWebhook.CERT_MANAGER });
    const refused = runScript(withCache, 'install.sh', [], { cluster: { ...ready, customresourcedefinitions: ['issuers.cert-manager.io'] } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CRD certificates.cert-manager.io is missing: install cert-manager (https://cert-manager.io/docs/installation/)');
    expect(refused.stderr).not.toContain('CRD issuers.cert-manager.io is missing');
    expect(changes(refused.calls)).toEqual([]);
    const installed = runScript(withCache, 'install.sh', [], {
      cluster: { ...ready, customresourcedefinitions: ['issuers.cert-manager.io', 'certificates.cert-manager.io'] },
    });
    expect(installed.status).toBe(0);
    expect(commands(changes(installed.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
    // Without the cache webhook nothing asks for cert-manager.
    expect(commands(runScript(repo, 'install.sh', [], { cluster: ready }).calls).filter((c) => c.includes('cert-manager'))).toEqual([]);
  });

  test('does not ask for the AWS Secret for the iam variant', () => {
    const run = runScript(repo, 'install.sh', ['iam'], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).not.toContain('-n ml get secret ml-pipeline-aws-secret --ignore-not-found -o name');
  });

  test.each([
    ['an unknown variant', ['irsa'], 2, "unknown variant 'irsa': choose one of accesskey iam"],
    ['an unknown option', ['--forse'], 2, 'unknown option: --forse'],
  ])('rejects %s with its usage', (_, args, status, message) => {
    const run = runScript(repo, 'install.sh', args, { cluster: ready });
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: scripts/install.sh [accesskey|iam] [--force]');
    expect(run.calls).toEqual([]);
  });

  test('stops with a clear message when kubectl has no context', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: {} });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl has no current context; choose the cluster with `kubectl config use-context NAME`');
    expect(commands(run.calls)).toEqual(['config current-context']);
  });

  test('refuses the placeholders, which no cluster can use', () => {
    const placeholders = synthToDisk();
    const bucket = runScript(placeholders, 'install.sh', ['accesskey'], { cluster: ready });
    expect(bucket.status).toBe(1);
    expect(bucket.stderr).toContain('bucket is still the placeholder change-me-kfp-artifacts');

    const role = runScript(synthToDisk({ bucket: 'acme-kfp' }), 'install.sh', ['iam'], { cluster: ready });
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('overlay/iam still uses the placeholder role');
    expect(role.calls).toEqual([]);
  });

  test('refuses the placeholder while any consumer still uses it, and installs once every consumer has a role', () => {
    // GIVEN roles for some consumers only: the others still use the placeholder iam.roleArn
    const partly = synthToDisk({ bucket: 'acme-kfp', iam: { roleArns: { apiServer: ROLE, ui: ROLE }, oidcProvider: OIDC } });
    const refused = runScript(partly, 'install.sh', ['iam'], { cluster: ready });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('overlay/iam still uses the placeholder role arn:aws:iam::111122223333:role/change-me-kfp-s3-access');
    expect(refused.calls).toEqual([]);
    expect(commands(runScript(partly, 'install.sh', [], {
      cluster: { context: 'c', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] },
    }).calls)).toContain('apply -k overlay/accesskey');

    // GIVEN a role for every consumer and none shared
    const roleArns = Object.fromEntries(release.s3Consumers.map((c) => [c, `arn:aws:iam::123456789012:role/kfp-${c}`]));
    const run = runScript(synthToDisk({ bucket: 'acme-kfp', iam: { roleArns, oidcProvider: OIDC } }), 'install.sh', [], { cluster: { context: 'c', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('apply -k overlay/iam');
  });

  test('defaults to accesskey while the role is the placeholder', () => {
    const run = runScript(synthToDisk({ bucket: 'acme-kfp' }), 'install.sh', [], {
      cluster: { context: 'c', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-aws-secret', 'ml-pipeline-ui-secret'] },
    });
    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('apply -k overlay/accesskey');
  });
});

/** The object `kind`/`name` as `overlay/<variant>` of a repo with `options` applies it to the cluster. */
function renderedObject(options: TestOptions, variant: string, kind: string, name: string): KubeObject {
  return findObject(kustomize(path.join(synthToDisk(options), 'overlay', variant)), kind, name);
}

describe('install.sh over a running install', () => {
  const options = { bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC } };
  const repo = synthToDisk(options);
  const secrets = ['mysql-secret', 'ml-pipeline-ui-secret'];
  /** The ConfigMap a 2.17.0 install of this repo publishes its release in, as the cluster has it. */
  const published = renderedObject(options, 'iam', 'ConfigMap', 'kubeflow-pipelines-public');
  const publishing = (version: string): KubeObject => ({ ...published, data: { kubeflow_pipelines_version: version } });
  /** The same repo on 0.2.3, whose default mechanism (kube2iam) reads no OIDC provider. */
  const options023 = { ...options, kfpVersion: '0.2.3', iam: { roleArn: ROLE } };
  /** The api server of a 0.2.3 install, which publishes no release but in its image's tag. */
  const apiServer023 = renderedObject(options023, 'iam', 'Deployment', 'ml-pipeline');
  const install = (objects: KubeObject[], args: string[] = []) => runScript(repo, 'install.sh', args, { cluster: { context: 'prod', secrets, objects: [...EBS_STORAGE, ...objects] } });

  test('reinstalls the release that runs, as it publishes itself', () => {
    expect(published.metadata.namespace).toBe('ml');
    const run = install([published]);
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });

  test('refuses an upgrade within 2.x until forced, and says to back up first', () => {
    const refused = install([publishing('v2.16.1')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('namespace ml runs Kubeflow Pipelines 2.16.1 (ConfigMap kubeflow-pipelines-public), not 2.17.0. '
      + 'Back up its database first (README.md, "Changing settings and upgrading"), then run again with --force to upgrade it');
    expect(changes(refused.calls)).toEqual([]);

    const forced = install([publishing('v2.16.1')], ['--force']);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('warning: namespace ml runs Kubeflow Pipelines 2.16.1 (ConfigMap kubeflow-pipelines-public), not 2.17.0; installing 2.17.0 over it (--force)');
    expect(commands(changes(forced.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });

  test('reads the release of 0.2.3, which has no such ConfigMap, from the tag of its api server\'s image', () => {
    const run = install([apiServer023]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('namespace ml runs Kubeflow Pipelines 0.2.3 (the image of Deployment ml-pipeline, gcr.io/ml-pipeline/api-server:0.2.3), not 2.17.0. '
      + 'Kubeflow Pipelines has no upgrade from 0.2.3 to 2.17.0: back up its database, uninstall it and deploy 2.17.0 as a new install');
    expect(changes(run.calls)).toEqual([]);
  });

  test('refuses to go back to an older release than the one that runs', () => {
    const newer = install([publishing('v2.18.1')]);
    expect(newer.status).toBe(1);
    expect(newer.stderr).toContain('runs Kubeflow Pipelines 2.18.1 (ConfigMap kubeflow-pipelines-public), not 2.17.0, a newer release, whose database 2.17.0 may not read: set kfpVersion to 2.18.1');

    // a 0.2.3 repo over the 2.17.0 install of the same namespace
    const old = runScript(synthToDisk(options023), 'install.sh', ['accesskey'], {
      cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-aws-secret'], objects: [...EBS_STORAGE, published] },
    });
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('namespace ml runs Kubeflow Pipelines 2.17.0 (ConfigMap kubeflow-pipelines-public), not 0.2.3, a newer release');
    expect(changes(old.calls)).toEqual([]);
  });

  test('refuses an api server whose release it cannot tell until forced', () => {
    const pinned = structuredClone(apiServer023) as any;
    pinned.spec.template.spec.containers[0].image = `ghcr.io/kubeflow/kfp-api-server@sha256:${'0'.repeat(64)}`;
    const refused = install([pinned]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('runs Kubeflow Pipelines of a release that cannot be told (the image of Deployment ml-pipeline, ghcr.io/kubeflow/kfp-api-server@sha256:');
    expect(install([pinned], ['--force']).status).toBe(0);
  });

  test('looks only in its own namespace', () => {
    const elsewhere = { ...publishing('v2.16.1'), metadata: { ...published.metadata, namespace: 'team-b' } };
    expect(install([elsewhere]).status).toBe(0);
  });
});

describe('install.sh on a new EKS cluster', () => {
  const options = { bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC } };
  const repo = synthToDisk(options);
  const secrets = ['mysql-secret', 'ml-pipeline-ui-secret'];
  const install = (objects: KubeObject[], installRepo = repo) => runScript(installRepo, 'install.sh', [], { cluster: { context: 'prod', secrets, objects } });

  test('refuses a cluster without a default StorageClass, as EKS 1.30 and later create it, naming the classes it has', () => {
    const run = install([storageClass('gp2', 'kubernetes.io/aws-ebs')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No StorageClass is the default, which the volume claim mysql-pv-claim of MySQL needs (EKS 1.30 and later mark none): '
      + 'make one the default, or set mysql.storageClassName (README.md, "Before you deploy"); the cluster has: gp2\n');
    expect(changes(run.calls)).toEqual([]);
  });

  test('says the cluster has no StorageClass at all, rather than an empty list', () => {
    const run = install([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('(README.md, "Before you deploy"); the cluster has: none\n');
  });

  test('refuses an EBS StorageClass while the EBS CSI driver is missing, also for the in-tree provisioner of gp2', () => {
    for (const provisioner of ['kubernetes.io/aws-ebs', 'ebs.csi.aws.com']) {
      const run = install([storageClass('gp2', provisioner, true)]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`StorageClass gp2 provisions with ${provisioner}, but the EBS CSI driver is not installed (no CSIDriver ebs.csi.aws.com), `
        + 'so the volume claim mysql-pv-claim of MySQL would stay Pending: add the aws-ebs-csi-driver add-on (README.md, "Before you deploy")');
      expect(changes(run.calls)).toEqual([]);
      expect(install([storageClass('gp2', provisioner, true), csiDriver('ebs.csi.aws.com')]).status).toBe(0);
    }
  });

  test('with mysql.storageClassName, checks that class and not the default', () => {
    const named = synthToDisk({ ...options, mysql: { storageClassName: 'gp3-encrypted' } });
    const missing = install([...EBS_STORAGE], named);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('StorageClass gp3-encrypted (mysql.storageClassName) does not exist, so the volume claim mysql-pv-claim of MySQL would stay Pending; '
      + 'the cluster has: ebs-csi-default-sc gp2\n');
    expect(changes(missing.calls)).toEqual([]);
    // no default class needed
    expect(install([storageClass('gp3-encrypted', 'ebs.csi.aws.com'), csiDriver('ebs.csi.aws.com')], named).status).toBe(0);
  });

  test('only warns about a provisioner that registers no CSIDriver, which it cannot check', () => {
    const run = install([storageClass('local-path', 'rancher.io/local-path', true)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('warning: no CSIDriver rancher.io/local-path is registered for StorageClass local-path');
  });

  test('needs no StorageClass once the claim is bound, as on a reinstall', () => {
    const claim = renderedObject(options, 'iam', 'PersistentVolumeClaim', 'mysql-pv-claim');
    const run = install([{ ...claim, status: { phase: 'Bound' } }]);
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => /storageclass|csidriver/.test(c))).toEqual([]);
  });

  test('checks no storage for an external database', () => {
    const external = synthToDisk({ ...options, externalDatabase: { host: 'kfp.example.com' } });
    const run = install([], external);
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => /persistentvolumeclaim|storageclass|csidriver/.test(c))).toEqual([]);
  });
});

describe('install.sh when the rollout times out', () => {
  const options = { bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC } };
  const repo = synthToDisk(options);
  const rendered = (kind: string, name: string) => renderedObject(options, 'iam', kind, name);
  /** A pod of the rendered Deployment `deployment`, with `status`. */
  const podOf = (deployment: string, name: string, status: object): KubeObject => {
    const { spec: { template } } = rendered('Deployment', deployment) as any;
    return { apiVersion: 'v1', kind: 'Pod', metadata: { ...template.metadata, name, namespace: 'ml' }, spec: template.spec, status };
  };
  const waiting = (name: string, reason: string, message: string) =>
    ({ name, ready: false, restartCount: 0, state: { waiting: { reason, message } } });
  const event = (name: string, kind: string, object: string, reason: string, message: string): KubeObject => ({
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'ml' }, involvedObject: { kind, name: object, namespace: 'ml' }, reason, message, type: 'Warning',
  });
  const timesOut = (objects: KubeObject[], logs: Record<string, string> = {}) =>
    runScript(repo, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], objects: [...EBS_STORAGE, ...objects], logs, rolloutTimesOut: true } });

  test('prints the Pending claims with their events, pods that cannot start and why, and the last log lines of a crashing container', () => {
    // GIVEN a claim that cannot be provisioned, an image that cannot be pulled, a crash loop, a pod without a node, and a pod still starting
    const log = Array.from({ length: 30 }, (_, i) => `mysqld log line ${i + 1}`).join('\n');
    const run = timesOut([
      { ...rendered('PersistentVolumeClaim', 'mysql-pv-claim'), status: { phase: 'Pending' } },
      event('mysql-pv-claim.181a2b3c4d5e6f70', 'PersistentVolumeClaim', 'mysql-pv-claim', 'ProvisioningFailed',
        'failed to provision volume with StorageClass "ebs-csi-default-sc": rpc error: code = Internal desc = UnauthorizedOperation'),
      event('ml-pipeline-ui-7c9d.181a2b3c4d5e6f71', 'Pod', 'ml-pipeline-ui-7c9d', 'Failed', 'Error: ImagePullBackOff'),
      podOf('ml-pipeline-ui', 'ml-pipeline-ui-7c9d', { phase: 'Pending', containerStatuses: [waiting('ml-pipeline-ui', 'ImagePullBackOff', 'Back-off pulling image "ghcr.io/kubeflow/kfp-frontend:2.17.0"')] }),
      podOf('mysql', 'mysql-5d8f', {
        phase: 'Running',
        containerStatuses: [{ ...waiting('mysql', 'CrashLoopBackOff', 'back-off 5m0s restarting failed container=mysql pod=mysql-5d8f_ml'), restartCount: 6, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }],
      }),
      podOf('ml-pipeline', 'ml-pipeline-9f8e', {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }],
      }),
      podOf('ml-pipeline-persistenceagent', 'ml-pipeline-persistenceagent-3c4d', {
        phase: 'Running',
        containerStatuses: [{ name: 'ml-pipeline-persistenceagent', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-03T08:00:00Z' } } }],
      }),
      podOf('metadata-grpc-deployment', 'metadata-grpc-deployment-1a2b', {
        phase: 'Pending',
        initContainerStatuses: [waiting('wait-for-mysql', 'PodInitializing', '')],
        containerStatuses: [waiting('container', 'PodInitializing', '')],
      }),
    ], { 'mysql-5d8f/mysql': log });

    // THEN it fails, and says why
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Not every Deployment in namespace ml is available after 10m. What the cluster reports:');
    expect(run.stderr).toContain('  PersistentVolumeClaim mysql-pv-claim is Pending; its last events:\n'
      + '    Warning ProvisioningFailed: failed to provision volume with StorageClass "ebs-csi-default-sc": rpc error: code = Internal desc = UnauthorizedOperation\n');
    expect(run.stderr).toContain('  Pod ml-pipeline-ui-7c9d, container ml-pipeline-ui: ImagePullBackOff: Back-off pulling image "ghcr.io/kubeflow/kfp-frontend:2.17.0"\n'
      + '    the nodes cannot pull the image');
    expect(run.stderr).toContain('  Pod mysql-5d8f, container mysql: CrashLoopBackOff: back-off 5m0s restarting failed container=mysql pod=mysql-5d8f_ml\n'
      + '    its last 20 log lines before it exited:\n    | mysqld log line 11\n');
    expect(run.stderr).toContain('    | mysqld log line 30\n');
    expect(run.stderr).not.toContain('mysqld log line 10\n');
    expect(run.stderr).toContain('  Pod ml-pipeline-9f8e cannot be scheduled (Unschedulable): 0/2 nodes are available: 2 Insufficient memory.');
    expect(run.stderr).not.toContain('metadata-grpc-deployment-1a2b');
    expect(run.stderr).not.toContain('persistenceagent');
    expect(run.stderr).toMatch(/error: the install is applied, but not every Deployment is available after 10m: fix what is above \(README.md, "Troubleshooting"\)/);
    expect(commands(run.calls)).toContain('-n ml logs mysql-5d8f -c mysql --previous --tail=20');
  });

  test('says so when the cluster reports no cause', () => {
    const run = timesOut([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no claim is Pending and no container is waiting: kubectl -n ml get pods shows the state of each pod');
  });

  test('reads nothing of the kind when the rollout completes', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], objects: EBS_STORAGE } });
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => /get (pods|events)|logs/.test(c))).toEqual([]);
  });
});

describe.each(releasesWhere((r) => r.mysql.tls))('install.sh of KFP %s with an external database', (kfpVersion) => {
  const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
  const withTls = synthToDisk({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC }, externalDatabase: { host: RDS, tlsCaConfigMap: 'rds-ca' } });

  test('with TLS, names the missing CA ConfigMap and where the README says how to create it, and changes nothing', () => {
    const run = runScript(withTls, 'install.sh', [], { cluster: { context: 'prod', secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ConfigMap rds-ca is missing in namespace ml: create it from the CA bundle of the database server (README.md, "The database")');
    expect(run.stderr).not.toContain('Secret mysql-secret is missing');
    expect(changes(run.calls)).toEqual([]);
  });

  test('with TLS, installs once the CA ConfigMap and the Secret exist', () => {
    const run = runScript(withTls, 'install.sh', [], { cluster: { context: 'prod', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-ui-secret'], configmaps: ['rds-ca'] } });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });

  test('without TLS, asks for no ConfigMap', () => {
    const repo = synthToDisk({ kfpVersion, bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC }, externalDatabase: { host: RDS } });
    const run = runScript(repo, 'install.sh', [], { cluster: { context: 'prod', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
    expect(run.status).toBe(0);
    // the only ConfigMap it reads is the one a running install publishes its release in
    expect(commands(run.calls).filter((c) => c.includes('configmap') && !c.includes('kubeflow-pipelines-public') && !c.includes('kfp-aws-project'))).toEqual([]);
  });

  test('uninstall says the databases on the server stay, and the in-cluster install says its volume goes', () => {
    const external = runScript(withTls, 'uninstall.sh', ['--dry-run']);
    expect(external.stdout).toContain(`the Secrets and ConfigMap rds-ca included; the databases on ${RDS} (every pipeline, run and metadata) stay`);
    expect(external.stdout).not.toContain('MySQL volume');
    const inCluster = runScript(synthToDisk({ kfpVersion, bucket: 'acme-kfp', iam: { roleArn: ROLE, oidcProvider: OIDC } }), 'uninstall.sh', ['--dry-run']);
    expect(inCluster.stdout).toContain('the MySQL volume (every pipeline, run and metadata) and the Secrets included');
  });
});

describe('uninstall.sh', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC } });
  const deletes = (run: ScriptRun) => commands(run.calls.filter((c) => c.args[0] === 'delete'));

  test('without --yes and without a terminal, refuses and deletes nothing', () => {
    const run = runScript(repo, 'uninstall.sh', [], { input: 'ml\n' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nobody can confirm (standard input is not a terminal), so nothing was deleted');
    expect(deletes(run)).toEqual([]);
  });

  test('the same with --include-crds', () => {
    const run = runScript(repo, 'uninstall.sh', ['--include-crds']);
    expect(run.status).toBe(1);
    expect(deletes(run)).toEqual([]);
  });

  test.each([
    ['no answer', ''],
    ['another answer', 'yes\n'],
  ])('on a terminal, deletes nothing on %s', (_, input) => {
    const run = runScript(repo, 'uninstall.sh', [], { terminal: true, input });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('Type the namespace (ml) to delete:');
    expect(deletes(run)).toEqual([]);
  });

  test('on a terminal, deletes the install once the namespace is typed, and keeps crds/', () => {
    const run = runScript(repo, 'uninstall.sh', [], { terminal: true, input: 'ml\n' });
    expect(run.status).toBe(0);
    expect(deletes(run)).toEqual(['delete --ignore-not-found -k overlay/iam']);
    expect(touchesCrds(run)).toBe(false);
  });

  test('with --yes, deletes the install, never crds/', () => {
    const run = runScript(repo, 'uninstall.sh', ['accesskey', '--yes']);
    expect(run.status).toBe(0);
    expect(deletes(run)).toEqual(['delete --ignore-not-found -k overlay/accesskey']);
    expect(touchesCrds(run)).toBe(false);
    expect(run.stdout).toContain('crds/ stays (shared by every install in the cluster; --include-crds deletes it)');
    expect(run.stderr).not.toContain('WARNING');
  });

  test('with --include-crds, warns that other installs share crds/, then deletes it last', () => {
    const run = runScript(repo, 'uninstall.sh', ['--include-crds', '--yes']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^WARNING: crds\/ holds objects that every Kubeflow Pipelines install in this cluster shares, in any namespace/m);
    expect(deletes(run).at(-1)).toBe('delete --ignore-not-found -k crds');
  });

  test('--dry-run only lists, needs no confirmation and deletes nothing', () => {
    const run = runScript(repo, 'uninstall.sh', ['--dry-run', '--include-crds']);
    expect(run.status).toBe(0);
    const all = run.calls.filter((c) => c.args[0] === 'delete');
    expect(all).toHaveLength(2);
    for (const call of all) expect(call.args).toContain('--dry-run=client');
    expect(changes(run.calls)).toEqual([]);
    expect(run.stdout).toContain('dry run: nothing was deleted');
  });

  test('stops before any deletion when kubectl has no context', () => {
    const run = runScript(repo, 'uninstall.sh', ['--yes'], { cluster: {} });
    expect(run.status).toBe(1);
    expect(deletes(run)).toEqual([]);
  });
});

describe('diff.sh', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', iam: { roleArn: ROLE, oidcProvider: OIDC } });

  test.each([
    ['no differences', 0, 'overlay/iam: no differences'],
    ['differences', 1, 'overlay/iam: differences above'],
  ])('compares crds/ and the overlay and succeeds with %s', (_, diffStatus, message) => {
    const run = runScript(repo, 'diff.sh', [], { cluster: { context: 'c', diffStatus } });
    expect(run.status).toBe(0);
    // Then what deploy would remove (test/ops/prune.test.ts): read only.
    expect(commands(run.calls).slice(0, 4)).toEqual(['config current-context', 'diff -k crds', 'diff -k overlay/iam', 'kustomize overlay/iam']);
    expect(changes(run.calls)).toEqual([]);
    expect(run.stdout).toContain(message);
  });

  test('fails when kubectl cannot compare', () => {
    const run = runScript(repo, 'diff.sh', ['accesskey'], { cluster: { context: 'c', diffStatus: 2 } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl diff -k crds failed (exit 2)');
  });
});

describe('the scripts of an additional install', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE, oidcProvider: OIDC }, additionalInstalls: [{ namespace: 'team-b' }] });
  const script = (name: string) => `installs/team-b/scripts/${name}`;
  const ready: Cluster = { context: 'prod', objects: EBS_STORAGE, namespaces: ['ml', 'team-b'], secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] };

  test('install.sh applies the shared crds/, then the install\'s own overlay, and waits in its namespace', () => {
    const run = runScript(repo, script('install.sh'), [], { cluster: ready });

    expect(run.status).toBe(0);
    expect(commands(run.calls)).toContain('-n team-b get secret mysql-secret --ignore-not-found -o name');
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k installs/team-b/overlay/iam', 'apply -f -']);
    expect(commands(run.calls)).toContain('-n team-b wait --for condition=Available --timeout=10m deployment --all');
    expect(run.calls.some(({ args }) => args.includes('ml') || args.includes('overlay/iam'))).toBe(false);
    expect(run.stdout).toContain('cluster: prod, namespace: team-b');
    expect(run.stdout).toContain('kubectl -n team-b port-forward svc/ml-pipeline-ui 8080:80');
  });

  test('install.sh names the install\'s own scripts and task for a missing Secret', () => {
    const run = runScript(repo, script('install.sh'), ['accesskey'], { cluster: { context: 'prod' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret mysql-secret is missing in namespace team-b: create it with installs/team-b/scripts/create-mysql-secret.sh');
    expect(run.stderr).toContain('Secret ml-pipeline-aws-secret is missing in namespace team-b: create it with installs/team-b/scripts/create-aws-secret.sh');
    expect(run.stderr).toContain('npx projen create-secrets:team-b');
    expect(changes(run.calls)).toEqual([]);
  });

  test('uninstall.sh deletes only this install, never crds/', () => {
    const run = runScript(repo, script('uninstall.sh'), ['--yes']);
    expect(run.status).toBe(0);
    expect(commands(run.calls.filter((c) => c.args[0] === 'delete'))).toEqual(['delete --ignore-not-found -k installs/team-b/overlay/iam']);
    expect(touchesCrds(run)).toBe(false);
  });

  test('uninstall.sh asks for this install\'s namespace', () => {
    const run = runScript(repo, script('uninstall.sh'), [], { terminal: true, input: 'ml\n' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('Type the namespace (team-b) to delete:');
    expect(changes(run.calls)).toEqual([]);
  });

  test('diff.sh compares crds/ and the install\'s own overlay', () => {
    const run = runScript(repo, script('diff.sh'), ['accesskey'], { cluster: { context: 'c' } });
    expect(run.status).toBe(0);
    expect(commands(run.calls).slice(0, 3)).toEqual(['config current-context', 'diff -k crds', 'diff -k installs/team-b/overlay/accesskey']);
    // what deploy would remove: from this install's record only
    expect(commands(run.calls).filter((c) => c.includes('--all-namespaces'))).toEqual([]);
  });

  test('the top-level install\'s scripts still operate the top-level install', () => {
    const run = runScript(repo, 'install.sh', [], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(changes(run.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);
  });
});

describe('install.sh of KFP 0.2.3 with kube2iam', () => {
  const repo = synthToDisk({ kfpVersion: '0.2.3', bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: 'kfp-s3', roleArns: { pipelineRunner: 'kfp-steps' } } });
  const ready: Cluster = { context: 'prod', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-aws-secret'] };
  /** kube2iam's DaemonSet as `kubectl get daemonsets -o jsonpath` prints it: image, command, args. */
  const kube2iam = (args: string) => `docker.io/jtblin/kube2iam:0.11.2  ["--host-interface=eni+",${args}]\n`;

  test('refuses overlay/iam while kube2iam does not run, or runs without a default role for the pipeline steps', () => {
    const none = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: 'registry.k8s.io/kube-proxy:v1.32.0  []\n' } });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('kube2iam runs in no DaemonSet of this cluster');
    expect(changes(none.calls)).toEqual([]);

    const noDefault = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--iptables=true"') } });
    expect(noDefault.status).toBe(1);
    expect(noDefault.stderr).toContain('kube2iam runs without --default-role, so pipeline steps, which Argo 2.3 cannot annotate, get no AWS credentials: run it with --default-role=kfp-steps');
    expect(changes(noDefault.calls)).toEqual([]);
  });

  test('installs overlay/iam when kube2iam\'s default role is the steps\' role, and warns when it is another', () => {
    const same = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--default-role=arn:aws:iam::123456789012:role/kfp-steps"') } });
    expect(same.status).toBe(0);
    expect(same.stdout).not.toContain('warning');
    expect(commands(changes(same.calls))).toEqual(['apply -k crds', 'apply -k overlay/iam', 'apply -f -']);

    const other = runScript(repo, 'install.sh', ['iam'], { cluster: { ...ready, daemonsets: kube2iam('"--default-role","node-default"') } });
    expect(other.status).toBe(0);
    expect(other.stdout).toContain("warning: kube2iam's default role is node-default, not the pipeline steps' role kfp-steps");
  });

  test('does not look for kube2iam for overlay/accesskey', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: ready });
    expect(run.status).toBe(0);
    expect(commands(run.calls).filter((c) => c.includes('daemonsets'))).toEqual([]);
  });
});

test('install.sh of KFP 2.17.0 names the missing UI Secret, and its consumers of S3 each need a role', () => {
  const repo = synthToDisk({ kfpVersion: '2.17.0', bucket: 'acme-kfp', namespace: 'ml', iam: { roleArn: ROLE } });
  const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { context: 'prod' } });
  expect(run.stderr).toContain('Secret ml-pipeline-ui-secret is missing in namespace ml: create it with scripts/create-ui-secret.sh');
  const consumers = ['apiServer', 'ui', 'workflowController', 'pipelineRunner', 'viewer'];
  const roleArns = Object.fromEntries(consumers.map((c) => [c, `arn:aws:iam::123456789012:role/kfp-${c}`]));
  const installed = runScript(synthToDisk({ kfpVersion: '2.17.0', bucket: 'acme-kfp', iam: { roleArns, oidcProvider: OIDC } }), 'install.sh', [], { cluster: { context: 'c', objects: EBS_STORAGE, secrets: ['mysql-secret', 'ml-pipeline-ui-secret'] } });
  expect(installed.status).toBe(0);
  expect(commands(installed.calls)).toContain('apply -k overlay/iam');
});
