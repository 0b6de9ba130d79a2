import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism } from '../src';
import { allReleases, findObject, mechanismsOf, newProject, parseYaml, releasesWhere, synthFiles, synthToDisk, tempDir, readTree } from './util';
import { RELEASES, WorkloadLayout } from '../src/catalog';

describe.each(allReleases())('KfpAwsProject of KFP %s', (kfpVersion, release) => {
  test('scaffolds the kustomize entry points with a kustomization each', () => {
    const files = synthFiles({ kfpVersion });
    for (const dir of ['crds', 'base', 'overlay/accesskey', 'overlay/iam']) {
      const [kustomization] = parseYaml(files[`${dir}/kustomization.yaml`]);
      expect(kustomization).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
      // only kustomize v5 fields
      expect(Object.keys(kustomization).filter((k) => !['apiVersion', 'kind', 'resources', 'patches', 'components'].includes(k))).toEqual([]);
      // a file, or a folder with its own kustomization
      for (const resource of kustomization.resources) {
        if (!resource.startsWith('../')) expect(files[`${dir}/${resource}`] ?? files[`${dir}/${resource}/kustomization.yaml`]).toBeDefined();
      }
    }
  });

  test('lists each component folder of base/ in its kustomization, and every manifest of a folder in the folder\'s', () => {
    const files = synthFiles({ kfpVersion, additionalInstalls: [{ namespace: 'team-a' }] });
    for (const base of ['base', 'installs/team-a/base']) {
      const inBase = Object.keys(files).filter((f) => f.startsWith(`${base}/`)).map((f) => f.slice(base.length + 1));
      const folders = [...new Set(inBase.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))];
      // only component folders and the kustomization at the top
      expect(inBase.filter((f) => !f.includes('/'))).toEqual(['kustomization.yaml']);
      expect(parseYaml(files[`${base}/kustomization.yaml`])[0].resources.sort()).toEqual(folders.sort());
      for (const folder of folders) {
        const manifests = inBase.filter((f) => f.startsWith(`${folder}/`) && f !== `${folder}/kustomization.yaml`).map((f) => f.slice(folder.length + 1));
        expect(manifests.length).toBeGreaterThan(0);
        expect(manifests.every((f) => !f.includes('/'))).toBe(true);
        expect(parseYaml(files[`${base}/${folder}/kustomization.yaml`])[0].resources.sort()).toEqual(manifests.sort());
      }
    }
  });

  test('puts every namespaced object in the chosen namespace', () => {
    const files = synthFiles({ kfpVersion, namespace: 'team-kfp' });
    const objects = Object.entries(files)
      .filter(([f]) => f.startsWith('base/') && !f.endsWith('kustomization.yaml'))
      .flatMap(([, content]) => parseYaml(content));
    expect(objects.length).toBeGreaterThan(5);
    for (const object of objects) {
      if (object.kind === 'Namespace') expect(object.metadata.name).toBe('team-kfp');
      else if (object.kind.startsWith('Cluster')) expect(object.metadata.name).toMatch(/-team-kfp$/);
      else expect(object.metadata.namespace).toBe('team-kfp');
    }
    const binding = findObject(objects, 'RoleBinding', 'argo-binding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'argo', namespace: 'team-kfp' }]);
  });

  test('keeps cluster-scoped objects apart, without a namespace: the release\'s CRDs, and the restricted layout\'s PriorityClass', () => {
    const files = synthFiles({ kfpVersion });
    const shared = Object.entries(files)
      .filter(([f]) => f.startsWith('crds/') && !f.endsWith('kustomization.yaml'))
      .flatMap(([, content]) => parseYaml(content));
    const crds = [...release.argo.crds, ...Object.values(release.crds)];
    expect(shared.map((o) => o.kind).sort()).toEqual([
      ...Array(crds.length).fill('CustomResourceDefinition'),
      ...(release.workloads === WorkloadLayout.RESTRICTED ? ['PriorityClass'] : []),
    ]);
    for (const object of shared) expect(object.metadata.namespace).toBeUndefined();
    for (const crd of crds) expect(files[`crds/${crd.group}_${crd.plural}.yaml`]).toBeDefined();
    expect(files['crds/argoproj.io_workflows.yaml']).toBeDefined();
    expect(files['crds/kubeflow.org_scheduledworkflows.yaml']).toBeDefined();
    expect(files['crds/kubeflow.org_viewers.yaml']).toBeDefined();
  });

  test('writes a README computed from the options', () => {
    const readme: string = synthFiles({ kfpVersion, bucket: 'acme-kfp', region: 'eu-west-1', namespace: 'ml' })['README.md'];
    expect(readme).toContain(`Kubeflow Pipelines ${kfpVersion}`);
    expect(readme).toContain('`acme-kfp` (eu-west-1)');
    expect(readme).toContain('kubectl -n ml create secret generic ml-pipeline-aws-secret');
    expect(readme).toContain('--create-bucket-configuration LocationConstraint=eu-west-1');
    expect(readme).not.toContain('placeholder bucket');
  });

  test('names every Secret the user creates, with its keys: the UI\'s where the release\'s UI signs with one', () => {
    const readme: string = synthFiles({ kfpVersion, namespace: 'ml', accessKey: { secretName: 'aws-creds' }, mysql: { secretName: 'db-creds' } })['README.md'];
    expect(readme).toContain('| `db-creds` | `username`, `password`, `root-password` |');
    expect(readme).toContain('| `aws-creds` | `accesskey`, `secretkey` |');
    expect(readme.includes('| `ml-pipeline-ui-secret` | `tensorboard-proxy-signing-key` |')).toBe(release.uiSigningKey);
    expect(readme).toContain('kubectl -n ml create secret generic db-creds');
  });

  test('is deterministic', () => {
    const a = synthFiles({ kfpVersion, bucket: 'same-bucket' });
    const b = synthFiles({ kfpVersion, bucket: 'same-bucket' });
    expect(a).toEqual(b);
  });
});

