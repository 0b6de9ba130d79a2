import { IamMechanism } from '../../src';
import { RELEASES } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import { renderInstall, renderVariants } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import { mechanismsOf } from '../util';

describe.each(RELEASES.flatMap((release) => mechanismsOf(release).map((mechanism) => [release.version, mechanism])))(
  'renderVariants (KFP %s, %s)', (kfpVersion, mechanism) => {
    const config = resolveConfig({ name: 'x', kfpVersion, iam: { mechanism: mechanism as IamMechanism, roleArn: 'arn:aws:iam::123456789012:role/kfp' } });
    const rendered = renderVariants(config);

    test('renders the base as a full rendering does', () => {
      expect(rendered.base).toEqual(renderInstall(config));
    });

    test.each(VARIANTS.map((v) => [v]))('renders %s as a full rendering does, though it re-renders only the components that read the variant', (variant) => {
      expect(rendered.variants.get(variant)).toEqual(renderInstall(config, variant));
    });
  });
