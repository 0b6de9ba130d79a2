import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { customFiles } from '../../src/layout/custom-component';
import { allReleases, findObject, kustomize, synthToDisk, tempDir, readTree } from '../util';

/**
 * A patch and an Ingress, as a user writes them into a custom folder: the patch finds its Deployment by `target`, which
 * needs no namespace; the Ingress names the install's namespace, as every generated object does.
 */
function writeUserChanges(dir: string, namespace: string, replicas = 3) {
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), yaml.dump({
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    resources: ['ingress.yaml'],
    patches: [{ path: 'ui-replicas.yaml', target: { kind: 'Deployment', name: 'ml-pipeline-ui' } }],
  }));
  fs.writeFileSync(path.join(dir, 'ui-replicas.yaml'), yaml.dump({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ml-pipeline-ui' }, spec: { replicas },
  }));
  fs.writeFileSync(path.join(dir, 'ingress.yaml'), yaml.dump({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'kfp-ui', namespace },
    spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ml-pipeline-ui', port: { number: 80 } } } }] } }] },
  }));
}

describe.each(allReleases())('the custom component of KFP %s', (kfpVersion) => {
  test('a user\'s patch and object in custom/ reach every overlay\'s build, and survive npx projen', () => {
    // GIVEN a repo whose custom/ holds a patch of the UI's replicas and an Ingress
    const repo = synthToDisk({ kfpVersion, namespace: 'ml' });
    const before = kustomize(path.join(repo, 'overlay/iam'));
    expect(findObject(before, 'Deployment', 'ml-pipeline-ui').spec.replicas).not.toBe(3);
    writeUserChanges(path.join(repo, 'custom'), 'ml');
    const mine = readTree(path.join(repo, 'custom'));

    // WHEN the overlays are built, before and after a re-synthesis
    const built = () => ['overlay/iam', 'overlay/accesskey'].map((dir) => kustomize(path.join(repo, dir)));
    const first = built();
    synthToDisk({ kfpVersion, namespace: 'ml' }, repo);

    // THEN both overlays carry the patch and the Ingress, in the install's namespace, and custom/ is as the user left it
    for (const objects of first) {
      expect(findObject(objects, 'Deployment', 'ml-pipeline-ui').spec.replicas).toBe(3);
      expect(findObject(objects, 'Ingress', 'kfp-ui').metadata.namespace).toBe('ml');
      expect(objects).toHaveLength(before.length + 1);
    }
    expect(readTree(path.join(repo, 'custom'))).toEqual(mine);
    expect(built()).toEqual(first);
  });
});

