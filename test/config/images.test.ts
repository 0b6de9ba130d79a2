import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { canonicalName, ImageMapping, imageEntry, KfpOptionsError, mapImage, NO_IMAGE_MAPPING, parseImage, resolveConfig } from '../../src/config';
import { kustomize, tempDir } from '../util';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('image references', () => {
  test.each([
    ['mysql:8.4', 'mysql', 'docker.io/library/mysql', '8.4', undefined],
    ['docker.io/alpine:3.23', 'docker.io/alpine', 'docker.io/library/alpine', '3.23', undefined],
    ['index.docker.io/library/mysql', 'index.docker.io/library/mysql', 'docker.io/library/mysql', undefined, undefined],
    ['tensorflow/tensorflow', 'tensorflow/tensorflow', 'docker.io/tensorflow/tensorflow', undefined, undefined],
    ['ghcr.io/kubeflow/kfp-api-server:2.17.0', 'ghcr.io/kubeflow/kfp-api-server', 'ghcr.io/kubeflow/kfp-api-server', '2.17.0', undefined],
    ['localhost:5000/kfp/api@' + DIGEST, 'localhost:5000/kfp/api', 'localhost:5000/kfp/api', undefined, DIGEST],
    [`registry.example.com:8443/a/b:v1@${DIGEST}`, 'registry.example.com:8443/a/b', 'registry.example.com:8443/a/b', 'v1', DIGEST],
  ])('%s: name %s, the runtime\'s %s, tag %s, digest %s', (reference, name, canonical, tag, digest) => {
    const image = parseImage(reference)!;
    expect(image).toMatchObject({ name, tag, digest });
    expect(canonicalName(image)).toBe(canonical);
  });

  test.each(['MySQL:8.4', 'mysql 8.4', 'ghcr.io/Kubeflow/api', 'mysql:', 'mysql@sha256:abc', `mysql@${DIGEST}@${DIGEST}`])(
    'refuses %s', (reference) => expect(parseImage(reference)).toBeUndefined());

  test('refuses a name longer than 255 characters', () => {
    expect(parseImage(`${'a/'.repeat(127)}b`)).toBeDefined();
    expect(parseImage(`${'a/'.repeat(128)}b`)).toBeUndefined();
  });
});

