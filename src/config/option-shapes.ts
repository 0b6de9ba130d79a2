import * as fs from 'fs';
import type { ProjectOptions } from 'projen';
import { CloudFormationOptions } from '../cloud-formation-options';
import { ArgoCdOptions, CredentialVariant, FluxOptions, GitOpsOptions } from '../gitops/options';
import { ImageOptions, ImageOverride } from '../image-options';
import { AccessKeyOptions, CacheWebhook, IamMechanism, IamOptions, IamRoleArns, KfpAwsProjectOptions, KfpInstallOptions } from '../options';
import { ContainerResources, PodSchedulingOptions, PodToleration, ResourceQuantities, WorkflowOptions } from '../pod-options';
import {
  SecretsManagerAccessKeySecret, SecretsManagerMysqlSecret, SecretsManagerOptions, SecretsManagerUiSigningKey,
} from '../secrets-manager-options';
import { ExternalDatabaseOptions, MysqlOptions, S3EndpointOptions } from '../storage-options';
import { LoadBalancerScheme, UiCognitoOptions, UiLoadBalancerOptions, UiOidcOptions } from '../ui-load-balancer-options';

/**
 * The type an option's value must have: a primitive, one of an enum's values, a struct (its fields), a list, or
 * anything (options projen itself checks).
 */
type Shape = 'string' | 'number' | 'boolean' | 'any'
| { readonly enum: Readonly<Record<string, string>> }
| { readonly struct: Readonly<Record<string, Shape>> }
| { readonly list: Shape }
| { readonly map: Shape };

/** Every field of an options struct with its shape: the compiler refuses a field without one, and a name that is not a field. */
type Fields<T> = { readonly [K in keyof Required<T>]: Shape };

