import { code, table } from '../markdown';
import { databaseAddress, ReadmeContext } from './common';
import { S3Consumer } from '../../catalog';
import { s3EndpointUrl } from '../../manifests/aws';
import { installComponents } from '../../manifests/install';
import { COMPONENT_REGISTRY } from '../../manifests/registry';
import { DATABASE_SECTION } from '../../ops/paths';

export function deployed({ config }: ReadmeContext): string[] {
  const { s3 } = config;
  return [
    '## What is deployed',
    '',
    ...table(['component (`base/` folder)', 'what it is'], installComponents(config).map((name) => [code(name), COMPONENT_REGISTRY[name].summary])),
    '',
    `No object store is deployed (upstream bundles MinIO or SeaweedFS): every component talks to ${s3.customEndpoint ? `the store at ${code(s3EndpointUrl(s3))}` : 'S3'} directly.`,
    ...(config.mysql.external
      ? [`No MySQL is deployed either: every component uses the databases on ${code(databaseAddress(config))} (see "${DATABASE_SECTION}").`]
      : []),
    ...(config.release.s3Consumers.includes(S3Consumer.VISUALIZATION_SERVER) ? [] : [
      'The visualization server cannot read S3: its image has TensorFlow without an S3 filesystem, nor boto3 or s3fs, so',
      'Python visualizations that read `s3://` sources fail, and it gets no S3 setting or role.',
    ]),
    '',
  ];
}
