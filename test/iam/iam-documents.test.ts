import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism } from '../../src';
import { findRelease, KfpRelease } from '../../src/catalog';
import { KfpConfig, resolveInstalls, S3Consumer } from '../../src/config';
import { IamRoleDocuments, iamRoleDocuments, PolicyStatement } from '../../src/iam';
import { allReleases, mechanismsOf, releasesWhere, synthFiles, synthToDisk, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const role = (name: string, partition = 'aws') => `arn:${partition}:iam::${ACCOUNT}:role/${name}`;
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';
const NODE_ROLE = role('eks-nodes');

/** The ServiceAccount each consumer's pods run as. */
const SERVICE_ACCOUNTS: Record<S3Consumer, string> = {
  [S3Consumer.API_SERVER]: 'ml-pipeline',
  [S3Consumer.UI]: 'ml-pipeline-ui',
  [S3Consumer.WORKFLOW_CONTROLLER]: 'argo',
  [S3Consumer.PIPELINE_RUNNER]: 'pipeline-runner',
  [S3Consumer.VIEWER]: 'kubeflow-pipelines-viewer',
  [S3Consumer.VISUALIZATION_SERVER]: 'ml-pipeline-visualizationserver',
};

/** The releases whose S3 clients can use IRSA. */
const IRSA_RELEASES = releasesWhere((release) => mechanismsOf(release).includes(IamMechanism.IRSA));

/** A role of its own for every consumer of `release`, named after it. */
const ownRoles = (release: KfpRelease) => Object.fromEntries(release.s3Consumers.map((consumer) => [consumer, role(`kfp-${consumer}`)]));

function documents(options: TestOptions): IamRoleDocuments[] {
  return iamRoleDocuments(resolveInstalls({ name: 'x', bucket: 'acme-kfp', ...options }));
}

/** The documents of the role named `name`; fails when there is none. */
function roleNamed(docs: readonly IamRoleDocuments[], name: string): IamRoleDocuments {
  const found = docs.find((d) => d.name === name);
  if (!found) throw new Error(`no role ${name} among ${docs.map((d) => d.name).join(', ')}`);
  return found;
}

const list = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);

/** Every (action, resource) pair a policy allows. */
function grants(statements: readonly PolicyStatement[]): Array<[string, string]> {
  return statements.flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => [a, r] as [string, string])));
}

/** The object actions a policy allows on the keys under `<bucketArn>/<prefix>/`. */
function objectActions(statements: readonly PolicyStatement[], bucketArn: string, prefix: string): string[] {
  return grants(statements).filter(([, r]) => r === `${bucketArn}/${prefix}/*`).map(([a]) => a).sort();
}

/** The `s3:prefix` values of the prefix-conditioned `s3:ListBucket` statements. */
function listedPrefixes(statements: readonly PolicyStatement[]): string[] {
  return statements.filter((s) => list(s.Action).includes('s3:ListBucket') && s.Condition?.StringLike)
    .flatMap((s) => list(s.Condition!.StringLike['s3:prefix'])).sort();
}

/**
 * Least privilege, for every policy of `installs`: no wildcard action, `s3:GetBucketLocation` and `s3:ListBucket` on the
 * bucket only, `s3:ListBucket` limited to the install's prefixes (or, for the api server that checks the bucket, to
 * requests without a prefix), object actions only under the install's prefixes.
 */
function expectLeastPrivilege(docs: readonly IamRoleDocuments[], installs: readonly KfpConfig[]) {
  const buckets = new Set(installs.map((c) => `arn:${c.s3.partition}:s3:::${c.s3.bucket}`));
  const objectResources = new Set(installs.flatMap((c) => [c.s3.artifactPrefix, c.s3.pipelinePrefix]
    .map((p) => `arn:${c.s3.partition}:s3:::${c.s3.bucket}/${p}/*`)));
  const prefixes = new Set(installs.flatMap((c) => [c.s3.artifactPrefix, c.s3.pipelinePrefix]).flatMap((p) => [p, `${p}/*`]));
  for (const doc of docs) {
    expect(doc.policy.Version).toBe('2012-10-17');
    for (const statement of doc.policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).toBeUndefined();
      for (const action of list(statement.Action)) {
        expect(action).toMatch(/^s3:[A-Za-z]+$/);
        if (['s3:GetBucketLocation', 's3:ListBucket'].includes(action)) {
          for (const resource of list(statement.Resource)) expect(buckets).toContain(resource);
        } else {
          for (const resource of list(statement.Resource)) expect(objectResources).toContain(resource);
        }
      }
      if (list(statement.Action).includes('s3:ListBucket')) {
        expect(list(statement.Action)).toEqual(['s3:ListBucket']);
        const condition = statement.Condition ?? {};
        if (condition.Null) {
          expect(condition).toEqual({ Null: { 's3:prefix': 'true' } });
          expect(doc.uses.some((u) => u.consumer === S3Consumer.API_SERVER && u.config.release.apiServerChecksBucket)).toBe(true);
        } else {
          expect(Object.keys(condition)).toEqual(['StringLike']);
          for (const prefix of list(condition.StringLike['s3:prefix'])) expect(prefixes).toContain(prefix);
        }
      }
    }
  }
}

