import { IamMechanism } from '../../src';
import { SUPPORTED_KFP_VERSIONS } from '../../src/catalog';
import { resolveConfig, resolveInstalls } from '../../src/config';
import { filesIn, OPTION_LANDINGS, placesIn } from '../../src/docs/option-landings';
import { iamRoleDocuments } from '../../src/iam';
import { renderInstall } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import type { TestOptions } from '../util';

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

/** For each option in the table, a value different from its default. */
const CHANGES: Record<string, TestOptions> = {
  'bucket': { bucket: 'another-bucket' },
  'region': { region: 'cn-north-1' },
  'artifactPrefix': { artifactPrefix: 'kfp/artifacts' },
  'pipelinePrefix': { pipelinePrefix: 'kfp/pipelines' },
  'archiveLogs': { archiveLogs: false },
  'accessKey': { accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' } },
  'mysql.secretName': { mysql: { secretName: 'db-creds' } },
  'mysql.image': { mysql: { image: 'mysql:8.4.9' } },
  'mysql.storageSize': { mysql: { storageSize: '50Gi' } },
  'mysql.storageClassName': { mysql: { storageClassName: 'gp3' } },
  'iam.roleArns': {
    iam: {
      roleArns: {
        apiServer: role('api'),
        ui: role('ui'),
        workflowController: role('argo'),
        pipelineRunner: role('steps'),
        viewer: role('viewer'),
        visualizationServer: role('vis'),
      },
    },
  },
  'iam.oidcProvider': { iam: { oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E' } },
  'iam.nodeRoleArn': { iam: { nodeRoleArn: role('eks-nodes') } },
};

/** `base` with `change` applied; the `iam` settings of both are merged. */
function withChange(base: TestOptions, change: TestOptions): TestOptions {
  return { ...base, ...change, iam: { ...base.iam, ...change.iam } };
}

/** The objects whose rendering changes when only `change` differs, in the base or in any overlay. */
function changedObjects(base: TestOptions, change: TestOptions): string[] {
  const changed = new Set<string>();
  for (const variant of [undefined, ...VARIANTS]) {
    const before = renderInstall(resolveConfig({ name: 'x', ...base }), variant);
    const after = renderInstall(resolveConfig({ name: 'x', ...withChange(base, change) }), variant);
    before.forEach((object, i) => {
      if (JSON.stringify(object.manifest) !== JSON.stringify(after[i].manifest)) {
        changed.add(`${object.manifest.kind}/${object.manifest.metadata.name}`);
      }
    });
  }
  return [...changed].sort();
}

/** The kinds of `iam/` file (`<role>.policy.json`, `<role>.trust.json`) whose name or content changes with `change`. */
function changedIamFiles(base: TestOptions, change: TestOptions): string[] {
  const files = (options: TestOptions) => new Map(iamRoleDocuments(resolveInstalls({ name: 'x', ...options }))
    .flatMap((doc) => [[doc.policyFile, doc.policy], [doc.trustFile, doc.trust]] as const)
    .map(([path, document]) => [path, JSON.stringify(document)]));
  const before = files(base);
  const after = files(withChange(base, change));
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  return [...new Set(changed.map((path) => path.replace(/^iam\/.+\.(policy|trust)\.json$/, 'iam/<role>.$1.json')))].sort();
}

describe.each(SUPPORTED_KFP_VERSIONS.flatMap((kfpVersion) => Object.values(IamMechanism).map((mechanism) => [kfpVersion, mechanism])))(
  'option landings of KFP %s with %s',
  (kfpVersion, mechanism) => {
    const base: TestOptions = { kfpVersion, iam: { mechanism: mechanism as IamMechanism } };
    const config = resolveConfig({ name: 'x', ...base });
    const rendered = new Set(renderInstall(config).map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`));

    test('every option of the table has a change to try', () => {
      expect(OPTION_LANDINGS.map((l) => l.option).sort()).toEqual(Object.keys(CHANGES).sort());
    });

    test.each(OPTION_LANDINGS.map((l) => [l.option, l]))('%s lands exactly where the README says', (option, landing) => {
      const documented = [...new Set(placesIn(landing, config, rendered).map((p) => `${p.kind}/${p.name}`))].sort();
      expect(changedObjects(base, CHANGES[option])).toEqual(documented);
      const documentedFiles = [...new Set(filesIn(landing, config).map((f) => f.path))].sort();
      expect(changedIamFiles(base, CHANGES[option])).toEqual(documentedFiles);
    });
  },
);
