import { code } from '../markdown';
import type { ReadmeContext } from './common';
import { customDir } from '../../layout/custom-component';
import { overlayDir } from '../../layout/deployment-manifests';

/** The section's title; the folder table points to it. */
export const CUSTOM_SECTION = 'Your own changes';

/** The user's kustomize Component of each install: what it is for, when kustomize applies it, what `npx projen` does to it. */
export function custom({ config, installs }: ReadmeContext): string[] {
  const overlays = config.variants.map((variant) => code(overlayDir(variant))).join(' and ');
  const others = installs.slice(1);
  return [
    `## ${CUSTOM_SECTION}`,
    '',
    `${code(`${customDir('')}/`)} is yours: a kustomize Component that ${overlays} include (\`components: [../../${customDir('')}]\`), for what the`,
    'options do not cover: a patch, an object such as an Ingress or a NetworkPolicy, `images:` entries. `npx projen deploy`,',
    '`diff`, `render`, `validate` and CI build the overlays, so your changes are deployed, diffed and checked with the rest.',
    ...(others.length > 0 ? [`Each additional install has its own: ${others.map((other) => code(`${customDir(other.root)}/`)).join(', ')}.`] : []),
    '',
    '- `npx projen` writes the folder once, with a `kustomization.yaml` that changes nothing (kustomize refuses one with no',
    '  field at all), and never changes or deletes it afterwards. Delete the folder to drop your changes: `npx projen`',
    '  writes it again as new, since the overlays cannot build without it.',
    '- Kustomize applies it after `base/` and before the overlay\'s own patches and `images:`: a field an overlay patch sets',
    '  (credentials, IAM role annotations) keeps the overlay\'s value, so change those in `.projenrc.ts`. Its `images:`',
    '  entries see the upstream image names; the option `images` still applies after them.',
    `- Every generated object names its namespace: give the namespaced objects you add \`metadata.namespace: ${config.namespace}\`, and find`,
    '  the objects you patch by `target` (kind and name). Its README.md has an example.',
    ...(others.length > 0 ? ['- When an additional install leaves the options, its folder goes with it while you have not changed it.'] : []),
    '',
  ];
}