/** The settings the trust policies of each mechanism name. */
const MECHANISM_SETTINGS: Record<IamMechanism, TestOptions['iam']> = {
  [IamMechanism.IRSA]: { oidcProvider: OIDC },
  [IamMechanism.KUBE2IAM]: { nodeRoleArn: NODE_ROLE },
  [IamMechanism.POD_IDENTITY]: { clusterName: 'ml-prod' },
};

describe.each(allReleases())('IAM policies of KFP %s, a role per consumer', (kfpVersion, release) => {
  const consumers = release.s3Consumers;
  const mechanism = mechanismsOf(release)[0];
  const options: TestOptions = {
    kfpVersion,
    artifactPrefix: 'kfp/art',
    pipelinePrefix: 'kfp/pkg',
    iam: { mechanism, roleArns: ownRoles(release), ...MECHANISM_SETTINGS[mechanism] },
  };
  const installs = resolveInstalls({ name: 'x', bucket: 'acme-kfp', ...options });
  const docs = iamRoleDocuments(installs);
  const bucket = 'arn:aws:s3:::acme-kfp';
  const policy = (consumer: S3Consumer) => roleNamed(docs, `kfp-${consumer}`).policy.Statement;

  test('writes one pair of files per role, named after it', () => {
    // the placeholder roleArn is used by nobody, so it gets no files
    expect(docs.map((d) => d.name).sort()).toEqual(consumers.map((c) => `kfp-${c}`).sort());
    for (const doc of docs) {
      expect(doc.policyFile).toBe(`iam/${doc.name}.policy.json`);
      expect(doc.trustFile).toBe(`iam/${doc.name}.trust.json`);
    }
  });

  test('grants nothing beyond the bucket\'s prefixes, and no wildcard', () => {
    expectLeastPrivilege(docs, installs);
  });

  test('lets every consumer find the bucket\'s region', () => {
    for (const consumer of consumers) expect(grants(policy(consumer))).toContainEqual(['s3:GetBucketLocation', bucket]);
  });

  test('lets only the api server touch the pipeline packages', () => {
    expect(objectActions(policy(S3Consumer.API_SERVER), bucket, 'kfp/pkg'))
      .toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    for (const consumer of consumers.filter((c) => c !== S3Consumer.API_SERVER)) {
      expect(objectActions(policy(consumer), bucket, 'kfp/pkg')).toEqual([]);
    }
    expect(objectActions(policy(S3Consumer.API_SERVER), bucket, 'kfp/art')).toEqual(['s3:GetObject']);
  });

  test('lets only the pipeline steps write artifacts, and nobody delete them', () => {
    expect(objectActions(policy(S3Consumer.PIPELINE_RUNNER), bucket, 'kfp/art')).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject']);
    for (const consumer of [S3Consumer.UI, S3Consumer.VIEWER, S3Consumer.VISUALIZATION_SERVER].filter((c) => consumers.includes(c))) {
      expect(objectActions(policy(consumer), bucket, 'kfp/art')).toEqual(['s3:GetObject']);
      expect(grants(policy(consumer)).map(([action]) => action)).not.toContain('s3:PutObject');
    }
  });

  test('lets the readers list the artifacts only', () => {
    const readers = [S3Consumer.UI, S3Consumer.VIEWER, S3Consumer.VISUALIZATION_SERVER, S3Consumer.PIPELINE_RUNNER];
    for (const consumer of readers.filter((c) => consumers.includes(c))) {
      expect(listedPrefixes(policy(consumer))).toEqual(['kfp/art', 'kfp/art/*']);
    }
    expect(listedPrefixes(policy(S3Consumer.API_SERVER))).toEqual([]);
  });

  test('gives the workflow controller no object access, and no role where it has no S3 client', () => {
    if (consumers.includes(S3Consumer.WORKFLOW_CONTROLLER)) {
      expect(policy(S3Consumer.WORKFLOW_CONTROLLER)).toEqual([{ Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: bucket }]);
    } else {
      expect(docs.map((d) => d.name)).not.toContain('kfp-workflowController');
    }
  });

  test('lets the api server check the bucket only where it does so at startup', () => {
    const checks = policy(S3Consumer.API_SERVER).some((s) => s.Condition?.Null);
    expect(checks).toBe(release.apiServerChecksBucket);
  });

  (mechanism === IamMechanism.IRSA ? test : test.skip)('lets each role be assumed by exactly the ServiceAccount of its consumer', () => {
    for (const consumer of consumers) {
      expect(roleNamed(docs, `kfp-${consumer}`).trust).toEqual({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${OIDC}:sub`]: `system:serviceaccount:kubeflow:${SERVICE_ACCOUNTS[consumer]}`,
              [`${OIDC}:aud`]: 'sts.amazonaws.com',
            },
          },
        }],
      });
    }
  });
});

describe.each(IRSA_RELEASES)('IAM documents of a shared role in KFP %s', (kfpVersion, release) => {
  const releaseDocuments = (options: TestOptions) => iamRoleDocuments(resolveInstalls({ name: 'x', bucket: 'acme-kfp', kfpVersion, ...options }));

  test('a role every consumer shares yields one pair of files with the union of their access and every ServiceAccount', () => {
    const docs = releaseDocuments({ iam: { roleArn: role('kfp'), oidcProvider: OIDC } });
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc.uses.map((u) => u.consumer)).toEqual([...release.s3Consumers]);
    const bucket = 'arn:aws:s3:::acme-kfp';
    expect(objectActions(doc.policy.Statement, bucket, 'pipelines')).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(objectActions(doc.policy.Statement, bucket, 'artifacts')).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject']);
    expect(doc.trust.Statement).toHaveLength(1);
    expect(doc.trust.Statement[0].Condition!.StringEquals[`${OIDC}:sub`])
      .toEqual(release.s3Consumers.map((consumer) => `system:serviceaccount:kubeflow:${SERVICE_ACCOUNTS[consumer]}`));
  });

  test('a role two consumers share gets the access of both, and the other consumers none of it', () => {
    const docs = releaseDocuments({ iam: { roleArn: role('kfp'), roleArns: { ui: role('readers'), viewer: role('readers') }, oidcProvider: OIDC } });
    expect(docs.map((d) => d.name)).toEqual(['kfp', 'readers']);
    const readers = roleNamed(docs, 'readers');
    expect(readers.trust.Statement[0].Condition!.StringEquals[`${OIDC}:sub`])
      .toEqual(['system:serviceaccount:kubeflow:ml-pipeline-ui', 'system:serviceaccount:kubeflow:kubeflow-pipelines-viewer']);
    expect(grants(readers.policy.Statement).map(([a]) => a)).not.toContain('s3:PutObject');
    expect(roleNamed(docs, 'kfp').trust.Statement[0].Condition!.StringEquals[`${OIDC}:sub`]).not.toContain('system:serviceaccount:kubeflow:ml-pipeline-ui');
  });

  // An additional install without an `iam` of its own gets roles of its own: team-b names the shared role in its own.
  const iam = { roleArn: role('kfp'), oidcProvider: OIDC };

  test('a role shared by two installs lists the ServiceAccounts and the prefixes of both namespaces', () => {
    const installs = resolveInstalls({
      name: 'x', kfpVersion, bucket: 'acme-kfp', iam, additionalInstalls: [{ namespace: 'team-b', iam }],
    });
    const docs = iamRoleDocuments(installs);
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expectLeastPrivilege(docs, installs);
    const subjects = doc.trust.Statement[0].Condition!.StringEquals[`${OIDC}:sub`];
    for (const namespace of ['kubeflow', 'team-b']) {
      for (const consumer of release.s3Consumers) {
        expect(subjects).toContain(`system:serviceaccount:${namespace}:${SERVICE_ACCOUNTS[consumer]}`);
      }
    }
    expect(subjects).toHaveLength(2 * release.s3Consumers.length);
    const bucket = 'arn:aws:s3:::acme-kfp';
    expect(objectActions(doc.policy.Statement, bucket, 'team-b/pipelines')).toContain('s3:PutObject');
    expect(objectActions(doc.policy.Statement, bucket, 'team-b/artifacts')).toContain('s3:PutObject');
    expect(listedPrefixes(doc.policy.Statement)).toEqual(['artifacts', 'artifacts/*', 'team-b/artifacts', 'team-b/artifacts/*']);
  });

  test('each install\'s bucket gets statements of its own', () => {
    const installs = resolveInstalls({
      name: 'x',
      kfpVersion,
      bucket: 'acme-kfp',
      iam,
      additionalInstalls: [{ namespace: 'team-b', bucket: 'team-b-kfp', iam }],
    });
    const docs = iamRoleDocuments(installs);
    expectLeastPrivilege(docs, installs);
    const statements = docs[0].policy.Statement;
    expect(objectActions(statements, 'arn:aws:s3:::team-b-kfp', 'team-b/artifacts')).toContain('s3:PutObject');
    expect(objectActions(statements, 'arn:aws:s3:::acme-kfp', 'team-b/artifacts')).toEqual([]);
    const listings = statements.filter((s) => s.Condition?.StringLike);
    expect(listings.map((s) => [s.Resource, s.Condition!.StringLike['s3:prefix']])).toEqual([
      ['arn:aws:s3:::acme-kfp', ['artifacts', 'artifacts/*']],
      ['arn:aws:s3:::team-b-kfp', ['team-b/artifacts', 'team-b/artifacts/*']],
    ]);
  });
});

test('KFP 2.17.0: the role every consumer shares is trusted by ml-pipeline, ml-pipeline-ui, argo, pipeline-runner and kubeflow-pipelines-viewer', () => {
  const [doc] = documents({ kfpVersion: '2.17.0', iam: { roleArn: role('kfp'), oidcProvider: OIDC } });
  expect(doc.trust.Statement[0].Condition!.StringEquals[`${OIDC}:sub`]).toEqual([
    'system:serviceaccount:kubeflow:ml-pipeline',
    'system:serviceaccount:kubeflow:ml-pipeline-ui',
    'system:serviceaccount:kubeflow:argo',
    'system:serviceaccount:kubeflow:pipeline-runner',
    'system:serviceaccount:kubeflow:kubeflow-pipelines-viewer',
  ]);
});

test('KFP 0.2.3\'s api server checks the bucket at startup, 2.17.0\'s does not need to', () => {
  expect([findRelease('0.2.3')!.apiServerChecksBucket, findRelease('2.17.0')!.apiServerChecksBucket]).toEqual([true, false]);
});

describe('IAM documents per partition and mechanism', () => {
  test.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
  ])('writes the ARNs of %s in partition %s', (region, partition) => {
    const installs = resolveInstalls({ name: 'x', bucket: 'acme-kfp', region, iam: { roleArn: role('kfp', partition), oidcProvider: OIDC } });
    const [doc] = iamRoleDocuments(installs);
    expectLeastPrivilege([doc], installs);
    const resources = doc.policy.Statement.flatMap((s) => list(s.Resource));
    for (const resource of resources) expect(resource.startsWith(`arn:${partition}:s3:::acme-kfp`)).toBe(true);
    expect(doc.trust.Statement[0].Principal).toEqual({ Federated: `arn:${partition}:iam::${ACCOUNT}:oidc-provider/${OIDC}` });
  });

  test('kube2iam roles trust the nodes\' role, whether given by ARN or by name', () => {
    const docs = documents({
      kfpVersion: '0.2.3',
      iam: { mechanism: IamMechanism.KUBE2IAM, roleArn: 'kfp-s3', roleArns: { ui: role('kfp-ui') }, nodeRoleArn: NODE_ROLE },
    });
    expect(docs.map((d) => [d.role, d.name, d.path])).toEqual([['kfp-s3', 'kfp-s3', '/'], [role('kfp-ui'), 'kfp-ui', '/']]);
    for (const doc of docs) {
      expect(doc.trust).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: NODE_ROLE }, Action: 'sts:AssumeRole' }],
      });
    }
  });

  test('a role with a path keeps it apart from its name', () => {
    const [doc] = documents({ iam: { roleArn: role('teams/ml/kfp') } });
    expect([doc.name, doc.path, doc.policyFile]).toEqual(['kfp', '/teams/ml/', 'iam/kfp.policy.json']);
  });

  test('refuses two role ARNs with one name, which would share their files', () => {
    expect(() => resolveInstalls({ name: 'x', iam: { roleArn: role('kfp'), roleArns: { ui: 'arn:aws:iam::210987654321:role/kfp' } } }))
      .toThrow(/iam\.roleArns\.ui: "arn:aws:iam::210987654321:role\/kfp" has the name of iam\.roleArn "arn:aws:iam::123456789012:role\/kfp"/);
  });
});

describe('IAM files in the repo', () => {
  test('are the documents as JSON, without projen\'s marker key, which IAM would reject', () => {
    const files = synthFiles({ bucket: 'acme-kfp', iam: { roleArn: role('kfp'), roleArns: { ui: role('kfp-ui') }, oidcProvider: OIDC } });
    const docs = documents({ iam: { roleArn: role('kfp'), roleArns: { ui: role('kfp-ui') }, oidcProvider: OIDC } });
    expect(Object.keys(files).filter((f) => f.startsWith('iam/')).sort())
      .toEqual(['iam/kfp-ui.policy.json', 'iam/kfp-ui.trust.json', 'iam/kfp.policy.json', 'iam/kfp.trust.json']);
    for (const doc of docs) {
      expect(files[doc.policyFile]).toEqual(JSON.parse(JSON.stringify(doc.policy)));
      expect(files[doc.trustFile]).toEqual(JSON.parse(JSON.stringify(doc.trust)));
      expect(Object.keys(files[doc.policyFile])).toEqual(['Version', 'Statement']);
      expect(Object.keys(files[doc.trustFile])).toEqual(['Version', 'Statement']);
    }
  });

  test('are read-only, tracked by projen, and deleted once their role is gone', () => {
    const outdir = synthToDisk({ bucket: 'acme-kfp', iam: { roleArn: role('kfp'), roleArns: { ui: role('kfp-ui') } } });
    const file = path.join(outdir, 'iam/kfp-ui.policy.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).Version).toBe('2012-10-17');
    expect(fs.statSync(file).mode.toString(8).slice(-3)).toBe('444');
    expect(JSON.parse(fs.readFileSync(path.join(outdir, '.projen/files.json'), 'utf-8')).files).toContain('iam/kfp-ui.policy.json');

    synthToDisk({ bucket: 'acme-kfp', iam: { roleArn: role('kfp') } }, outdir);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'iam/kfp.policy.json'))).toBe(true);
  });
});

test('an install on an S3-compatible store gets no IAM documents, and its README says why', () => {
  const minio = { host: 'minio.storage.svc', port: 9000, tls: false };

  // GIVEN the top-level install on AWS S3 and team-b on MinIO, with the same role
  const [shared] = iamRoleDocuments(resolveInstalls({ name: 'x', additionalInstalls: [{ namespace: 'team-b', s3Endpoint: minio }] }));
  // THEN only the AWS install's ServiceAccounts are trusted, and only its prefixes granted
  expect(JSON.stringify(shared.trust)).not.toContain('team-b');
  expect(JSON.stringify(shared.policy)).not.toContain('team-b');

  // GIVEN a repo on MinIO alone: no iam/ file, and a README without role commands
  const files = synthFiles({ s3Endpoint: minio });
  expect(Object.keys(files).filter((f) => f.startsWith('iam/'))).toEqual([]);
  expect(files['README.md']).toContain('None for this install: its bucket is on the S3-compatible store `http://minio.storage.svc:9000`');
  expect(files['README.md']).not.toContain('aws iam create-role');
});

test('an install whose s3Endpoint is an AWS S3 host (a VPC endpoint, FIPS) gets its overlay/iam and the documents of its roles', () => {
  // GIVEN the bucket through an S3 interface endpoint of the VPC
  const files = synthFiles({ bucket: 'acme-kfp', region: 'eu-west-1', s3Endpoint: { host: 'bucket.vpce-0123-abcd.s3.eu-west-1.vpce.amazonaws.com' } });

  // THEN the iam overlay exists, and every role its pods carry has its files and its README commands
  expect(Object.keys(files)).toContain('overlay/iam/kustomization.yaml');
  expect(Object.keys(files).filter((f) => f.startsWith('iam/')).sort()).toEqual(['iam/change-me-kfp-s3-access.policy.json', 'iam/change-me-kfp-s3-access.trust.json']);
  expect(JSON.stringify(files['iam/change-me-kfp-s3-access.policy.json'])).toContain('arn:aws:s3:::acme-kfp/artifacts/*');
  expect(files['README.md']).toContain('aws iam create-role --role-name change-me-kfp-s3-access');
  expect(files['README.md']).not.toContain('None for this install');
});