describe.each(releasesWhere((r) => mechanismsOf(r).includes(IamMechanism.KUBE2IAM)))('KfpAwsProject of KFP %s with kube2iam', (kfpVersion) => {
  test('lists the objects each overlay changes', () => {
    const readme: string = synthFiles({ kfpVersion, iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-role' } })['README.md'];
    const iamRow = readme.split('\n').find((l) => l.startsWith('| `overlay/iam` |'))!;
    expect(iamRow).toContain('kube2iam');
    expect(iamRow).toContain('Deployment `ml-pipeline`');
    expect(iamRow).not.toContain('ServiceAccount');
  });
});

test('KFP 2.17.0\'s UI signs its TensorBoard proxy paths with the key of a Secret the user creates', () => {
  expect(synthFiles({ kfpVersion: '2.17.0', namespace: 'ml' })['README.md']).toContain('| `ml-pipeline-ui-secret` | `tensorboard-proxy-signing-key` |');
});

describe('KfpAwsProject (release-independent, on the default release)', () => {
  test('marks generated manifests and makes them read-only on disk', () => {
    const outdir = synthToDisk();
    const file = path.join(outdir, 'base/workflow-controller/deployment.workflow-controller.yaml');
    expect(fs.readFileSync(file, 'utf-8')).toMatch(/^# ~~ Generated by projen\. To modify, edit \.projenrc\.ts and run "npx projen"\./);
    expect(fs.statSync(file).mode.toString(8).slice(-3)).toBe('444');
  });

  test('pins the toolchain and this package in package.json', () => {
    const pkg = synthFiles()['package.json'];
    expect(pkg.private).toBe(true);
    expect(pkg.devDependencies).toMatchObject({
      'projen': expect.stringMatching(/^\^0\.\d+\.\d+$/),
      'constructs': expect.stringMatching(/^\^10\./),
      'cdk8s': expect.stringMatching(/^\^2\./),
      'typescript': expect.stringMatching(/^~5\./),
      'tsx': expect.stringMatching(/^\^4\./),
      'kfp-aws-project': expect.stringMatching(/^\^\d+\.\d+\.\d+$/),
      // The schemas the validator of the `validate` task loads, in the range this package is tested with.
      'kubernetes-models': expect.stringMatching(/^\^4\./),
    });
  });

  test('leaves out cdk8s-plus-32, whose types this package compiles with but nothing loads at run time', () => {
    expect(synthFiles()['package.json'].devDependencies).not.toHaveProperty('cdk8s-plus-32');
  });

  test('keeps the package spec that projen new recorded', () => {
    const pkg = synthFiles({ devDeps: ['kfp-aws-project@file:/tmp/kfp-aws-project.tgz'] })['package.json'];
    expect(pkg.devDependencies['kfp-aws-project']).toBe('file:/tmp/kfp-aws-project.tgz');
  });

  test('runs .projenrc.ts with tsx and type-checks it in its own task', () => {
    const { tasks } = synthFiles()['.projen/tasks.json'];
    expect(tasks.default.steps).toEqual([{ exec: 'tsx --tsconfig tsconfig.projen.json .projenrc.ts' }]);
    expect(tasks.typecheck.steps).toEqual([{ exec: 'tsc --project tsconfig.projen.json' }]);
  });

  test('ignores node_modules and rendered output', () => {
    const gitignore: string = synthFiles()['.gitignore'];
    expect(gitignore.split('\n')).toEqual(expect.arrayContaining(['node_modules/', '/dist/']));
    expect(gitignore.split('\n')).not.toContain('/node_modules/');
  });


  test('warns in the README while the placeholders are in use', () => {
    const readme: string = synthFiles()['README.md'];
    expect(readme).toContain('still uses the placeholder bucket `change-me-kfp-artifacts`');
    expect(readme).toContain('still uses the placeholder `arn:aws:iam::111122223333:role/change-me-kfp-s3-access`');
  });

  test('refuses bad options before anything is written', () => {
    // GIVEN a synthesized repo
    const outdir = synthToDisk({ bucket: 'good-bucket' });
    const before = readTree(outdir);

    // WHEN the options turn bad
    expect(() => newProject({ bucket: 'Bad_Bucket', region: 'nowhere' }, outdir)).toThrow(/bucket: "Bad_Bucket"[\s\S]*region: "nowhere"/);

    // THEN no file changed
    expect(readTree(outdir)).toEqual(before);
  });

  test('re-synthesis removes files no longer generated and keeps the user\'s own files', () => {
    // GIVEN a repo on IRSA, with a file of the user's
    const outdir = synthToDisk({ iam: { mechanism: IamMechanism.IRSA } });
    const irsaPatch = path.join(outdir, 'overlay/iam/patches/serviceaccount.argo.yaml');
    expect(fs.existsSync(irsaPatch)).toBe(true);
    fs.writeFileSync(path.join(outdir, 'overlay/iam/notes.md'), 'mine');

    // WHEN it switches to kube2iam
    synthToDisk({ iam: { mechanism: IamMechanism.KUBE2IAM } }, outdir);

    // THEN the IRSA patch is gone, the kube2iam patch exists, the user's file is intact
    expect(fs.existsSync(irsaPatch)).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'overlay/iam/patches/deployment.workflow-controller.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(outdir, 'overlay/iam/notes.md'), 'utf-8')).toBe('mine');
  });
});

test('tempDir is outside the repository', () => {
  expect(tempDir().startsWith(path.resolve(__dirname, '..'))).toBe(false);
});

test('upgrading kfpVersion from 0.2.3 to 2.17.0 removes the old version\'s files and keeps the user\'s', () => {
  // GIVEN a 0.2.3 repo with a file of the user's among the generated ones
  const outdir = synthToDisk({ kfpVersion: '0.2.3' });
  const oldOnly = path.join(outdir, 'base/api-server/configmap.ml-pipeline-config.yaml');
  expect(fs.existsSync(oldOnly)).toBe(true);
  fs.writeFileSync(path.join(outdir, 'base/NOTES.md'), 'mine');
  const envExample = fs.readFileSync(path.join(outdir, 'mysql-credentials.env.example'), 'utf-8');

  // WHEN kfpVersion changes
  synthToDisk({ kfpVersion: '2.17.0' }, outdir);

  // THEN 0.2.3-only files are gone, 2.17.0's exist, the user's file and the sample are untouched
  expect(fs.existsSync(oldOnly)).toBe(false);
  expect(fs.existsSync(path.join(outdir, 'base/kfp-launcher/configmap.kfp-launcher.yaml'))).toBe(true);
  expect(fs.readFileSync(path.join(outdir, 'base/NOTES.md'), 'utf-8')).toBe('mine');
  expect(fs.readFileSync(path.join(outdir, 'mysql-credentials.env.example'), 'utf-8')).toBe(envExample);
  const kustomization = parseYaml(fs.readFileSync(path.join(outdir, 'base/kustomization.yaml'), 'utf-8'))[0];
  for (const folder of kustomization.resources) {
    const listed = parseYaml(fs.readFileSync(path.join(outdir, 'base', folder, 'kustomization.yaml'), 'utf-8'))[0].resources;
    expect(fs.readdirSync(path.join(outdir, 'base', folder)).sort()).toEqual([...listed, 'kustomization.yaml'].sort());
  }
  expect(kustomization.resources).not.toContain('NOTES.md');
});

/** Each release and the next newer one in the catalog, as a user upgrades. */
const UPGRADES = RELEASES.slice(1).map((older, i): [string, string] => [older.version, RELEASES[i].version]);

describe.each(UPGRADES)('changing kfpVersion from %s to %s', (from, to) => {
  test('leaves the files a fresh repo of the new release has, the user\'s own files and the env file examples', () => {
    // GIVEN a repo of the older release with a file of the user's among the generated ones
    const outdir = synthToDisk({ kfpVersion: from });
    fs.writeFileSync(path.join(outdir, 'base/NOTES.md'), 'mine');
    const before = readTree(outdir);

    // WHEN kfpVersion changes
    synthToDisk({ kfpVersion: to }, outdir);

    // THEN the repo is a fresh one of the new release, plus the user's file; the examples belong to the user
    const after = readTree(outdir);
    const fresh = readTree(synthToDisk({ kfpVersion: to }));
    const examples = Object.keys(before).filter((file) => file.endsWith('.env.example'));
    expect(examples.length).toBeGreaterThan(0);
    expect(Object.keys(after).sort()).toEqual([...new Set([...Object.keys(fresh), 'base/NOTES.md', ...examples])].sort());
    for (const file of Object.keys(fresh).filter((f) => !examples.includes(f))) expect([file, after[file]]).toEqual([file, fresh[file]]);
    for (const file of [...examples, 'base/NOTES.md']) expect([file, after[file]]).toEqual([file, before[file]]);
  });
});
