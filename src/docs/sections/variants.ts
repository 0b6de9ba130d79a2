import { code, table } from '../markdown';
import { defaultVariantReason, objectName, ReadmeContext, sharedRole } from './common';
import { mechanismOf } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';

export function variants({ config, manifests }: ReadmeContext): string[] {
  const { accessKey, iam } = config;
  const role = sharedRole(config);
  const annotation = (key: string) => code(role ? `${key}: ${role}` : key);
  const their = role ? '' : ' with their role (see "IAM roles")';
  const how = {
    accesskey: `an AWS access key from Secret ${code(accessKey.secretName)}`,
    iam: mechanismOf(config).variantSummary(iam, annotation, their),
  };
  const intro = config.variants.includes('iam') ? [
    'Both overlays build on the same `base/`; each changes only what its credentials need. Prefer',
    `${code(overlayDir('iam'))} where the cluster supports it: no key exists that could leak or expire. The tasks use`,
    `${defaultVariantReason(config)}; \`deploy\`, \`diff\` and \`uninstall\` take the other variant as an argument.`,
  ] : [
    `There is no ${code(overlayDir('iam'))}: the store ${code(config.s3.endpoint)} (\`s3Endpoint\`) is not AWS S3, and KFP's UI sends`,
    'requests without credentials to such a store when it has no keys, so every pod reaches it with the access key.',
  ];
  return [
    '## Credential variants',
    '',
    ...intro,
    '',
    ...table(['folder', 'how pods reach S3', 'objects it changes'],
      config.variants.map((v) => [code(overlayDir(v)), how[v], (manifests.overlayObjects.get(v) ?? []).map(objectName).join(', ')])),
    '',
  ];
}
