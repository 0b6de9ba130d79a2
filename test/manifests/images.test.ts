import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { CacheWebhook } from '../../src';
import { KfpImages, KfpRelease } from '../../src/catalog';
import { allReleases, findObject, kustomize, synthToDisk, TestOptions } from '../util';

const MIRROR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/kfp-mirror';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** The upstream registries of the catalog's images. */
const UPSTREAM_HOSTS = ['gcr.io', 'ghcr.io', 'quay.io', 'docker.io'];

/** Options that render every image of `release`: the cache webhook where it has one, and an additional install. */
function everyImage(release: KfpRelease, images: TestOptions['images']): TestOptions {
  return {
    kfpVersion: release.version,
    namespace: 'ml',
    additionalInstalls: [{ namespace: 'team-b' }],
    cacheWebhook: release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined,
    images,
  };
}

/** What `kubectl kustomize` builds from `crds/` and every overlay of every install of `repo`. */
function builtObjects(repo: string): any[] {
  const overlays = ['overlay', 'installs/team-b/overlay'].flatMap((dir) => fs.readdirSync(path.join(repo, dir)).map((variant) => `${dir}/${variant}`));
  expect(overlays).toHaveLength(4);
  return ['crds', ...overlays].flatMap((dir) => kustomize(path.join(repo, dir)));
}

/** Every string value of `value`, with the key it is under; YAML or JSON documents in strings are walked as well. */
function strings(value: unknown, key = ''): Array<[string, string]> {
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = yaml.load(value);
    } catch {
      parsed = undefined;
    }
    return [[key, value], ...(parsed !== null && typeof parsed === 'object' ? strings(parsed, key) : [])];
  }
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/** The image references the objects name: container images, `*IMAGE*` variables and keys, `--executor-image` flags. */
function imageReferences(objects: readonly any[]): string[] {
  const found: string[] = [];
  const walk = (value: any, key?: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === 'string' && value[i - 1] === '--executor-image') found.push(item);
        walk(item, key);
      });
    } else if (value !== null && typeof value === 'object') {
      if (typeof value.name === 'string' && /IMAGE/.test(value.name) && typeof value.value === 'string') found.push(value.value);
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string' && /^(image|executorImage|cacheImage)$/.test(k)) found.push(v);
        walk(v, k);
      }
    } else if (typeof value === 'string' && key && /[Cc]onfig|\.json$|executor/.test(key)) {
      try {
        walk(yaml.load(value));
      } catch {
        // not YAML
      }
    }
  };
  objects.forEach((object) => walk(object));
  return found;
}

/** `reference` under {@link MIRROR} as the test expects it: the upstream host, then the path; Docker Hub's official images under `library/`. */
function mirrored(reference: string): string {
  const [first, ...rest] = reference.split('/');
  const [host, repository] = /[.:]/.test(first) && rest.length > 0 ? [first, rest.join('/')] : ['docker.io', reference];
  return `${MIRROR}/${host}/${host === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository}`;
}

describe.each(allReleases())('images of KFP %s with a registry mirror', (_version, release) => {
  const repo = synthToDisk(everyImage(release, { registry: MIRROR }));
  const objects = builtObjects(repo);

  test('every image reference of every built object, in containers, variables, flags and ConfigMaps, is the mirror\'s', () => {
    const references = imageReferences(objects);
    expect(references.length).toBeGreaterThan(20);
    expect(references.filter((reference) => !reference.startsWith(`${MIRROR}/`))).toEqual([]);
  });

  test('no string of any built object names an upstream registry but under the mirror', () => {
    const unmirrored = strings(objects).flatMap(([key, value]) => UPSTREAM_HOSTS.flatMap((host) =>
      [...value.matchAll(new RegExp(`(^|[^\\w.-])${host.replace('.', '\\.')}/`, 'g'))]
        .filter((match) => !value.slice(0, match.index! + match[1].length).endsWith(`${MIRROR}/`))
        .map(() => `${key}: ${value.slice(0, 200)}`)));
    expect(unmirrored).toEqual([]);
  });

  test('every image of the release is pulled through the mirror, with its tag', () => {
    const texts = strings(objects).map(([, value]) => value);
    const roles = Object.keys(release.images) as Array<keyof KfpImages>;
    const missing = roles.filter((role) => !texts.some((text) => text.includes(mirrored(release.images[role]!))));
    expect(missing).toEqual([]);
  });

  test('the overlays carry the mapping as kustomize images: entries, the base keeps the upstream references', () => {
    const kustomization = yaml.load(fs.readFileSync(path.join(repo, 'overlay/iam/kustomization.yaml'), 'utf-8')) as any;
    expect(kustomization.images).toContainEqual({ name: release.images.workflowController.split(':')[0], newName: mirrored(release.images.workflowController.split(':')[0]) });
    const base = fs.readFileSync(path.join(repo, 'base/workflow-controller/deployment.workflow-controller.yaml'), 'utf-8');
    expect(base).toContain(`image: ${release.images.workflowController}`);
  });
});