describe('the mapping of an image', () => {
  const mirror: ImageMapping = { registry: ECR, registries: {}, overrides: {} };

  test('leaves every reference as it is without a mirror or an override', () => {
    expect(imageEntry('ghcr.io/kubeflow/kfp-api-server:2.17.0', NO_IMAGE_MAPPING)).toBeUndefined();
    expect(mapImage('mysql:8.4', NO_IMAGE_MAPPING)).toBe('mysql:8.4');
  });

  test('puts every upstream registry under the mirror by its host, Docker Hub\'s images by their full name', () => {
    expect(mapImage('ghcr.io/kubeflow/kfp-api-server:2.17.0', mirror)).toBe(`${ECR}/ghcr.io/kubeflow/kfp-api-server:2.17.0`);
    expect(mapImage('mysql:8.4', mirror)).toBe(`${ECR}/docker.io/library/mysql:8.4`);
    expect(mapImage('tensorflow/tensorflow', mirror)).toBe(`${ECR}/docker.io/tensorflow/tensorflow`);
    expect(imageEntry('mysql:8.4', mirror)).toEqual({ name: 'mysql', newName: `${ECR}/docker.io/library/mysql` });
  });

  test('maps a registry of `registries` to its own mirror, as ECR pull-through cache rules name them, and the others to `registry`', () => {
    const rules: ImageMapping = { registry: 'harbor.example.com/proxy', registries: { 'docker.io': `${ECR}/docker-hub`, 'ghcr.io': `${ECR}/github` }, overrides: {} };
    expect(mapImage('mysql:8.4', rules)).toBe(`${ECR}/docker-hub/library/mysql:8.4`);
    expect(mapImage('ghcr.io/kubeflow/kfp-launcher:2.17.0', rules)).toBe(`${ECR}/github/kubeflow/kfp-launcher:2.17.0`);
    expect(mapImage('quay.io/argoproj/argoexec:v4.0.5', rules)).toBe('harbor.example.com/proxy/quay.io/argoproj/argoexec:v4.0.5');
  });

  test('leaves an image that is already in a mirror\'s registry', () => {
    expect(mapImage(`${ECR}/db/mysql:8.4`, mirror)).toBe(`${ECR}/db/mysql:8.4`);
  });

  test('applies an override by the image\'s name in any spelling; a new name is taken as it is, without the mirror', () => {
    const overridden: ImageMapping = { ...mirror, overrides: { 'docker.io/library/mysql': { newName: 'registry.example.com/db/mysql', newTag: '8.4.5' } } };
    expect(mapImage('mysql:8.4', overridden)).toBe('registry.example.com/db/mysql:8.4.5');
    expect(mapImage('docker.io/library/mysql:8.0', overridden)).toBe('registry.example.com/db/mysql:8.4.5');
  });

  test('maps each reference as kubectl kustomize does with the entry written for it', () => {
    // GIVEN references with and without tag and digest, and overrides of tag, digest and both
    const references = ['mysql:8.4', 'ghcr.io/kubeflow/kfp-launcher:2.17.0', `quay.io/argoproj/argoexec:v4.0.5@${DIGEST}`, 'ghcr.io/containerd/busybox'];
    const changes = [{}, { newTag: '9.9' }, { digest: `sha256:${'d'.repeat(64)}` }, { newTag: '9.9', digest: `sha256:${'e'.repeat(64)}` }];
    for (const change of changes) {
      const mapping: ImageMapping = {
        ...mirror,
        overrides: Object.fromEntries(references.map((reference) => [canonicalName(parseImage(reference)!), change])),
      };
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'pod.yaml'), yaml.dump({
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: references.map((image, i) => ({ name: `c${i}`, image })) },
      }));
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), yaml.dump({
        resources: ['pod.yaml'], images: references.flatMap((reference) => imageEntry(reference, mapping) ?? []),
      }));

      // WHEN kustomize builds it THEN each container has the reference mapImage gives
      const [pod] = kustomize(dir);
      expect(pod.spec.containers.map((c: any) => c.image)).toEqual(references.map((reference) => mapImage(reference, mapping)));
    }
  });
});

describe('the images option', () => {
  const problems = (images: object): string[] => {
    try {
      resolveConfig({ name: 'x', images });
      return [];
    } catch (error) {
      return (error as KfpOptionsError).problems as string[];
    }
  };

  test('refuses a registries key that is no registry host, names Docker Hub as docker.io, and refuses a registry of no image', () => {
    expect(problems({ registries: { 'https://ghcr.io': ECR } })).toEqual([expect.stringMatching(/^images\.registries: key "https:\/\/ghcr\.io" is not a registry host/)]);
    expect(problems({ registries: { 'registry-1.docker.io': ECR } })).toEqual(['images.registries: key "registry-1.docker.io" is Docker Hub, which image names call "docker.io": write that']);
    expect(problems({ registries: { ghcr: ECR } })).toEqual([expect.stringMatching(/^images\.registries: key "ghcr" has no dot or port/)]);
    expect(problems({ registries: { 'registry.k8s.io': ECR } })).toEqual([expect.stringMatching(/^images\.registries: key "registry\.k8s\.io" is the registry of no image of the installs \(they come from docker\.io, gcr\.io, ghcr\.io, quay\.io\)$/)]);
  });

  test('refuses an override that changes nothing', () => {
    expect(problems({ overrides: [{ name: 'mysql' }] })).toEqual(['images.overrides[0]: changes nothing: set newName, newTag or digest']);
  });

  test('refuses a mirror that makes a reference longer than the runtime takes, naming the reference', () => {
    const long = `registry.example.com/${'a'.repeat(200)}`;
    expect(problems({ registry: long })).toContainEqual(expect.stringMatching(/^images: ".*kfp-scheduled-workflow-controller:2\.17\.0" \(from ghcr\.io\/kubeflow\/kfp-scheduled-workflow-controller:2\.17\.0\) is not a valid image reference/));
  });
});
