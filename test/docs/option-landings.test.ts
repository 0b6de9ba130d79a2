import { CacheWebhook, CredentialVariant, IamMechanism } from '../../src';
import { findRelease, KfpRelease, RELEASES } from '../../src/catalog';
import { resolveConfig, resolveInstalls } from '../../src/config';
import { filesIn, OPTION_LANDINGS, placesIn } from '../../src/docs/option-landings';
import { iamRoleDocuments } from '../../src/iam';
import { renderInstall } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import { CERTIFICATE, OIDC } from '../load-balancer-fixtures';
import { mechanismsOf, TestOptions } from '../util';

/** Options of a change: the same for every release, or a release's own (with an IAM mechanism's). */
type ChangeOptions = TestOptions | ((release: KfpRelease, mechanism: IamMechanism) => TestOptions);

/** Options that differ only in the option under test; `from` is the defaults unless given. */
interface Change {
  readonly from?: ChangeOptions;
  readonly to: ChangeOptions;
  /** Set when only some releases or mechanisms accept the option; the others must document no place for it. */
  readonly appliesTo?: (release: KfpRelease, mechanism: IamMechanism) => boolean;
}

const RDS = 'kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const REPO = 'https://git.example.com/platform/kfp-deploy.git';
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Options the CloudFormation template can be written from: no placeholder that its resources would name. */
const stackReady = (mechanism: IamMechanism): TestOptions => ({
  bucket: 'acme-kfp',
  iam: {
    roleArn: role('kfp'),
    ...{
      [IamMechanism.IRSA]: { oidcProvider: 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E' },
      [IamMechanism.KUBE2IAM]: { nodeRoleArn: role('eks-nodes') },
      [IamMechanism.POD_IDENTITY]: { clusterName: 'kfp-prod' },
    }[mechanism],
  },
});

/** For each option in the table, a value different from its default. */
const CHANGES: Record<string, Change> = {
  'bucket': { to: { bucket: 'another-bucket' } },
  'region': { to: { region: 'cn-north-1' } },
  's3Endpoint': { to: { s3Endpoint: { host: 'minio.storage.svc', port: 9000, tls: false } } },
  'artifactPrefix': { to: { artifactPrefix: 'kfp/artifacts' } },
  'pipelinePrefix': { to: { pipelinePrefix: 'kfp/pipelines' } },
  'archiveLogs': { to: { archiveLogs: false } },
  'accessKey': { to: { accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' } } },
  'mysql.secretName': { to: { mysql: { secretName: 'db-creds' } } },
  'mysql.image': { to: { mysql: { image: 'mysql:8.4.9' } } },
  'mysql.storageSize': { to: { mysql: { storageSize: '50Gi' } } },
  'mysql.storageClassName': { to: { mysql: { storageClassName: 'gp3' } } },
  'externalDatabase': {
    to: { externalDatabase: { host: RDS, port: 3307, pipelineDb: 'kfp_pipelines', metadataDb: 'kfp_metadata', cacheDb: 'kfp_cache' } },
  },
  'externalDatabase.secretName': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, secretName: 'rds-creds' } },
  },
  'externalDatabase.tlsCaConfigMap': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, tlsCaConfigMap: 'rds-ca' } },
    appliesTo: (release) => release.mysql.tls,
  },
  'externalDatabase.connectionMaxLifetime': {
    from: { externalDatabase: { host: RDS } },
    to: { externalDatabase: { host: RDS, connectionMaxLifetime: '5m' } },
    appliesTo: (release) => release.mysql.connectionLifetime,
  },
  'iam.roleArns': {
    to: {
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
  },
  'iam.oidcProvider': {
    to: { iam: { oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E' } },
    appliesTo: (_, mechanism) => mechanism === IamMechanism.IRSA,
  },
  'iam.nodeRoleArn': { to: { iam: { nodeRoleArn: role('eks-nodes') } }, appliesTo: (_, mechanism) => mechanism === IamMechanism.KUBE2IAM },
  'iam.clusterName': {
    from: { iam: { ackAssociations: true } },
    to: { iam: { ackAssociations: true, clusterName: 'kfp-prod' } },
    appliesTo: (_, mechanism) => mechanism === IamMechanism.POD_IDENTITY,
  },
  'iam.ackAssociations': { to: { iam: { ackAssociations: true } }, appliesTo: (_, mechanism) => mechanism === IamMechanism.POD_IDENTITY },
  'iam.sessionTagIsolation': {
    to: { iam: { sessionTagIsolation: true } },
    appliesTo: (_, mechanism) => mechanism === IamMechanism.POD_IDENTITY,
  },
  'additionalInstalls': { to: { additionalInstalls: [{ namespace: 'team-b', bucket: 'another-bucket', iam: { roleArn: role('team-b') } }] } },
  'cacheWebhook': { to: { cacheWebhook: CacheWebhook.CERT_MANAGER }, appliesTo: (release) => release.components.includes('cache-server') },
  'gitops.argoCd': { to: { gitops: { repoUrl: REPO, argoCd: {} } } },
  'gitops.flux': { to: { gitops: { flux: {} } } },
  'gitops.repoUrl': { from: { gitops: { repoUrl: REPO, argoCd: {} } }, to: { gitops: { repoUrl: `${REPO}-2`, argoCd: {} } } },
  'gitops.revision': { from: { gitops: { repoUrl: REPO, argoCd: {} } }, to: { gitops: { repoUrl: REPO, revision: 'v1.0.0', argoCd: {} } } },
  'gitops.path': { from: { gitops: { repoUrl: REPO, argoCd: {}, flux: {} } }, to: { gitops: { repoUrl: REPO, path: 'deploy/kfp', argoCd: {}, flux: {} } } },
  'gitops.variant': {
    from: { gitops: { repoUrl: REPO, argoCd: {}, flux: {} } },
    to: { gitops: { repoUrl: REPO, variant: CredentialVariant.IAM, argoCd: {}, flux: {} } },
  },
  'gitops.namePrefix': { from: { gitops: { repoUrl: REPO, argoCd: {}, flux: {} } }, to: { gitops: { repoUrl: REPO, namePrefix: 'ml', argoCd: {}, flux: {} } } },
  'bucketKmsKeyArn': { to: { bucketKmsKeyArn: KEY } },
  'cloudFormation': {
    from: (_release, mechanism) => stackReady(mechanism),
    to: (_release, mechanism) => ({ ...stackReady(mechanism), cloudFormation: { bucketVersioning: true, artifactExpirationDays: 30 } }),
  },
  'pods': { to: { pods: { priorityClassName: 'kfp-critical', tolerations: [{ key: 'dedicated', value: 'ml' }] } } },
  'stepPods': { to: { stepPods: { nodeSelector: { pool: 'steps' } } }, appliesTo: (release) => release.argo.workflowDefaults },
  'resources': { to: { resources: { 'ml-pipeline': { limits: { memory: '2Gi' } } } } },
  'workflows': { to: { workflows: { retryLimit: 3 } }, appliesTo: (release) => release.argo.workflowDefaults },
  'uiLoadBalancer': { to: { uiLoadBalancer: { certificateArn: CERTIFICATE, oidc: OIDC } } },
  'secretsManager': {
    to: {
      secretsManager: {
        roleArn: role('kfp-secrets'),
        mysql: { secretId: 'kfp/mysql' },
        accessKey: { secretId: 'kfp/aws' },
        uiSigningKey: { secretId: 'kfp/ui' },
      },
    },
    appliesTo: (release, mechanism) => mechanism !== IamMechanism.KUBE2IAM && release.uiSigningKey,
  },
  // With the cache webhook where the release has one, so that the cache image is rendered.
  'images': {
    from: (release) => withCache(release),
    to: (release) => ({ ...withCache(release), images: { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' } }),
  },
};

/** The cache webhook, where `release` has a cache server. */
function withCache(release: KfpRelease): TestOptions {
  return release.components.includes('cache-server') ? { cacheWebhook: CacheWebhook.CERT_MANAGER } : {};
}

/** `base` with `change` applied; the `iam` settings of both are merged, roles kept for the release's consumers only. */
function withChange(base: TestOptions, changeOptions: ChangeOptions = {}): TestOptions {
  const release = findRelease(base.kfpVersion!)!;
  const change = typeof changeOptions === 'function' ? changeOptions(release, base.iam!.mechanism!) : changeOptions;
  const limits = release.roleLimits?.[base.iam!.mechanism!] ?? {};
  const consumers: readonly string[] = release.s3Consumers.filter((consumer) => !(consumer in limits));
  const roleArns = change.iam?.roleArns
    && Object.fromEntries(Object.entries(change.iam.roleArns).filter(([consumer]) => consumers.includes(consumer)));
  return { ...base, ...change, iam: { ...base.iam, ...change.iam, ...(roleArns ? { roleArns } : {}) } };
}

/** The objects whose rendering changes, appears or goes when only the option differs, in the base or in any overlay. */
function changedObjects(base: TestOptions, change: Change): string[] {
  const changed = new Set<string>();
  const render = (options: TestOptions, variant?: (typeof VARIANTS)[number]) => new Map(
    renderInstall(resolveConfig({ name: 'x', ...options }), variant)
      .map((o) => [`${o.manifest.kind}/${o.manifest.metadata.name}`, JSON.stringify(o.manifest)]));
  for (const variant of [undefined, ...VARIANTS]) {
    const before = render(withChange(base, change.from), variant);
    const after = render(withChange(base, change.to), variant);
    for (const object of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(object) !== after.get(object)) changed.add(object);
    }
  }
  return [...changed].sort();
}

/** The kinds of `iam/` file (`<role>.policy.json`, `<role>.trust.json`) whose name or content changes with `change`. */
function changedIamFiles(base: TestOptions, change: Change): string[] {
  const files = (options: TestOptions) => new Map(iamRoleDocuments(resolveInstalls({ name: 'x', ...options }))
    .flatMap((doc) => [[doc.policyFile, doc.policy], [doc.trustFile, doc.trust]] as const)
    .map(([path, document]) => [path, JSON.stringify(document)]));
  const before = files(withChange(base, change.from));
  const after = files(withChange(base, change.to));
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  return [...new Set(changed.map((path) => path.replace(/^iam\/.+\.(policy|trust)\.json$/, 'iam/<role>.$1.json')))].sort();
}

describe.each(RELEASES.flatMap((release) => mechanismsOf(release).map((mechanism) => [release.version, mechanism])))(
  'option landings of KFP %s with %s',
  (kfpVersion, mechanism) => {
    const base: TestOptions = { kfpVersion, iam: { mechanism: mechanism as IamMechanism } };
    const config = resolveConfig({ name: 'x', ...base });
    /** The objects the install renders before or after a change: a change may add objects (the cache webhook). */
    const renderedWith = (change: Change) => new Set([change.from, change.to].flatMap((c) => {
      const changed = resolveConfig({ name: 'x', ...withChange(base, c) });
      return [undefined, ...changed.variants].flatMap((variant) => renderInstall(changed, variant))
        .map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`);
    }));

    test('every option of the table has a change to try', () => {
      expect(OPTION_LANDINGS.map((l) => l.option).sort()).toEqual(Object.keys(CHANGES).sort());
    });

    test.each(OPTION_LANDINGS.map((l) => [l.option, l]))('%s lands exactly where the README says', (option, landing) => {
      const change = CHANGES[option];
      if (change.appliesTo && !change.appliesTo(config.release, config.iam.mechanism)) {
        // The release refuses the option: it may document no place of it.
        expect(placesIn(landing, config, renderedWith({ to: {} }))).toEqual([]);
        return;
      }
      // The places of the changed options: the keys of an option may name the objects (resources).
      const changed = resolveConfig({ name: 'x', ...withChange(base, change.to) });
      const documented = [...new Set(placesIn(landing, changed, renderedWith(change)).map((p) => `${p.kind}/${p.name}`))].sort();
      const documentedFiles = [...new Set(filesIn(landing, config).map((f) => f.path))].sort();
      expect(changedObjects(base, change)).toEqual(documented);
      expect(changedIamFiles(base, change)).toEqual(documentedFiles);
    });
  },
);
