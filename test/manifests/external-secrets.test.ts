import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism } from '../../src';
import { resolveConfig } from '../../src/config';
import { renderInstall } from '../../src/manifests/install';
import { RELOADER_SECRET_ANNOTATION } from '../../src/manifests/reload-annotations';
import { SchemaModels, schemaProblems } from '../../src/validate';
import { findObject, kustomize, readTree, synthToDisk, TestOptions } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-secrets';
const OPTIONS: TestOptions = {
  namespace: 'ml',
  region: 'eu-west-1',
  secretsManager: {
    roleArn: ROLE,
    mysql: { secretId: 'kfp/mysql' },
    accessKey: { secretId: 'kfp/aws', accessKeyIdProperty: 'AccessKeyId', secretAccessKeyProperty: 'SecretAccessKey' },
    uiSigningKey: { secretId: 'kfp/ui' },
    refreshInterval: '15m',
  },
};

/** ajv 8, as kubernetes-models' validator depends on it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv = require(require.resolve('ajv', { paths: [path.dirname(require.resolve('@kubernetes-models/validate'))] })).default;

/**
 * The v1 openAPIV3Schema of ESO's CRDs (eso-crd-schemas.json says where from), made strict as the API server is not:
 * a field the schema does not define is an error here, where the API server would drop it without a word.
 */
function crdValidator(kind: 'ExternalSecret' | 'SecretStore') {
  const schemas = JSON.parse(fs.readFileSync(path.join(__dirname, '../validate/eso-crd-schemas.json'), 'utf-8'));
  const strict = (schema: any): any => {
    if (Array.isArray(schema)) return schema.map(strict);
    if (typeof schema !== 'object' || schema === null) return schema;
    const result = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'properties'
      ? Object.fromEntries(Object.entries(value as object).map(([name, field]) => [name, strict(field)])) : strict(value)]));
    return schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']
      ? { ...result, additionalProperties: false } : result;
  };
  const schema = strict(schemas[kind]);
  // Objects as kustomize builds them: metadata is the API server's, not the CRD's, and status is ESO's.
  schema.properties.metadata = { type: 'object' };
  delete schema.properties.status;
  return new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

const esoObjects = (objects: readonly any[]) => objects.filter((o) => o.apiVersion === 'external-secrets.io/v1');

