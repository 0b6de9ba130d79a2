import * as path from 'path';
import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { resolveConfig, resolveInstalls, S3Consumer } from '../../src/config';
import { iamRoleDocuments, NAMESPACE_TAG_VARIABLE, PolicyStatement } from '../../src/iam';
import { renderInstall } from '../../src/manifests/install';
import { schemaProblems, SchemaModels } from '../../src/validate';
import { findObject, kustomize, synthFiles, synthToDisk, TestOptions } from '../util';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/kfp-s3`;
const POD_IDENTITY: TestOptions['iam'] = { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE, clusterName: 'ml-prod' };
const OPTIONS: TestOptions = { bucket: 'acme-kfp', namespace: 'ml', iam: POD_IDENTITY };

const iamOverlay = (options: TestOptions) => renderInstall(resolveConfig({ name: 'x', ...options }), 'iam').map((o) => o.manifest);
const env = (objects: readonly any[], deployment: string, name: string) =>
  findObject(objects, 'Deployment', deployment).spec.template.spec.containers[0].env.find((e: any) => e.name === name);

describe('overlay/iam with EKS Pod Identity (KFP 2.17.0)', () => {
  const objects = iamOverlay(OPTIONS);

  test('names no role in any manifest: no ServiceAccount or pod annotation', () => {
    const annotations = objects.flatMap((o) => [o.metadata.annotations, o.spec?.template?.metadata?.annotations]).filter(Boolean);
    expect(JSON.stringify(annotations)).not.toContain(ROLE);
    expect(JSON.stringify(objects)).not.toContain('eks.amazonaws.com/role-arn');
    expect(JSON.stringify(objects)).not.toContain('iam.amazonaws.com/role');
  });

  test('leaves every S3 client on its SDK\'s default chain, which reads the Pod Identity agent', () => {
    // the api server: both keys present and empty, else its config.json defaults (minio/minio123) apply
    expect(env(objects, 'ml-pipeline', 'OBJECTSTORECONFIG_ACCESSKEY')).toEqual({ name: 'OBJECTSTORECONFIG_ACCESSKEY', value: '' });
    expect(env(objects, 'ml-pipeline', 'OBJECTSTORECONFIG_SECRETACCESSKEY')).toEqual({ name: 'OBJECTSTORECONFIG_SECRETACCESSKEY', value: '' });
    const argo = yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.artifactRepository) as any;
    expect(argo.s3.useSDKCreds).toBe(true);
    expect(argo.s3).not.toHaveProperty('accessKeySecret');
    const launcher = yaml.load(findObject(objects, 'ConfigMap', 'kfp-launcher').data.providers) as any;
    expect(launcher.s3.default.credentials).toEqual({ fromEnv: true });
    // the UI: no keys, and an AWS S3 host, for which it asks the credential chain (frontend/server/minio-helper.ts)
    expect(env(objects, 'ml-pipeline-ui', 'AWS_ACCESS_KEY_ID')).toBeUndefined();
    expect(env(objects, 'ml-pipeline-ui', 'AWS_S3_ENDPOINT')).toEqual({ name: 'AWS_S3_ENDPOINT', value: 's3.us-east-1.amazonaws.com' });
  });

  test('renders no ACK objects unless asked', () => {
    expect(objects.filter((o) => o.kind === 'PodIdentityAssociation')).toEqual([]);
  });
});

describe('IAM documents with EKS Pod Identity', () => {
  test('trust pods.eks.amazonaws.com for the ServiceAccounts of the role in its namespace and cluster, and tag the session', () => {
    const [doc] = iamRoleDocuments(resolveInstalls({ name: 'x', ...OPTIONS }));
    expect(doc.trust).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': 'ml-prod',
            'aws:RequestTag/kubernetes-namespace': 'ml',
            'aws:RequestTag/kubernetes-service-account': ['ml-pipeline', 'ml-pipeline-ui', 'argo', 'pipeline-runner'],
          },
        },
      }],
    });
  });

  test('give the viewer no role: its TensorFlow images cannot read the Pod Identity token', () => {
    const docs = iamRoleDocuments(resolveInstalls({ name: 'x', ...OPTIONS, iam: { ...POD_IDENTITY, roleArns: { ui: `arn:aws:iam::${ACCOUNT}:role/kfp-ui` } } }));
    const consumers = docs.flatMap((doc) => doc.uses.map((use) => use.consumer));
    expect(consumers.sort()).toEqual([S3Consumer.API_SERVER, S3Consumer.PIPELINE_RUNNER, S3Consumer.UI, S3Consumer.WORKFLOW_CONTROLLER].sort());
    expect(() => resolveConfig({ name: 'x', ...OPTIONS, iam: { ...POD_IDENTITY, roleArns: { viewer: ROLE } } }))
      .toThrow(/iam\.roleArns\.viewer: "[^"]+" is not used: with EKS Pod Identity in KFP 2\.17\.0, the TensorFlow 1\.7 to 2\.2 images/);
    const readme: string = synthFiles(OPTIONS)['README.md'];
    expect(readme).toContain('| TensorBoard viewers | `viewer` | read, list `artifacts/*` | none with EKS Pod Identity |');
  });

  test('without a cluster name, trust any cluster of the account, and the README asks for it', () => {
    const [doc] = iamRoleDocuments(resolveInstalls({ name: 'x', ...OPTIONS, iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE } }));
    expect(Object.keys(doc.trust.Statement[0].Condition!.StringEquals)).toEqual(['aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account']);
    expect(synthFiles({ ...OPTIONS, iam: { mechanism: IamMechanism.POD_IDENTITY, roleArn: ROLE } })['README.md'])
      .toContain('> **Set your EKS cluster\'s name before you create the associations.**');
  });

  test('are refused for KFP 0.2.3, naming the mechanism and why', () => {
    expect(() => resolveConfig({ name: 'x', kfpVersion: '0.2.3', iam: { mechanism: IamMechanism.POD_IDENTITY } }))
      .toThrow(/iam\.mechanism: "podIdentity" is not supported by KFP 0\.2\.3: none of its S3 clients can read the credentials EKS Pod Identity gives/);
  });

  test('refuse a setting of another mechanism, saying which mechanism reads it', () => {
    expect(() => resolveConfig({ name: 'x', iam: { ...POD_IDENTITY, oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC' } }))
      .toThrow('iam.oidcProvider: is read only with iam.mechanism "irsa", but the mechanism is "podIdentity": set iam.mechanism to IamMechanism.IRSA, or remove iam.oidcProvider');
    // a default that changed under a setting: 2.17.0 defaults to IRSA, which reads no node role
    expect(() => resolveConfig({ name: 'x', iam: { nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/nodes` } }))
      .toThrow('iam.nodeRoleArn: is read only with iam.mechanism "kube2iam", but the mechanism is "irsa" (the default of KFP 2.17.0): set iam.mechanism to IamMechanism.KUBE2IAM');
    expect(() => resolveConfig({ name: 'x', iam: { clusterName: 'ml-prod' } })).toThrow(/iam\.clusterName: is read only with iam\.mechanism "podIdentity"/);
  });
});

describe('session-tag isolation', () => {
  const isolated: TestOptions = {
    ...OPTIONS,
    iam: { ...POD_IDENTITY, sessionTagIsolation: true },
    additionalInstalls: [{ namespace: 'team-b' }, { namespace: 'team-c' }],
  };
  const installs = resolveInstalls({ name: 'x', ...isolated });
  const [doc] = iamRoleDocuments(installs);
  const objectStatements = (statements: readonly PolicyStatement[]) => statements.filter((s) => String(s.Resource).includes('/'));

  test('puts every install\'s prefixes under its namespace, the top-level one too', () => {
    expect(installs.map((c) => [c.s3.artifactPrefix, c.s3.pipelinePrefix])).toEqual([
      ['ml/artifacts', 'ml/pipelines'], ['team-b/artifacts', 'team-b/pipelines'], ['team-c/artifacts', 'team-c/pipelines'],
    ]);
  });

  test('grants each pod the prefixes of its own namespace through its session tag: one set of statements for every install', () => {
    expect(iamRoleDocuments(installs)).toHaveLength(1);
    const resources = objectStatements(doc.policy.Statement).flatMap((s) => [s.Resource].flat());
    expect(resources.sort()).toEqual([
      `arn:aws:s3:::acme-kfp/${NAMESPACE_TAG_VARIABLE}/artifacts/*`,
      `arn:aws:s3:::acme-kfp/${NAMESPACE_TAG_VARIABLE}/pipelines/*`,
    ]);
    const listed = doc.policy.Statement.filter((s) => s.Condition?.StringLike).flatMap((s) => [s.Condition!.StringLike['s3:prefix']].flat());
    expect(listed).toEqual([`${NAMESPACE_TAG_VARIABLE}/artifacts`, `${NAMESPACE_TAG_VARIABLE}/artifacts/*`]);
    expect(JSON.stringify(doc.policy)).not.toMatch(/team-b|team-c|"ml\//);
    // the same policy as for one install: its size does not grow with the installs
    const [single] = iamRoleDocuments(resolveInstalls({ name: 'x', ...OPTIONS, iam: { ...POD_IDENTITY, sessionTagIsolation: true } }));
    expect(doc.policy).toEqual(single.policy);
    // the trust policy names each namespace and each ServiceAccount once: one statement, for each pair of them
    expect(doc.trust.Statement).toHaveLength(1);
    expect(doc.trust.Statement[0].Condition!.StringEquals).toEqual({
      'aws:RequestTag/eks-cluster-name': single.trust.Statement[0].Condition!.StringEquals['aws:RequestTag/eks-cluster-name'],
      'aws:RequestTag/kubernetes-namespace': ['ml', 'team-b', 'team-c'],
      'aws:RequestTag/kubernetes-service-account': single.trust.Statement[0].Condition!.StringEquals['aws:RequestTag/kubernetes-service-account'],
    });
  });

  test('refuses a prefix outside the install\'s namespace', () => {
    expect(() => resolveConfig({ name: 'x', ...OPTIONS, artifactPrefix: 'kfp/artifacts', iam: { ...POD_IDENTITY, sessionTagIsolation: true } }))
      .toThrow('artifactPrefix: "kfp/artifacts" must start with the namespace "ml/" with iam.sessionTagIsolation');
  });
});

describe('ACK PodIdentityAssociation objects', () => {
  const repo = synthToDisk({ ...OPTIONS, iam: { ...POD_IDENTITY, ackAssociations: true } });
  const built = kustomize(path.join(repo, 'overlay/iam'));
  const associations = built.filter((o) => o.kind === 'PodIdentityAssociation');

  test('are in overlay/iam only, one per ServiceAccount with a role, naming the cluster, namespace and role', () => {
    expect(associations.map((o) => o.spec)).toEqual(['argo', 'ml-pipeline', 'ml-pipeline-ui', 'pipeline-runner'].map((serviceAccount) =>
      ({ clusterName: 'ml-prod', namespace: 'ml', serviceAccount, roleARN: ROLE })));
    expect(associations.every((o) => o.apiVersion === 'eks.services.k8s.aws/v1alpha1' && o.metadata.namespace === 'ml')).toBe(true);
    expect(kustomize(path.join(repo, 'overlay/accesskey')).filter((o) => o.kind === 'PodIdentityAssociation')).toEqual([]);
  });

  test('match the schema of the ACK EKS controller\'s CRD, which refuses what the CRD lacks', () => {
    const models = SchemaModels.load();
    expect(schemaProblems(associations, models)).toEqual([]);
    const [first] = associations;
    const broken = { ...first, spec: { clusterName: 'ml-prod', namespace: 'ml', roleArn: ROLE } };
    expect(schemaProblems([broken], models)).toEqual([
      'PodIdentityAssociation ml/argo: /spec must have required property \'serviceAccount\'',
      'PodIdentityAssociation ml/argo: /spec/roleArn is not a field of the CRD\'s schema',
    ]);
  });
});
