import { App, Chart } from 'cdk8s';
import { CacheWebhook, IamMechanism, KfpAwsProjectOptions } from '../../src';
import { RELEASES } from '../../src/catalog';
import { resolveConfig } from '../../src/config';
import type * as installModule from '../../src/manifests/install';
import { renderVariants } from '../../src/manifests/install';
import * as kube from '../../src/manifests/kube';
import { mechanismsOf } from '../util';

// src/manifests/kube.ts builds the objects as cdk8s ApiObjects typed by cdk8s-plus-32's L1 props, without loading the
// L1 classes. These tests render every install both ways, with src/manifests/kube.ts and with the L1 classes in its
// place, and expect the very same JSON, key order included.

const ROLE = 'arn:aws:iam::123456789012:role/kfp';

type OptionSet = [title: string, options: Omit<KfpAwsProjectOptions, 'name'>];

/** Option sets that between them render every component and every branch of the S3, database and IAM wiring. */
const OPTION_SETS: OptionSet[] = RELEASES.flatMap((release): OptionSet[] => [
  ...mechanismsOf(release).map((mechanism): OptionSet => [`${release.version} ${mechanism}`, {
    kfpVersion: release.version,
    iam: { mechanism, roleArn: ROLE, ...(mechanism === IamMechanism.POD_IDENTITY ? { clusterName: 'c', ackAssociations: true } : {}) },
  }]),
  [`${release.version} endpoint, external database (with TLS where the release has it)`, {
    kfpVersion: release.version,
    s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false, pathStyle: true },
    externalDatabase: { host: 'db.example.com', ...(release.mysql.tls ? { tlsCaConfigMap: 'rds-ca' } : {}) },
  }],
  [`${release.version} in-cluster MySQL settings, cert-manager cache`, {
    kfpVersion: release.version,
    mysql: { storageClassName: 'gp3', storageSize: '50Gi' },
    ...(release.components.includes('cache-server') ? { cacheWebhook: CacheWebhook.CERT_MANAGER } : {}),
  }],
  [`${release.version} pod settings, image mirror, GitOps prune protection`, {
    kfpVersion: release.version,
    pods: { nodeSelector: { pool: 'kfp' }, tolerations: [{ key: 'dedicated', value: 'ml' }], priorityClassName: 'kfp-critical' },
    resources: { 'ml-pipeline': { limits: { memory: '2Gi' } } },
    images: { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
    gitops: { repoUrl: 'https://example.com/deploy.git', argoCd: {} },
  }],
]);

/** The schema field names that the L1 props spell otherwise (cdk8s-plus-32's `toJson_JsonSchemaProps` renames them). */
const L1_SCHEMA_NAMES: Record<string, string> = {
  'openAPIV3Schema': 'openApiv3Schema',
  'x-kubernetes-preserve-unknown-fields': 'xKubernetesPreserveUnknownFields',
};

/** `value` with its schema fields under their L1 names. */
function toL1Names(value: any): any {
  if (Array.isArray(value)) return value.map(toL1Names);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [L1_SCHEMA_NAMES[key] ?? key, toL1Names(v)]));
}

/** `renderVariants` of src/manifests/install.ts with the L1 classes of cdk8s-plus-32 in place of src/manifests/kube.ts. */
function renderVariantsWithL1(): typeof installModule.renderVariants {
  let render: typeof installModule.renderVariants | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../src/manifests/kube', () => {
      const { k8s } = jest.requireActual('cdk8s-plus-32');
      const actual = jest.requireActual('../../src/manifests/kube');
      const kinds = Object.keys(actual).filter((name) => name.startsWith('Kube'));
      return {
        ...actual,
        ...Object.fromEntries(kinds.map((name) => [name, k8s[name]])),
        KubeCustomResourceDefinition: class extends k8s.KubeCustomResourceDefinition {
          constructor(scope: any, id: string, props: kube.CustomResourceDefinitionProps) {
            super(scope, id, toL1Names(props));
          }
        },
        intOrString: (value: number | string) => (typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value)),
        quantity: (value: string) => k8s.Quantity.fromString(value),
      };
    });
    render = (jest.requireActual('../../src/manifests/install') as typeof installModule).renderVariants;
  });
  return render!;
}

const renderWithL1 = renderVariantsWithL1();

test('every kind of src/manifests/kube.ts has the apiVersion and kind of the L1 class of the same name', () => {
  const { k8s } = jest.requireActual('cdk8s-plus-32');
  const chart = new Chart(new App(), 'chart');
  const kinds = Object.entries(kube).filter(([name]) => name.startsWith('Kube')) as Array<[string, kube.KubeKind<object>]>;
  expect(kinds.length).toBeGreaterThan(10);
  for (const [name, Kind] of kinds) {
    const object = new Kind(chart, name, { metadata: { name: 'x' } });
    expect({ apiVersion: object.apiVersion, kind: object.kind }).toEqual(k8s[name].GVK);
  }
});

describe.each(OPTION_SETS)('KFP %s', (_title, options) => {
  const config = resolveConfig({ name: 'x', ...options });

  test('renders the base and every variant as the L1 classes of cdk8s-plus-32 do, byte for byte', () => {
    const ours = renderVariants(config);
    const theirs = renderWithL1(config);
    expect(JSON.stringify(ours.base)).toBe(JSON.stringify(theirs.base));
    expect([...ours.variants.keys()]).toEqual([...theirs.variants.keys()]);
    for (const [variant, objects] of ours.variants) {
      expect(JSON.stringify(objects)).toBe(JSON.stringify(theirs.variants.get(variant)));
    }
  });
});