describe('secretsManager: the ESO objects', () => {
  const dir = synthToDisk(OPTIONS);
  const overlays = { accesskey: kustomize(path.join(dir, 'overlay/accesskey')), iam: kustomize(path.join(dir, 'overlay/iam')) };

  test('every overlay builds offline with a SecretStore and an ExternalSecret per Secret its pods read', () => {
    expect(esoObjects(overlays.iam).map((o) => `${o.kind}/${o.metadata.name}`).sort())
      .toEqual(['ExternalSecret/ml-pipeline-ui-secret', 'ExternalSecret/mysql-secret', 'SecretStore/aws-secrets-manager']);
    // The access key only where its pods read it.
    expect(esoObjects(overlays.accesskey).map((o) => `${o.kind}/${o.metadata.name}`).sort())
      .toEqual(['ExternalSecret/ml-pipeline-aws-secret', 'ExternalSecret/ml-pipeline-ui-secret', 'ExternalSecret/mysql-secret', 'SecretStore/aws-secrets-manager']);
    const files = Object.keys(readTree(dir));
    expect(files).toContain('base/external-secrets/secretstore.aws-secrets-manager.yaml');
    expect(files).toContain('overlay/accesskey/resources/externalsecret.ml-pipeline-aws-secret.yaml');
  });

  test('each ExternalSecret produces the Secret and keys the pods read, from the JSON property of its secret', () => {
    expect(findObject(overlays.accesskey, 'ExternalSecret', 'ml-pipeline-aws-secret').spec).toEqual({
      refreshInterval: '15m',
      secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
      target: { name: 'ml-pipeline-aws-secret', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'accesskey', remoteRef: { key: 'kfp/aws', property: 'AccessKeyId' } },
        { secretKey: 'secretkey', remoteRef: { key: 'kfp/aws', property: 'SecretAccessKey' } },
      ],
    });
    const mysql = findObject(overlays.iam, 'ExternalSecret', 'mysql-secret');
    expect(mysql.metadata.namespace).toBe('ml');
    expect(mysql.spec.data.map((d: any) => d.secretKey)).toEqual(['username', 'password', 'root-password']);
    // What the pods read: every secretKeyRef to a managed Secret names a key its ExternalSecret fills.
    for (const objects of Object.values(overlays)) {
      const filled = new Map(esoObjects(objects).filter((o) => o.kind === 'ExternalSecret').map((o) => [o.spec.target.name, o.spec.data.map((d: any) => d.secretKey)]));
      const refs = JSON.stringify(objects).match(/"secretKeyRef":\{[^}]*\}/g)!.map((r) => JSON.parse(`{${r}}`).secretKeyRef);
      for (const ref of refs.filter((r) => filled.has(r.name))) expect(filled.get(ref.name)).toContain(ref.key);
    }
  });

  test('with IRSA, the store authenticates as a ServiceAccount of the install that carries the role', () => {
    expect(findObject(overlays.iam, 'SecretStore', 'aws-secrets-manager').spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'kfp-external-secrets' } } } } },
    });
    const account = findObject(overlays.iam, 'ServiceAccount', 'kfp-external-secrets');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE });
    expect(account.automountServiceAccountToken).toBe(false);
  });

  test('with EKS Pod Identity, the store has no auth (ESO\'s own credentials) and there is no ServiceAccount', () => {
    const config = resolveConfig({ name: 'x', iam: { mechanism: IamMechanism.POD_IDENTITY }, secretsManager: { roleArn: ROLE, mysql: { secretId: 'kfp/mysql' } } });
    const objects = renderInstall(config, 'iam').map((o) => o.manifest);
    expect(findObject(objects, 'SecretStore', 'aws-secrets-manager').spec.provider.aws).toEqual({ service: 'SecretsManager', region: 'us-east-1' });
    expect(objects.filter((o) => o.metadata.name === 'kfp-external-secrets')).toEqual([]);
  });

  test.each(['ExternalSecret', 'SecretStore'] as const)('every rendered %s validates against ESO\'s CRD schema, and a misspelt field does not', (kind) => {
    const validate = crdValidator(kind);
    const rendered = [
      ...Object.values(overlays).flatMap(esoObjects),
      ...esoObjects(renderInstall(resolveConfig({ name: 'x', iam: { mechanism: IamMechanism.POD_IDENTITY }, secretsManager: { mysql: { secretId: 's' } } }), 'iam').map((o) => o.manifest)),
    ].filter((o) => o.kind === kind);
    expect(rendered.length).toBeGreaterThan(0);
    for (const object of rendered) expect([object.metadata.name, validate(object) ? [] : validate.errors]).toEqual([object.metadata.name, []]);
    const misspelt = kind === 'ExternalSecret'
      ? { ...rendered[0], spec: { ...rendered[0].spec, refreshIntervall: '1h' } }
      : { ...rendered[0], spec: { provider: { aws: { ...rendered[0].spec.provider.aws, service: 'SecretManager' } } } };
    expect(validate(misspelt)).toBe(false);
  });

  test('the validate task\'s built-in schemas accept them and refuse what the CRD refuses', () => {
    const models = SchemaModels.load();
    expect(schemaProblems(Object.values(overlays).flatMap(esoObjects), models)).toEqual([]);
    const store = findObject(overlays.iam, 'SecretStore', 'aws-secrets-manager');
    const secret = findObject(overlays.iam, 'ExternalSecret', 'mysql-secret');
    expect(schemaProblems([
      { ...store, spec: { provider: { aws: { region: 'eu-west-1', service: 'SecretManager' } } } },
      { ...secret, spec: { ...secret.spec, target: { ...secret.spec.target, creationPolicy: 'Owned' } } },
      { ...secret, spec: { ...secret.spec, data: [{ secretKey: 'username', remoteRef: { property: 'username' } }] } },
    ], models)).toEqual([
      'SecretStore ml/aws-secrets-manager: /spec/provider/aws/service must be equal to one of the allowed values: SecretsManager, ParameterStore, CertificateManager',
      'ExternalSecret ml/mysql-secret: /spec/target/creationPolicy must be equal to one of the allowed values: Owner, Orphan, Merge, None, CreateOrMerge',
      'ExternalSecret ml/mysql-secret: /spec/data/0/remoteRef must have required property \'key\'',
    ]);
  });

  test('Deployments that read a managed Secret carry Reloader\'s annotation naming it; the in-cluster MySQL does not', () => {
    const annotated = (objects: readonly any[]) => Object.fromEntries(objects.filter((o) => o.kind === 'Deployment' && o.metadata.annotations?.[RELOADER_SECRET_ANNOTATION])
      .map((o) => [o.metadata.name, o.metadata.annotations[RELOADER_SECRET_ANNOTATION]]));
    expect(annotated(overlays.iam)).toEqual({ 'metadata-grpc-deployment': 'mysql-secret', 'ml-pipeline': 'mysql-secret', 'ml-pipeline-ui': 'ml-pipeline-ui-secret' });
    expect(annotated(overlays.accesskey)).toMatchObject({ 'ml-pipeline': 'ml-pipeline-aws-secret,mysql-secret', 'ml-pipeline-ui': 'ml-pipeline-aws-secret,ml-pipeline-ui-secret' });
    expect(findObject(overlays.iam, 'Deployment', 'mysql').spec.template.spec.containers[0].env.some((e: any) => e.valueFrom?.secretKeyRef?.name === 'mysql-secret')).toBe(true);
    expect(annotated(overlays.iam).mysql).toBeUndefined();
  });

  test('without secretsManager: no ESO object, no Reloader annotation, the scripts as before', () => {
    const plain = synthToDisk({ namespace: 'ml' });
    const files = readTree(plain);
    expect(Object.keys(files).filter((f) => f.includes('external-secrets'))).toEqual([]);
    // The README's option table documents every option, this one too; nothing else names ESO or Reloader.
    expect(Object.entries(files).filter(([file, text]) => file !== 'README.md' && (text.includes(RELOADER_SECRET_ANNOTATION) || text.includes('external-secrets.io'))))
      .toEqual([]);
    expect(Object.keys(files).filter((f) => f.startsWith('scripts/create-'))).toEqual(['scripts/create-aws-secret.sh', 'scripts/create-mysql-secret.sh', 'scripts/create-ui-secret.sh']);
  });
});
