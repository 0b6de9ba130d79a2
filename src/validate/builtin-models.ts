/*
 * Schemas of the custom resources the generator renders for which no kubernetes-models package this check can load
 * exists (@kubernetes-models/external-secrets has `external-secrets.io/v1` only from 2.0.0, which is ESM-only and needs
 * Node 22), written from their CRDs. Like the kubernetes-models schemas they check types and required fields; unlike them they also refuse
 * fields the CRD does not define, which the API server would drop without a word.
 */

/** One violation, as ajv reports it: where (a JSON pointer) and what. */
interface Violation {
  readonly instancePath: string;
  readonly message: string;
}

/**
 * A field's type in a schema: a JSON type, a map of strings, anything (a field whose inside this check leaves to the
 * API server), a list, one of some strings, or an object with its own fields.
 */
type FieldType = 'string' | 'boolean' | 'stringMap' | 'any' | ListSchema | EnumSchema | ObjectSchema;

interface ListSchema {
  readonly items: FieldType;
}

interface EnumSchema {
  readonly enum: readonly string[];
}

interface ObjectSchema {
  readonly properties: Readonly<Record<string, FieldType>>;
  readonly required?: readonly string[];
}

function check(value: unknown, type: FieldType, path: string, violations: Violation[]): void {
  if (type === 'any') return;
  if (type === 'string' || type === 'boolean') {
    if (typeof value !== type) violations.push({ instancePath: path, message: `must be ${type}` });
    return;
  }
  if (type !== 'stringMap' && 'enum' in type) {
    if (!type.enum.includes(value as string)) violations.push({ instancePath: path, message: `must be equal to one of the allowed values: ${type.enum.join(', ')}` });
    return;
  }
  if (type !== 'stringMap' && 'items' in type) {
    if (!Array.isArray(value)) violations.push({ instancePath: path, message: 'must be array' });
    else value.forEach((item, i) => check(item, type.items, `${path}/${i}`, violations));
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    violations.push({ instancePath: path, message: 'must be object' });
    return;
  }
  if (type === 'stringMap') {
    for (const [key, item] of Object.entries(value)) check(item, 'string', `${path}/${key}`, violations);
    return;
  }
  for (const name of type.required ?? []) {
    if (!(name in value)) violations.push({ instancePath: path, message: `must have required property '${name}'` });
  }
  for (const [key, item] of Object.entries(value)) {
    const field = type.properties[key];
    if (field === undefined) violations.push({ instancePath: `${path}/${key}`, message: 'is not a field of the CRD\'s schema' });
    else check(item, field, `${path}/${key}`, violations);
  }
}

/** A model as `SchemaModels` hands them out: static apiVersion and kind, `validate()` throwing `{ errors }`. */
function builtInModel(apiVersion: string, kind: string, spec: ObjectSchema) {
  return class {
    static readonly apiVersion = apiVersion;
    static readonly kind = kind;
    constructor(private readonly data: any) {}
    validate(): void {
      const violations: Violation[] = [];
      check(this.data?.metadata, { properties: { name: 'string', namespace: 'string', labels: 'stringMap', annotations: 'stringMap' }, required: ['name'] }, '/metadata', violations);
      check(this.data?.spec, spec, '/spec', violations);
      if (violations.length > 0) throw Object.assign(new Error(violations.map((v) => `${v.instancePath} ${v.message}`).join('; ')), { errors: violations });
    }
  };
}

/** `from: { name, namespace }`, how ACK refers to another ACK object. */
const ACK_REFERENCE: ObjectSchema = { properties: { from: { properties: { name: 'string', namespace: 'string' } } } };

/**
 * The ACK EKS controller's `PodIdentityAssociation` (aws-controllers-k8s/eks-controller v1.20.0,
 * `config/crd/bases/eks.services.k8s.aws_podidentityassociations.yaml`: `spec` and its `required` list).
 */
const POD_IDENTITY_ASSOCIATION = builtInModel('eks.services.k8s.aws/v1alpha1', 'PodIdentityAssociation', {
  properties: {
    clientRequestToken: 'string',
    clusterName: 'string',
    clusterRef: ACK_REFERENCE,
    disableSessionTags: 'boolean',
    namespace: 'string',
    policy: 'string',
    roleARN: 'string',
    roleRef: ACK_REFERENCE,
    serviceAccount: 'string',
    tags: 'stringMap',
    targetRoleARN: 'string',
    targetRoleRef: ACK_REFERENCE,
  },
  required: ['namespace', 'serviceAccount'],
});

/** A key of a Secret, and a ServiceAccount, as ESO refers to them (external-secrets v2.9.0 `apis/meta/v1`). */
const ESO_SECRET_KEY_REF: ObjectSchema = { properties: { key: 'string', name: 'string', namespace: 'string' } };
const ESO_SERVICE_ACCOUNT_REF: ObjectSchema = { properties: { audiences: { items: 'string' }, name: 'string', namespace: 'string' }, required: ['name'] };