const S3_ENDPOINT: Fields<S3EndpointOptions> = { host: 'string', port: 'number', tls: 'boolean', pathStyle: 'boolean' };
const ACCESS_KEY: Fields<AccessKeyOptions> = { secretName: 'string', accessKeyIdKey: 'string', secretAccessKeyKey: 'string' };
const ROLE_ARNS: Fields<IamRoleArns> = {
  apiServer: 'string', ui: 'string', workflowController: 'string', pipelineRunner: 'string', viewer: 'string', visualizationServer: 'string',
};
const IAM: Fields<IamOptions> = {
  mechanism: { enum: IamMechanism },
  roleArn: 'string',
  roleArns: { struct: ROLE_ARNS },
  oidcProvider: 'string',
  nodeRoleArn: 'string',
  kube2iamAnnotationKey: 'string',
  clusterName: 'string',
  ackAssociations: 'boolean',
  sessionTagIsolation: 'boolean',
  trustPolicyQuota: 'number',
};
const MYSQL: Fields<MysqlOptions> = { image: 'string', storageClassName: 'string', storageSize: 'string', secretName: 'string' };
const EXTERNAL_DATABASE: Fields<ExternalDatabaseOptions> = {
  host: 'string',
  port: 'number',
  pipelineDb: 'string',
  metadataDb: 'string',
  cacheDb: 'string',
  secretName: 'string',
  tlsCaConfigMap: 'string',
  connectionMaxLifetime: 'string',
};
const TOLERATION: Fields<PodToleration> = { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'number' };
const SCHEDULING: Fields<PodSchedulingOptions> = {
  nodeSelector: { map: 'string' },
  tolerations: { list: { struct: TOLERATION } },
  affinity: { map: 'any' },
  priorityClassName: 'string',
  imagePullSecrets: { list: 'string' },
};
const QUANTITIES: Fields<ResourceQuantities> = { cpu: 'string', memory: 'string' };
const RESOURCES: Fields<ContainerResources> = { requests: { struct: QUANTITIES }, limits: { struct: QUANTITIES } };
const WORKFLOWS: Fields<WorkflowOptions> = { ttlSecondsAfterFinished: 'number', retryLimit: 'number' };
const IMAGE_OVERRIDE: Fields<ImageOverride> = { name: 'string', newName: 'string', newTag: 'string', digest: 'string' };
const IMAGES: Fields<ImageOptions> = {
  registry: 'string',
  registries: { map: 'string' },
  overrides: { list: { struct: IMAGE_OVERRIDE } },
};
const COGNITO: Fields<UiCognitoOptions> = { userPoolArn: 'string', userPoolClientId: 'string', userPoolDomain: 'string' };
const OIDC: Fields<UiOidcOptions> = {
  issuer: 'string', authorizationEndpoint: 'string', tokenEndpoint: 'string', userInfoEndpoint: 'string', secretName: 'string',
};
const UI_LOAD_BALANCER: Fields<UiLoadBalancerOptions> = {
  certificateArn: 'string',
  scheme: { enum: LoadBalancerScheme },
  host: 'string',
  groupName: 'string',
  groupOrder: 'number',
  inboundCidrs: { list: 'string' },
  cognito: { struct: COGNITO },
  oidc: { struct: OIDC },
  allowUnauthenticated: 'boolean',
  controllerServiceAccount: 'string',
  controllerNamespace: 'string',
};
const SECRETS_MANAGER: Fields<SecretsManagerOptions> = {
  mysql: { struct: { secretId: 'string', usernameProperty: 'string', passwordProperty: 'string', rootPasswordProperty: 'string' } satisfies Fields<SecretsManagerMysqlSecret> },
  accessKey: { struct: { secretId: 'string', accessKeyIdProperty: 'string', secretAccessKeyProperty: 'string' } satisfies Fields<SecretsManagerAccessKeySecret> },
  uiSigningKey: { struct: { secretId: 'string', property: 'string' } satisfies Fields<SecretsManagerUiSigningKey> },
  roleArn: 'string',
  region: 'string',
  kmsKeyArn: 'string',
  refreshInterval: 'string',
  controllerNamespace: 'string',
  controllerServiceAccount: 'string',
};
const INSTALL: Fields<KfpInstallOptions> = {
  namespace: 'string',
  bucket: 'string',
  bucketKmsKeyArn: 'string',
  region: 'string',
  archiveLogs: 'boolean',
  artifactPrefix: 'string',
  pipelinePrefix: 'string',
  s3Endpoint: { struct: S3_ENDPOINT },
  accessKey: { struct: ACCESS_KEY },
  iam: { struct: IAM },
  mysql: { struct: MYSQL },
  externalDatabase: { struct: EXTERNAL_DATABASE },
  cacheWebhook: { enum: CacheWebhook },
  pods: { struct: SCHEDULING },
  stepPods: { struct: SCHEDULING },
  resources: { map: { struct: RESOURCES } },
  workflows: { struct: WORKFLOWS },
  uiLoadBalancer: { struct: UI_LOAD_BALANCER },
  secretsManager: { struct: SECRETS_MANAGER },
};
const ARGO_CD: Fields<ArgoCdOptions> = { namespace: 'string', project: 'string', destinationServer: 'string' };
const FLUX: Fields<FluxOptions> = { namespace: 'string', sourceName: 'string', sourceNamespace: 'string', interval: 'string' };
const GITOPS: Fields<GitOpsOptions> = {
  argoCd: { struct: ARGO_CD },
  flux: { struct: FLUX },
  repoUrl: 'string',
  revision: 'string',
  path: 'string',
  variant: { enum: CredentialVariant },
  namePrefix: 'string',
};
const CLOUD_FORMATION: Fields<CloudFormationOptions> = {
  stackName: 'string', createBucket: 'boolean', bucketVersioning: 'boolean', artifactExpirationDays: 'number',
};
/** projen's own options, which projen checks: only their names matter here. */
const PROJECT: Fields<ProjectOptions> = {
  name: 'string',
  outdir: 'string',
  parent: 'any',
  logging: 'any',
  commitGenerated: 'boolean',
  gitIgnoreOptions: 'any',
  gitOptions: 'any',
  projectTree: 'boolean',
  projenCommand: 'string',
  projenrcJson: 'boolean',
  projenrcJsonOptions: 'any',
  renovatebot: 'boolean',
  renovatebotOptions: 'any',
};
const PROJECT_OPTIONS: Fields<KfpAwsProjectOptions> = {
  ...PROJECT,
  ...INSTALL,
  kfpVersion: 'string',
  additionalInstalls: { list: { struct: INSTALL } },
  gitops: { struct: GITOPS },
  images: { struct: IMAGES },
  cloudFormation: { struct: CLOUD_FORMATION },
  deploymentCi: 'boolean',
  depsUpgrade: 'boolean',
  devDeps: { list: 'string' },
};

