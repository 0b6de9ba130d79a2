import { code, table } from '../markdown';
import { defaultVariantReason, objectName, ReadmeContext, sharedRole } from './common';
import { overlayDir } from '../../layout/deployment-manifests';
import { IRSA_ROLE_ANNOTATION } from '../../manifests/aws';
import { IamMechanism } from '../../options';

export function variants({ config, manifests }: ReadmeContext): string[] {
  const { accessKey, iam } = config;
  const role = sharedRole(config);
  const annotation = (key: string) => code(role ? `${key}: ${role}` : key);
  const their = role ? '' : ' with their role (see "IAM roles")';
  const how = {
    accesskey: `an AWS access key from Secret ${code(accessKey.secretName)}`,
    iam: iam.mechanism === IamMechanism.IRSA
      ? `IRSA: the ServiceAccounts of the pods that reach S3 carry ${annotation(IRSA_ROLE_ANNOTATION)}${their}; no keys anywhere`
      : `kube2iam: the pods that reach S3 carry ${annotation(iam.kube2iamAnnotationKey)}${their}; no keys anywhere`,
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
