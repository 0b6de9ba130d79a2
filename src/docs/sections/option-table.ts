import { code, table } from '../markdown';
import { EACH_KEY, EVERY, filesIn, OPTION_LANDINGS, OptionPlace, placesIn } from '../option-landings';
import { objectName, ReadmeContext } from './common';
import { overlayDir } from '../../layout/deployment-manifests';

export function optionTable({ config, manifests }: ReadmeContext): string[] {
  const installObjects = manifests.installObjects;
  const rendered = new Set(installObjects.map((o) => `${o.kind}/${o.name}`));
  const rows = OPTION_LANDINGS
    .filter((landing) => landing.externalDatabase === undefined || landing.externalDatabase === config.mysql.external)
    .filter((landing) => landing.layout === undefined || landing.layout === config.release.workloads)
    .filter((landing) => landing.mechanism === undefined || (landing.mechanism === config.iam.mechanism && config.variants.includes('iam')))
    .map((landing) => ({
      landing,
      where: [
        ...(landing.kustomization ? [landing.kustomization] : []),
        ...placesIn(landing, config, rendered, false).map((p) => `${placeName(p)}: ${p.field}`),
        ...filesIn(landing, config).map((f) => `${code(f.path)}: ${f.field}`),
      ],
    }))
    // Options the release has no use for (TLS to the database in 0.2.3) land nowhere.
    .filter(({ landing, where }) => landing.folders !== undefined || where.length > 0).map(({ landing, where }) => {
      const scope = landing.variant ? ` (in ${code(overlayDir(landing.variant))})` : '';
      return [`${code(landing.option)}${scope}`, landing.folders ?? where.join('<br>')];
    });
  return [
    '## Where each option lands',
    '',
    `\`kfpVersion\` (${config.release.version}) selects the components and every image; \`namespace\` (${config.namespace}) is the`,
    'namespace of every object in `base/` and of every ServiceAccount a binding names. The others:',
    '',
    ...table(['option', 'object: field'], [
      ...rows,
      [`${code('iam')} (in ${code(overlayDir('iam'))})`, `the objects listed for ${code(overlayDir('iam'))} under "Credential variants"`],
    ]),
    '',
  ];
}

/** An object of the table; every object of a kind, or the one each key names, in words. */
function placeName(p: OptionPlace): string {
  if (p.name === EVERY) return `every ${p.kind}`;
  if (p.name === EACH_KEY) return `the ${p.kind} each key names`;
  return objectName(p);
}