/**
 * ESO's `ExternalSecret` (`external-secrets.io/v1`: external-secrets v2.9.0
 * `config/crds/bases/external-secrets.io_externalsecrets.yaml`): every field of `spec`, with those the generator writes
 * checked to the leaves and the others (`dataFrom`, `syncWindows`, `target.template`, `sourceRef`) left to the API
 * server.
 */
const EXTERNAL_SECRET = builtInModel('external-secrets.io/v1', 'ExternalSecret', {
  properties: {
    data: {
      items: {
        properties: {
          secretKey: 'string',
          remoteRef: {
            properties: {
              key: 'string',
              property: 'string',
              version: 'string',
              metadataPolicy: { enum: ['None', 'Fetch'] },
              conversionStrategy: { enum: ['Default', 'Unicode'] },
              decodingStrategy: { enum: ['Auto', 'Base64', 'Base64URL', 'None'] },
              nullBytePolicy: { enum: ['Ignore', 'Fail'] },
            },
            required: ['key'],
          },
          sourceRef: 'any',
        },
        required: ['remoteRef', 'secretKey'],
      },
    },
    dataFrom: 'any',
    refreshInterval: 'string',
    refreshPolicy: { enum: ['CreatedOnce', 'Periodic', 'OnChange'] },
    secretStoreRef: { properties: { kind: { enum: ['SecretStore', 'ClusterSecretStore'] }, name: 'string' } },
    syncWindows: 'any',
    target: {
      properties: {
        creationPolicy: { enum: ['Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'] },
        deletionPolicy: { enum: ['Delete', 'Merge', 'Retain'] },
        immutable: 'boolean',
        manifest: 'any',
        name: 'string',
        template: 'any',
      },
    },
  },
});

/** The providers of a SecretStore besides `aws`, as its CRD lists them (external-secrets v2.9.0). */
const OTHER_PROVIDERS = [
  'akeyless', 'azurekv', 'barbican', 'beyondtrust', 'beyondtrustworkloadcredentials', 'bitwardensecretsmanager', 'chef',
  'cloudrusm', 'conjur', 'crd', 'delinea', 'doppler', 'dvls', 'fake', 'fortanix', 'gcpsm', 'github', 'gitlab', 'ibm',
  'infisical', 'keepersecurity', 'kubernetes', 'nebiusmysterybox', 'ngrok', 'onboardbase', 'onepassword',
  'onepasswordSDK', 'openBao', 'oracle', 'ovh', 'passbolt', 'passworddepot', 'previder', 'pulumi', 'scaleway',
  'secretserver', 'senhasegura', 'vault', 'volcengine', 'webhook', 'yandexcertificatemanager', 'yandexlockbox',
];

/**
 * ESO's `SecretStore` (`external-secrets.io/v1`: `config/crds/bases/external-secrets.io_secretstores.yaml`) with its
 * AWS provider checked to the leaves (`apis/externalsecrets/v1/secretstore_aws_types.go`); the other providers are left
 * to the API server.
 */
const SECRET_STORE = builtInModel('external-secrets.io/v1', 'SecretStore', {
  properties: {
    conditions: 'any',
    controller: 'string',
    provider: {
      properties: {
        aws: {
          properties: {
            additionalRoles: { items: 'string' },
            auth: {
              properties: {
                jwt: { properties: { serviceAccountRef: ESO_SERVICE_ACCOUNT_REF } },
                secretRef: {
                  properties: {
                    accessKeyIDSecretRef: ESO_SECRET_KEY_REF,
                    secretAccessKeySecretRef: ESO_SECRET_KEY_REF,
                    sessionTokenSecretRef: ESO_SECRET_KEY_REF,
                  },
                },
              },
            },
            customSessionTags: 'stringMap',
            externalID: 'string',
            prefix: 'string',
            region: 'string',
            role: 'string',
            secretsManager: 'any',
            service: { enum: ['SecretsManager', 'ParameterStore', 'CertificateManager'] },
            sessionTags: 'any',
            sessionTagsPolicy: { enum: ['None', 'Simple', 'Custom'] },
            transitiveTagKeys: { items: 'string' },
          },
          required: ['region', 'service'],
        },
        ...Object.fromEntries(OTHER_PROVIDERS.map((name) => [name, 'any' as const])),
      },
    },
    refreshInterval: 'any',
    retrySettings: 'any',
  },
  required: ['provider'],
});

/** A model class: its apiVersion and kind, and instances that validate themselves. */
interface BuiltInModel {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** Every built-in model, found by `<apiVersion> <kind>`. */
export const BUILT_IN_MODELS: ReadonlyMap<string, BuiltInModel> = new Map(
  [POD_IDENTITY_ASSOCIATION, EXTERNAL_SECRET, SECRET_STORE].map((model) => [`${model.apiVersion} ${model.kind}`, model]));
