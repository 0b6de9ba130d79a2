import * as fs from 'fs';
import * as path from 'path';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { CredentialVariant } from '../../src';
import { resolveRepo } from '../../src/config';
import { ANNOTATION_LIMIT_BYTES, argoCdApplications, needsServerSideApply } from '../../src/gitops';
import { MYSQL_PVC } from '../../src/manifests/components/mysql';
import { SchemaModels, schemaProblems } from '../../src/validate';
import { allReleases, findObject, kustomize, parseYaml, synthFiles, synthToDisk, TestOptions } from '../util';

/*
 * The expected objects are typed with the interfaces that @kubernetes-models generates from the CRDs (Argo CD 2.14.11,
 * kustomize-controller 1.2.2): the compiler refuses a field the CRD does not have, which the schemas, without
 * `additionalProperties: false`, let through. The generated objects must equal them.
 */

const REPO = 'https://git.example.com/platform/kfp-deploy.git';
const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const ARGO_CD_VERSION = 'argoproj.io/v1alpha1';
const FLUX_VERSION = 'kustomize.toolkit.fluxcd.io/v1';
const KEEP_ARGO_CD = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
const KEEP_FLUX = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };

/**
 * Two installs in a repo that is the folder deploy/kfp of its Git repository: `ml`, whose role is set (so `deploy`
 * installs overlay/iam), and `team-b` on an S3-compatible store, which has only overlay/accesskey.
 */
const OPTIONS: TestOptions = {
  bucket: 'gitops-test',
  namespace: 'ml',
  iam: { roleArn: ROLE },
  additionalInstalls: [{ namespace: 'team-b', s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } }],
  gitops: { repoUrl: REPO, revision: 'main', path: 'deploy/kfp', argoCd: {}, flux: {} },
};

/** Every object of the files under `dir` but its `kustomization.yaml` files, by file. */
function objectsUnder(files: Record<string, any>, dir: string): Map<string, any> {
  return new Map(Object.entries(files).filter(([file]) => file.startsWith(dir) && !file.endsWith('/kustomization.yaml'))
    .map(([file, content]) => [file, parseYaml(content)[0]]));
}

/** Every object of every generated manifest outside gitops/. */
const manifests = (files: Record<string, any>) => Object.entries(files)
  .filter(([file]) => file.endsWith('.yaml') && !file.startsWith('.') && !file.startsWith('gitops/') && !file.endsWith('kustomization.yaml'))
  .flatMap(([, content]) => parseYaml(content));

