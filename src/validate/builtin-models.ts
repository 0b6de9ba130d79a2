/*
 * Schemas of the custom resources the generator renders for which no kubernetes-models package exists, written from
 * their CRDs. Like the kubernetes-models schemas they check types and required fields; unlike them they also refuse
 * fields the CRD does not define, which the API server would drop without a word.
 */

/** One violation, as ajv reports it: where (a JSON pointer) and what. */
interface Violation {
  readonly instancePath: string;
  readonly message: string;
}

/** A field's type in a schema: a JSON type, a map of strings, or an object with its own fields. */
type FieldType = 'string' | 'boolean' | 'stringMap' | ObjectSchema;

interface ObjectSchema {
  readonly properties: Readonly<Record<string, FieldType>>;
  readonly required?: readonly string[];
}

function check(value: unknown, type: FieldType, path: string, violations: Violation[]): void {
  if (type === 'string' || type === 'boolean') {
    if (typeof value !== type) violations.push({ instancePath: path, message: `must be ${type}` });
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

/** A model class: its apiVersion and kind, and instances that validate themselves. */
interface BuiltInModel {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** Every built-in model, found by `<apiVersion> <kind>`. */
export const BUILT_IN_MODELS: ReadonlyMap<string, BuiltInModel> = new Map(
  [POD_IDENTITY_ASSOCIATION].map((model) => [`${model.apiVersion} ${model.kind}`, model]));