describe('the custom component', () => {
  test('is in every overlay\'s components, and as written it changes nothing in the build', () => {
    const repo = synthToDisk({ namespace: 'ml' });
    for (const variant of ['accesskey', 'iam']) {
      const dir = path.join(repo, 'overlay', variant);
      const kustomization = yaml.load(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf-8')) as any;
      expect(kustomization.components).toEqual(['../../custom']);

      // The same overlay without the component builds the same objects.
      const without = tempDir();
      fs.cpSync(repo, without, { recursive: true });
      const copy = path.join(without, 'overlay', variant, 'kustomization.yaml');
      fs.chmodSync(copy, 0o644);
      fs.writeFileSync(copy, yaml.dump({ ...kustomization, components: undefined }));
      expect(kustomize(path.join(without, 'overlay', variant))).toEqual(kustomize(dir));
    }
    expect(readTree(path.join(repo, 'custom'))).toEqual(customFiles(''));
    const component = yaml.load(fs.readFileSync(path.join(repo, 'custom/kustomization.yaml'), 'utf-8')) as any;
    expect(component).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: [] });
  });

  test('README.md\'s example builds: the UI gets three replicas, and an overlay patch keeps its field', () => {
    // GIVEN the example of custom/README.md as custom/kustomization.yaml, plus a patch of a field overlay/iam sets
    const repo = synthToDisk({ namespace: 'ml' });
    const readme = fs.readFileSync(path.join(repo, 'custom/README.md'), 'utf-8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const component = yaml.load(example) as any;
    component.patches.push({
      target: { kind: 'ServiceAccount', name: 'ml-pipeline' },
      patch: yaml.dump({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ml-pipeline', annotations: { 'eks.amazonaws.com/role-arn': 'mine' } } }),
    });
    fs.writeFileSync(path.join(repo, 'custom/kustomization.yaml'), yaml.dump(component));

    // WHEN overlay/iam is built
    const objects = kustomize(path.join(repo, 'overlay/iam'));

    // THEN the UI has three replicas, and the role annotation is the overlay's, which kustomize applies after the component
    expect(findObject(objects, 'Deployment', 'ml-pipeline-ui').spec.replicas).toBe(3);
    expect(findObject(objects, 'ServiceAccount', 'ml-pipeline').metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::/);
  });

  test('is user-owned: writable, not in projen\'s list of generated files, not marked as generated', () => {
    const repo = synthToDisk();
    const files = JSON.parse(fs.readFileSync(path.join(repo, '.projen/files.json'), 'utf-8')).files as string[];
    expect(files.filter((file) => file.startsWith('custom/'))).toEqual([]);
    expect(fs.statSync(path.join(repo, 'custom/kustomization.yaml')).mode.toString(8).slice(-3)).toBe('644');
    expect(fs.readFileSync(path.join(repo, 'custom/kustomization.yaml'), 'utf-8')).not.toContain('Generated by projen');
  });

  test('is written again, changing nothing, when the user deleted it, so the overlays still build', () => {
    const repo = synthToDisk();
    writeUserChanges(path.join(repo, 'custom'), 'kubeflow');
    fs.rmSync(path.join(repo, 'custom'), { recursive: true });
    const broken = spawnSync('kubectl', ['kustomize', path.join(repo, 'overlay/iam')], { encoding: 'utf-8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('accumulating components');

    synthToDisk({}, repo);

    expect(readTree(path.join(repo, 'custom'))).toEqual(customFiles(''));
    expect(findObject(kustomize(path.join(repo, 'overlay/iam')), 'Deployment', 'ml-pipeline-ui').spec.replicas).not.toBe(3);
  });

  test('gets only a kustomization.yaml when it has no kustomization file, and none beside the user\'s own kustomization.yml', () => {
    // GIVEN one repo whose custom/ lost both files, and one whose user renamed the kustomization
    const emptied = synthToDisk();
    fs.rmSync(path.join(emptied, 'custom/kustomization.yaml'));
    fs.rmSync(path.join(emptied, 'custom/README.md'));
    const renamed = synthToDisk();
    fs.renameSync(path.join(renamed, 'custom/kustomization.yaml'), path.join(renamed, 'custom/kustomization.yml'));

    // WHEN both are synthesized again
    synthToDisk({}, emptied);
    synthToDisk({}, renamed);

    // THEN the first gets its kustomization.yaml back but not the README; the second keeps its file alone, and both build
    expect(fs.readdirSync(path.join(emptied, 'custom'))).toEqual(['kustomization.yaml']);
    expect(fs.readdirSync(path.join(renamed, 'custom')).sort()).toEqual(['README.md', 'kustomization.yml']);
    expect(kustomize(path.join(emptied, 'overlay/iam')).length).toBeGreaterThan(0);
    expect(kustomize(path.join(renamed, 'overlay/iam')).length).toBeGreaterThan(0);
  });

  test('of an additional install is its own: a patch there changes that install only', () => {
    // GIVEN a repo with an additional install whose custom folder holds a patch
    const options = { namespace: 'ml', additionalInstalls: [{ namespace: 'team-b' }] };
    const repo = synthToDisk(options);
    const teamB = path.join(repo, 'installs/team-b');
    expect(readTree(path.join(teamB, 'custom'))).toEqual(customFiles('installs/team-b'));
    writeUserChanges(path.join(teamB, 'custom'), 'team-b', 2);

    // WHEN the overlays of both installs are built after a re-synthesis
    synthToDisk(options, repo);
    const theirs = kustomize(path.join(teamB, 'overlay/iam'));
    const ours = kustomize(path.join(repo, 'overlay/iam'));

    // THEN team-b's has the patch and the Ingress in its namespace; the first install's has neither
    expect(findObject(theirs, 'Deployment', 'ml-pipeline-ui').spec.replicas).toBe(2);
    expect(findObject(theirs, 'Ingress', 'kfp-ui').metadata.namespace).toBe('team-b');
    expect(findObject(ours, 'Deployment', 'ml-pipeline-ui').spec.replicas).not.toBe(2);
    expect(ours.some((o) => o.kind === 'Ingress')).toBe(false);
  });

  test('of a removed install goes with its folder while untouched, and stays while it holds the user\'s changes', () => {
    const options = { additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c' }] };
    const repo = synthToDisk(options);
    writeUserChanges(path.join(repo, 'installs/team-c/custom'), 'team-c');
    const mine = readTree(path.join(repo, 'installs/team-c/custom'));

    synthToDisk({}, repo);

    expect(fs.existsSync(path.join(repo, 'installs/team-b'))).toBe(false);
    expect(fs.readdirSync(path.join(repo, 'installs/team-c'))).toEqual(['custom']);
    expect(readTree(path.join(repo, 'installs/team-c/custom'))).toEqual(mine);
  });
});