describe.each(allReleases())('the GitOps objects of a KFP %s repo', (kfpVersion) => {
  const files = synthFiles({ ...OPTIONS, kfpVersion });
  const argoCd = objectsUnder(files, 'gitops/argocd/');
  const flux = objectsUnder(files, 'gitops/flux/');
  const app = (name: string) => findObject([...argoCd.values()], 'Application', name);
  const kustomization = (name: string) => findObject([...flux.values()], 'Kustomization', name);

  test('each tool has the object you apply and, in apps/, one for crds/ and one per install, which apps/kustomization.yaml lists', () => {
    expect([...argoCd.keys()].sort()).toEqual([
      'gitops/argocd/application.kfp.yaml',
      'gitops/argocd/apps/application.kfp-crds.yaml',
      'gitops/argocd/apps/application.kfp-ml.yaml',
      'gitops/argocd/apps/application.kfp-team-b.yaml',
    ]);
    expect([...flux.keys()].sort()).toEqual([
      'gitops/flux/apps/kustomization.kfp-crds.yaml',
      'gitops/flux/apps/kustomization.kfp-ml.yaml',
      'gitops/flux/apps/kustomization.kfp-team-b.yaml',
      'gitops/flux/kustomization.kfp.yaml',
    ]);
    for (const tool of ['argocd', 'flux']) {
      const listed = parseYaml(files[`gitops/${tool}/apps/kustomization.yaml`])[0].resources;
      expect(listed.map((file: string) => `gitops/${tool}/apps/${file}`).sort())
        .toEqual([...(tool === 'argocd' ? argoCd : flux).keys()].filter((file) => file.includes('/apps/')).sort());
    }
  });

  test('every object validates against the Argo CD and Flux CRD schemas', () => {
    const models = SchemaModels.load();
    const objects = [...argoCd.values(), ...flux.values()];
    // The schemas are found: an object of a kind without one would be a problem.
    expect(objects.map((o) => models.modelOf(o.apiVersion, o.kind)?.kind)).toEqual(objects.map((o) => o.kind));
    expect(schemaProblems(objects, models)).toEqual([]);
  });

  test('Argo CD: the Application of crds/ syncs in an earlier wave than each install\'s', () => {
    const wave = (name: string) => Number(app(name).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('kfp-crds')).toBeLessThan(wave('kfp-ml'));
    expect(wave('kfp-crds')).toBeLessThan(wave('kfp-team-b'));
    // The root applies the others; the waves order what it applies.
    expect(app('kfp').spec.source.path).toBe('deploy/kfp/gitops/argocd/apps');
  });

  test('Argo CD: each install deploys its variant from the repo URL, revision and path of the options, pruning', () => {
    const expected = (name: string, overlay: string, namespace: string): IApplication => ({
      apiVersion: ARGO_CD_VERSION,
      kind: 'Application',
      metadata: {
        name,
        namespace: 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': '0' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'main', path: `deploy/kfp/${overlay}` },
        destination: { server: 'https://kubernetes.default.svc', namespace },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(app('kfp-ml')).toEqual(expected('kfp-ml', 'overlay/iam', 'ml'));
    expect(app('kfp-team-b')).toEqual(expected('kfp-team-b', 'installs/team-b/overlay/accesskey', 'team-b'));
  });

  test('Argo CD: crds/ prunes too; it applies client-side, since every object of crds/ fits in the annotation', () => {
    const crdsObjects = Object.entries(files).filter(([file]) => file.startsWith('crds/') && !file.endsWith('kustomization.yaml'))
      .flatMap(([, content]) => parseYaml(content));
    expect(crdsObjects.length).toBeGreaterThan(0);
    for (const object of crdsObjects) expect(Buffer.byteLength(JSON.stringify(object))).toBeLessThan(ANNOTATION_LIMIT_BYTES / 10);
    const expected: IApplication = {
      apiVersion: ARGO_CD_VERSION,
      kind: 'Application',
      metadata: {
        name: 'kfp-crds',
        namespace: 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'main', path: 'deploy/kfp/crds' },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    };
    expect(app('kfp-crds')).toEqual(expected);
  });

  test('Argo CD: the Application you apply has no finalizer, so deleting it leaves the installs', () => {
    const expected: IApplication = {
      apiVersion: ARGO_CD_VERSION,
      kind: 'Application',
      metadata: { name: 'kfp', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'main', path: 'deploy/kfp/gitops/argocd/apps' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    };
    expect(app('kfp')).toEqual(expected);
  });

  test('Flux: crds/ first; each install dependsOn it, and both prune and wait', () => {
    const expected = (name: string, dir: string, dependsOn?: string): IKustomization => ({
      apiVersion: FLUX_VERSION,
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        path: `./deploy/kfp/${dir}`,
        prune: true,
        wait: true,
        ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}),
      },
    });
    expect(kustomization('kfp-crds')).toEqual(expected('kfp-crds', 'crds'));
    expect(kustomization('kfp-ml')).toEqual(expected('kfp-ml', 'overlay/iam', 'kfp-crds'));
    expect(kustomization('kfp-team-b')).toEqual(expected('kfp-team-b', 'installs/team-b/overlay/accesskey', 'kfp-crds'));
    expect(kustomization('kfp').spec).toEqual({
      interval: '10m',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      path: './deploy/kfp/gitops/flux/apps',
      prune: true,
    });
  });

  test('every folder an object names is a kustomize folder of the repo', () => {
    const folders = [
      ...[...argoCd.values()].map((o) => o.spec.source.path),
      ...[...flux.values()].map((o) => o.spec.path.replace(/^\.\//, '')),
    ];
    expect(folders).toHaveLength(8);
    for (const folder of folders) {
      expect(folder.startsWith('deploy/kfp/')).toBe(true);
      expect(files[`${folder.slice('deploy/kfp/'.length)}/kustomization.yaml`]).toBeDefined();
    }
  });

  test('the Namespaces, the MySQL claim and the CRDs carry the annotations that keep them; nothing else does', () => {
    const objects = manifests(files);
    const kept = objects.filter((o) => o.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'] !== undefined);
    expect(kept.map((o) => o.kind).sort()).toEqual(objects.filter((o) => ['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition'].includes(o.kind))
      .map((o) => o.kind).sort());
    expect(kept.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['ml', 'team-b']);
    expect(kept.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name)).toEqual([MYSQL_PVC, MYSQL_PVC]);
    expect(kept.filter((o) => o.kind === 'CustomResourceDefinition').length).toBeGreaterThan(0);
    for (const object of kept) expect(object.metadata.annotations).toMatchObject({ ...KEEP_ARGO_CD, ...KEEP_FLUX });
  });
});

describe('GitOps options (default release)', () => {
  test('without gitops: no gitops/ files, no annotation of a GitOps tool, no README section', () => {
    const files = synthFiles({ bucket: 'gitops-test' });
    expect(Object.keys(files).filter((file) => file.startsWith('gitops/'))).toEqual([]);
    expect(manifests(files).filter((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-options']
      || o.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'])).toEqual([]);
    expect(files['README.md']).not.toContain('GitOps');
  });

  test('flux alone needs no repoUrl and writes no Argo CD object nor annotation', () => {
    const files = synthFiles({ bucket: 'gitops-test', gitops: { flux: {} } });
    expect(Object.keys(files).filter((file) => file.startsWith('gitops/argocd/'))).toEqual([]);
    const namespace = findObject(manifests(files), 'Namespace', 'kubeflow');
    expect(namespace.metadata.annotations).toEqual(KEEP_FLUX);
    expect(kustomizationOf(files, 'kfp-kubeflow').spec.path).toBe('./overlay/accesskey');
  });

  test('gitops.variant overrides the variant deploy would install', () => {
    const files = synthFiles({ ...OPTIONS, additionalInstalls: [], gitops: { ...OPTIONS.gitops, variant: CredentialVariant.ACCESS_KEY } });
    expect(parseYaml(files['gitops/argocd/apps/application.kfp-ml.yaml'])[0].spec.source.path).toBe('deploy/kfp/overlay/accesskey');
    expect(kustomizationOf(files, 'kfp-ml').spec.path).toBe('./deploy/kfp/overlay/accesskey');
  });

  test('the names, namespaces, project, cluster and source of the options', () => {
    const files = synthFiles({
      bucket: 'gitops-test',
      gitops: {
        repoUrl: 'git@git.example.com:platform/kfp-deploy.git',
        namePrefix: 'pipelines',
        argoCd: { namespace: 'gitops', project: 'ml-platform', destinationServer: 'https://eks.example.com' },
        flux: { namespace: 'flux-apps', sourceName: 'kfp-deploy', sourceNamespace: 'flux-system', interval: '1h' },
      },
    });
    const root = parseYaml(files['gitops/argocd/application.pipelines.yaml'])[0];
    const install = parseYaml(files['gitops/argocd/apps/application.pipelines-kubeflow.yaml'])[0];
    expect(install.metadata.namespace).toBe('gitops');
    expect(install.spec.project).toBe('ml-platform');
    expect(install.spec.destination).toEqual({ server: 'https://eks.example.com', namespace: 'kubeflow' });
    expect(install.spec.source.repoURL).toBe('git@git.example.com:platform/kfp-deploy.git');
    expect(install.spec.source.targetRevision).toBe('HEAD');
    // The Applications live beside Argo CD, whichever cluster they deploy to.
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'gitops' });
    const flux = kustomizationOf(files, 'pipelines-kubeflow');
    expect(flux.metadata.namespace).toBe('flux-apps');
    expect(flux.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'kfp-deploy', namespace: 'flux-system' });
    expect(flux.spec.interval).toBe('1h');
    expect(flux.spec.dependsOn).toEqual([{ name: 'pipelines-crds' }]);
  });

  test('removing gitops removes gitops/ and the annotations; adding an install adds its objects', () => {
    const outdir = synthToDisk({ bucket: 'gitops-test', gitops: { flux: {} } });
    synthToDisk({ bucket: 'gitops-test', additionalInstalls: [{ namespace: 'team-b' }], gitops: { flux: {} } }, outdir);
    expect(fs.readdirSync(path.join(outdir, 'gitops/flux/apps')).sort())
      .toEqual(['kustomization.kfp-crds.yaml', 'kustomization.kfp-kubeflow.yaml', 'kustomization.kfp-team-b.yaml', 'kustomization.yaml']);

    synthToDisk({ bucket: 'gitops-test' }, outdir);

    expect(fs.existsSync(path.join(outdir, 'gitops'))).toBe(false);
    expect(fs.readFileSync(path.join(outdir, 'base/namespace/namespace.kubeflow.yaml'), 'utf-8')).not.toContain('kustomize.toolkit.fluxcd.io');
  });

  test('kubectl builds each apps/ folder, and the overlays keep the annotations', () => {
    const outdir = synthToDisk({ bucket: 'gitops-test', gitops: { repoUrl: REPO, argoCd: {}, flux: {} } });
    expect(kustomize(path.join(outdir, 'gitops/argocd/apps')).map((o) => o.metadata.name)).toEqual(['kfp-crds', 'kfp-kubeflow']);
    expect(kustomize(path.join(outdir, 'gitops/flux/apps')).map((o) => o.metadata.name)).toEqual(['kfp-crds', 'kfp-kubeflow']);
    const overlay = kustomize(path.join(outdir, 'overlay/accesskey'));
    expect(findObject(overlay, 'Namespace', 'kubeflow').metadata.annotations).toEqual({ ...KEEP_ARGO_CD, ...KEEP_FLUX });
    expect(findObject(overlay, 'PersistentVolumeClaim', MYSQL_PVC).metadata.annotations).toEqual({ ...KEEP_ARGO_CD, ...KEEP_FLUX });
  });
});

test('the schema check reports what the Argo CD and Flux CRDs refuse', () => {
  const files = synthFiles({ bucket: 'gitops-test', gitops: { repoUrl: REPO, argoCd: {}, flux: {} } });
  const application = parseYaml(files['gitops/argocd/apps/application.kfp-kubeflow.yaml'])[0];
  application.spec.syncPolicy.automated.prune = 'yes';
  const flux = kustomizationOf(files, 'kfp-kubeflow');
  delete flux.spec.interval;
  expect(schemaProblems([application, flux])).toEqual([
    'Application argocd/kfp-kubeflow: /spec/syncPolicy/automated/prune must be boolean',
    'Kustomization flux-system/kfp-kubeflow: /spec must have required property interval',
  ]);
});

describe('server-side apply', () => {
  const { installs, gitops } = resolveRepo({ name: 'x', gitops: { repoUrl: REPO, argoCd: {} } });
  const target = (name: string, largestObjectBytes: number, namespace?: string) => ({ name, dir: name, namespace, largestObjectBytes });

  test('an Application applies server-side once an object would not fit in the annotation of client-side apply', () => {
    expect(needsServerSideApply({ largestObjectBytes: 100_000 })).toBe(false);
    expect(needsServerSideApply({ largestObjectBytes: ANNOTATION_LIMIT_BYTES })).toBe(true);
    // The object's other annotations count against the same limit.
    expect(needsServerSideApply({ largestObjectBytes: ANNOTATION_LIMIT_BYTES - 100 })).toBe(true);
  });

  test('only the Application with the large object gets ServerSideApply=true', () => {
    const { apps } = argoCdApplications(gitops!, gitops!.argoCd!, {
      crds: target('crds', 1_200_000),
      installs: [target('overlay/iam', 20_000, installs[0].namespace)],
    }, 'gitops/argocd');
    expect(apps.map((a) => a.spec.syncPolicy.syncOptions)).toEqual([['ServerSideApply=true'], undefined]);
    expect(schemaProblems(apps)).toEqual([]);
  });
});

function kustomizationOf(files: Record<string, any>, name: string): any {
  return parseYaml(files[`gitops/flux/apps/kustomization.${name}.yaml`])[0];
}