/** The field `projen new` adds to the options of the project it creates (`.projenrc.ts` never has it). */
const PROJEN_NEW_FIELD = '__new__';

/**
 * Problems with the shape of `options`: a key that is no option (with the closest option, where one is close), and a
 * value of the wrong type. TypeScript catches both only in object literals, not in spread or computed options, so a
 * typo would otherwise switch a setting off without a word. Each problem starts with the option's path.
 */
export function optionShapeProblems(options: object): string[] {
  const problems: string[] = [];
  checkStruct(options as Record<string, unknown>, PROJECT_OPTIONS, '', problems, projenOptionNames);
  return problems;
}

function check(value: unknown, shape: Shape, path: string, problems: string[]): void {
  if (value === undefined || shape === 'any') return;
  if (typeof shape === 'string') {
    if (typeof value !== shape) problems.push(`${path}: must be a ${shape}, not ${describe(value)}`);
  } else if ('enum' in shape) {
    const values = Object.values(shape.enum);
    if (!values.includes(value as string)) problems.push(`${path}: ${describe(value)} is not one of ${values.join(', ')}`);
  } else if ('map' in shape) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path}: must be an object of names and values, not ${describe(value)}`);
      return;
    }
    for (const [key, item] of Object.entries(value)) check(item, shape.map, `${path}[${JSON.stringify(key)}]`, problems);
  } else if ('list' in shape) {
    if (!Array.isArray(value)) {
      problems.push(`${path}: must be a list, not ${describe(value)}`);
      return;
    }
    value.forEach((item, i) => check(item, shape.list, `${path}[${i}]`, problems));
  } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: must be an object with the fields ${Object.keys(shape.struct).join(', ')}, not ${describe(value)}`);
  } else {
    checkStruct(value as Record<string, unknown>, shape.struct, `${path}.`, problems);
  }
}

function checkStruct(value: Record<string, unknown>, fields: Readonly<Record<string, Shape>>, prefix: string,
  problems: string[], otherNames: () => readonly string[] = () => []): void {
  for (const [key, field] of Object.entries(value)) {
    const shape = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
    if (shape) {
      check(field, shape, `${prefix}${key}`, problems);
    } else if (!(prefix === '' && key === PROJEN_NEW_FIELD) && !otherNames().includes(key)) {
      const closest = closestName(key, Object.keys(fields));
      problems.push(`${prefix}${key}: is not an option${closest ? `; did you mean ${prefix}${closest}?` : ''}`);
    }
  }
}

/** A value as an error message shows it: strings quoted, objects and lists by kind. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** The name among `names` closest to `key` (case-insensitive edit distance), if it is close enough to be a typo. */
export function closestName(key: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length];
}

let projenNames: readonly string[] | undefined;

/**
 * The option names of the installed projen's `ProjectOptions`, read from its jsii assembly: a newer projen than the one
 * this package was built with may have options {@link PROJECT} lacks. Read only when a top-level key is unknown.
 */
function projenOptionNames(): readonly string[] {
  if (!projenNames) {
    try {
      const assembly = JSON.parse(fs.readFileSync(require.resolve('projen/.jsii'), 'utf-8'));
      projenNames = (assembly.types?.['projen.ProjectOptions']?.properties ?? []).map((p: { name: string }) => p.name);
    } catch {
      projenNames = [];
    }
  }
  return projenNames!;
}