describe.each(allReleases())('image overrides of KFP %s', (_version, release) => {
  test('a digest lands on the container and on the flag, a new name and tag replace the mirror\'s', () => {
    // GIVEN a mirror, a digest for the api server and the Argo executor, and MySQL from another registry with its own tag
    const name = (reference: string) => reference.split(':')[0];
    const repo = synthToDisk(everyImage(release, {
      registry: MIRROR,
      overrides: [
        { name: name(release.images.apiServer!), digest: DIGEST },
        { name: name(release.images.argoExecutor), digest: DIGEST },
        { name: 'docker.io/library/mysql', newName: 'registry.example.com/db/mysql', newTag: '8.4.5' },
      ],
    }));

    // WHEN every folder is built
    const objects = builtObjects(repo);

    // THEN the references carry the digest (without the tag) under the mirror, and MySQL is the new name and tag
    const apiServer = objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'ml-pipeline');
    expect(apiServer).toHaveLength(4);
    for (const deployment of apiServer) {
      expect(deployment.spec.template.spec.containers[0].image).toBe(`${mirrored(name(release.images.apiServer!))}@${DIGEST}`);
    }
    const executor = `${mirrored(name(release.images.argoExecutor))}@${DIGEST}`;
    for (const controller of objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'workflow-controller')) {
      const args: string[] = controller.spec.template.spec.containers[0].args;
      expect(args[args.indexOf('--executor-image') + 1]).toBe(executor);
    }
    for (const mysql of objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'mysql')) {
      expect(mysql.spec.template.spec.containers[0].image).toBe('registry.example.com/db/mysql:8.4.5');
    }
    expect(imageReferences(objects).filter((reference) => reference.includes('argoexec'))).toEqual(expect.arrayContaining([executor]));
    expect(imageReferences(objects).filter((reference) => reference.includes('argoexec') && reference !== executor)).toEqual([]);
  });
});

describe('images', () => {
  test('without the option, the overlays have no images: entries and every reference is upstream\'s', () => {
    const repo = synthToDisk({ namespace: 'ml' });
    const kustomization = yaml.load(fs.readFileSync(path.join(repo, 'overlay/iam/kustomization.yaml'), 'utf-8')) as any;
    expect(kustomization.images).toBeUndefined();
    const ui = findObject(kustomize(path.join(repo, 'overlay/iam')), 'Deployment', 'ml-pipeline-ui');
    expect(ui.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain('VIEWER_TENSORBOARD_TF_IMAGE_NAME');
  });

  test('ECR pull-through cache rules per upstream registry: each image under its rule\'s prefix, Docker Hub\'s official ones under library/', () => {
    const ecr = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    const repo = synthToDisk({
      kfpVersion: '2.17.0',
      images: { registries: { 'docker.io': `${ecr}/docker-hub`, 'ghcr.io': `${ecr}/github`, 'quay.io': `${ecr}/quay`, 'gcr.io': `${ecr}/gcr-copies` } },
    });
    const objects = kustomize(path.join(repo, 'overlay/iam'));
    const image = (name: string) => findObject(objects, 'Deployment', name).spec.template.spec.containers[0].image;
    expect(image('mysql')).toBe(`${ecr}/docker-hub/library/mysql:8.4`);
    expect(image('ml-pipeline')).toBe(`${ecr}/github/kubeflow/kfp-api-server:2.17.0`);
    expect(image('metadata-grpc-deployment')).toBe(`${ecr}/gcr-copies/tfx-oss-public/ml_metadata_store_server:1.14.0`);
    const ui = findObject(objects, 'Deployment', 'ml-pipeline-ui').spec.template.spec.containers[0];
    expect(ui.env).toContainEqual({ name: 'VIEWER_TENSORBOARD_TF_IMAGE_NAME', value: `${ecr}/docker-hub/tensorflow/tensorflow` });
  });

  test('an images: entry of custom/ on an upstream name keeps the mirror, which the overlay applies after it', () => {
    const repo = synthToDisk({ images: { registry: MIRROR } });
    fs.writeFileSync(path.join(repo, 'custom/kustomization.yaml'), yaml.dump({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', images: [{ name: 'ghcr.io/kubeflow/kfp-frontend', newTag: '2.17.1' }],
    }));
    const ui = findObject(kustomize(path.join(repo, 'overlay/iam')), 'Deployment', 'ml-pipeline-ui');
    expect(ui.spec.template.spec.containers[0].image).toBe(`${MIRROR}/ghcr.io/kubeflow/kfp-frontend:2.17.1`);
  });
});
