import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

/**
 * Checks a CloudFormation template against the resource schemas of @aws-cdk/aws-service-spec (the CloudFormation
 * registry schemas the AWS CDK generates its L1 classes from): every resource type exists, every property is one of its
 * type's with a value of its type and every required one is set, and every `Ref` and `Fn::GetAtt` names a resource (or
 * parameter) of the template and an attribute of its type. Returns the problems, each with its path.
 */

let db: SpecDatabase | undefined;
const spec = () => (db ??= loadAwsServiceSpecSync());

/** The sections a template may have (AWS CloudFormation User Guide, "Template anatomy"). */
const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs'];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata', 'CreationPolicy', 'UpdatePolicy'];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
/** The intrinsic functions the generator writes; any other is a problem, so that a new one gets a check here first. */
const INTRINSICS = ['Ref', 'Fn::GetAtt'];

export function resourceSpec(type: string): Resource | undefined {
  return spec().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

export function templateProblems(template: any): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(template)) if (!SECTIONS.includes(key)) problems.push(`${key}: not a template section`);
  if (template.AWSTemplateFormatVersion !== '2010-09-09') problems.push('AWSTemplateFormatVersion: must be "2010-09-09"');
  const resources: Record<string, any> = template.Resources ?? {};
  const parameters = Object.keys(template.Parameters ?? {});
  if (Object.keys(resources).length === 0) problems.push('Resources: none');
  for (const [id, resource] of Object.entries(resources)) {
    const path = `Resources.${id}`;
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) problems.push(`${path}: a logical ID has letters and digits only`);
    for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.includes(key)) problems.push(`${path}.${key}: not a resource attribute`);
    for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (resource[key] !== undefined && !DELETION_POLICIES.includes(resource[key])) problems.push(`${path}.${key}: ${resource[key]} is not a policy`);
    }
    const type = resourceSpec(resource.Type);
    if (!type) {
      problems.push(`${path}.Type: ${resource.Type} is not a resource type`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, type.properties, `${path}.Properties`, problems);
  }
  walk(template, '', (value, path) => {
    const keys = Object.keys(value);
    const fn = keys.find((key) => key === 'Ref' || key.startsWith('Fn::'));
    if (!fn) return false;
    if (keys.length !== 1) problems.push(`${path}: an intrinsic function must be the only key of its object`);
    if (!INTRINSICS.includes(fn)) problems.push(`${path}.${fn}: not an intrinsic function the generator writes`);
    if (fn === 'Ref' && !resources[value.Ref] && !parameters.includes(value.Ref) && !String(value.Ref).startsWith('AWS::')) {
      problems.push(`${path}.Ref: ${value.Ref} is neither a resource nor a parameter`);
    }
    if (fn === 'Fn::GetAtt') {
      const [target, attribute] = value['Fn::GetAtt'];
      const type = resources[target] && resourceSpec(resources[target].Type);
      if (!type) problems.push(`${path}.Fn::GetAtt: ${target} is not a resource`);
      else if (!type.attributes[attribute]) problems.push(`${path}.Fn::GetAtt: ${resources[target].Type} has no attribute ${attribute}`);
    }
    return true;
  });
  for (const [key, output] of Object.entries<any>(template.Outputs ?? {})) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(key)) problems.push(`Outputs.${key}: an output's name has letters and digits only`);
    if (output.Value === undefined) problems.push(`Outputs.${key}.Value: missing`);
  }
  return problems;
}

/** Calls `visit` on every object under `value`; it returns true when it handled an object, whose insides are skipped. */
function walk(value: any, path: string, visit: (value: any, path: string) => boolean): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
  } else if (value !== null && typeof value === 'object') {
    if (visit(value, path)) return;
    for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key, visit);
  }
}

type Properties = Record<string, { type: PropertyType; required?: boolean }>;

function checkProperties(value: any, properties: Properties, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: must be an object`);
    return;
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && value[name] === undefined) problems.push(`${path}.${name}: required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (!property) problems.push(`${path}.${name}: not a property`);
    else checkType(item, property.type, `${path}.${name}`, problems);
  }
}

const isIntrinsic = (value: any) => value !== null && typeof value === 'object' && !Array.isArray(value)
  && Object.keys(value).length === 1 && (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0].startsWith('Fn::'));

function checkType(value: any, type: PropertyType, path: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  const wrong = (what: string) => problems.push(`${path}: must be ${what}, not ${JSON.stringify(value)}`);
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') wrong('a string');
      else if (type.allowedValues && !type.allowedValues.includes(value)) wrong(`one of ${type.allowedValues.join(', ')}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) wrong('an integer');
      return;
    case 'number':
      if (typeof value !== 'number') wrong('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'date-time':
      if (typeof value !== 'string') wrong('a date');
      return;
    case 'json':
      if (value === null || typeof value !== 'object') wrong('a JSON object');
      return;
    case 'array':
      if (!Array.isArray(value)) wrong('a list');
      else value.forEach((item, i) => checkType(item, type.element, `${path}[${i}]`, problems));
      return;
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) wrong('a map');
      else for (const [key, item] of Object.entries(value)) checkType(item, type.element, `${path}.${key}`, problems);
      return;
    case 'ref': {
      const definition: TypeDefinition = spec().get('typeDefinition', type.reference);
      checkProperties(value, definition.properties, path, problems);
      return;
    }
    case 'union': {
      const fits = type.types.some((member) => {
        const found: string[] = [];
        checkType(value, member, path, found);
        return found.length === 0;
      });
      if (!fits) wrong(`one of ${type.types.map((member) => member.type).join(', ')}`);
      return;
    }
    case 'tag':
      if (typeof value?.Key !== 'string' || typeof value?.Value !== 'string') wrong('a tag');
      return;
    default:
      problems.push(`${path}: type ${type.type} is not checked here`);
  }
}
