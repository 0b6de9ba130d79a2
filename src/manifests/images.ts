import { imageOf, KfpImages } from '../catalog';
import { KfpConfig, mapImage } from '../config';

/**
 * The image of `role` as the install pulls it, for a component that takes it as a string (a variable, a flag, a
 * ConfigMap key): the overlays' kustomize `images:` entries rewrite only the `image` of containers, so these are
 * written already mapped, by the same function.
 */
export function pulledImage(config: KfpConfig, role: keyof KfpImages): string {
  return mapImage(imageOf(config.release, role), config.images);
}
