import type { KfpImages, KfpRelease } from '../catalog';
import type { Problems } from './collisions';
import {
  canonicalName, digestProblem, ImageChange, ImageMapping, imageNameProblem, imageProblem, mapImage, NO_IMAGE_MAPPING,
  parseImage, registryHostProblem, registryProblem, tagProblem,
} from './images';
import type { ImageOptions } from '../image-options';

/**
 * The images a component names without a tag, to which it appends one of its own: the UI adds the TensorFlow version a
 * user picks to the TensorBoard image (`frontend/server/k8s-helper.ts`). Only their name can change.
 */
const NAME_ONLY_IMAGES: ReadonlyArray<keyof KfpImages> = ['tensorboard'];

/**
 * The `images` option, checked against the images of the installs: those of the release and each install's MySQL
 * image. Problems name the option (`images.registry`, `images.overrides[0].digest`).
 */
export function resolveImages(options: ImageOptions | undefined, release: KfpRelease | undefined, mysqlImages: readonly string[],
  problems: Problems): ImageMapping {
  if (!options) return NO_IMAGE_MAPPING;
  const earlier = problems.list.length;
  const known = [...Object.values(release?.images ?? {}), ...mysqlImages].flatMap((reference) => parseImage(reference) ?? []);
  const knownNames = [...new Set(known.map(canonicalName))];
  const nameOnly = NAME_ONLY_IMAGES.flatMap((role) => release?.images[role] ?? [])
    .flatMap((reference) => parseImage(reference) ?? []).map(canonicalName);

  if (options.registry !== undefined) problems.check('images.registry', options.registry, registryProblem);
  const registries: Record<string, string> = {};
  const hosts = [...new Set(known.map((image) => image.host))].sort();
  for (const [host, mirror] of Object.entries(options.registries ?? {})) {
    const option = `images.registries[${JSON.stringify(host)}]`;
    const hostProblem = registryHostProblem(host);
    if (hostProblem) problems.add(`images.registries: key ${JSON.stringify(host)} ${hostProblem}`);
    else if (release && !hosts.includes(host)) problems.add(`images.registries: key ${JSON.stringify(host)} is the registry of no image of the installs (they come from ${hosts.join(', ')})`);
    problems.check(option, mirror, registryProblem);
    registries[host] = mirror;
  }

  const overrides: Record<string, ImageChange> = {};
  (options.overrides ?? []).forEach((override, i) => {
    const option = `images.overrides[${i}]`;
    const { name, newName, newTag, digest } = override;
    problems.check(`${option}.name`, name, imageNameProblem);
    if (newName !== undefined) problems.check(`${option}.newName`, newName, imageNameProblem);
    if (newTag !== undefined) problems.check(`${option}.newTag`, newTag, tagProblem);
    if (digest !== undefined) problems.check(`${option}.digest`, digest, digestProblem);
    if (newName === undefined && newTag === undefined && digest === undefined) problems.add(`${option}: changes nothing: set newName, newTag or digest`);
    const image = parseImage(name);
    if (!image || image.tag !== undefined || image.digest !== undefined) return;
    const canonical = canonicalName(image);
    if (!release) return;
    if (!knownNames.includes(canonical)) {
      problems.check(`${option}.name`, name, () => `is not an image of the installs (${knownNames.join(', ')})`);
    } else if (overrides[canonical]) {
      problems.check(`${option}.name`, name, () => 'is changed by an earlier override too: give each image one');
    } else if (nameOnly.includes(canonical) && (newTag !== undefined || digest !== undefined)) {
      problems.check(`${option}.name`, name, () => 'gets its tag from the component that starts it (the TensorFlow version of a TensorBoard viewer): set only newName');
    }
    overrides[canonical] = { newName, newTag, digest };
  });

  const mapping: ImageMapping = { registry: options.registry, registries, overrides };
  if (problems.list.length === earlier) {
    // A mirror's path can make a name longer than a reference may be.
    for (const image of known) {
      const reference = `${image.name}${image.tag !== undefined ? `:${image.tag}` : ''}${image.digest !== undefined ? `@${image.digest}` : ''}`;
      const mapped = mapImage(reference, mapping);
      problems.check('images', mapped, (value) => (imageProblem(value) ? `(from ${reference}) is not a valid image reference: ${imageProblem(value)}` : undefined));
    }
  }
  return mapping;
}
