import type { IamRole, KfpConfig, RoleConsumer, S3Consumer } from '../config';
import { PLACEHOLDER_CLUSTER_NAME, PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER } from '../config/types';
import { code, note } from '../docs/markdown';
import { BashFunction, DIE, LOG } from '../ops/bash-functions';
import { IamMechanism, IamOptions } from '../options';
import type { PolicyStatement } from './iam-documents';
import { POD_IDENTITY_AGENT, POD_IDENTITY_PRINCIPAL, podIdentityPreflight, podIdentityPreflightName } from './pod-identity-preflight';

/** The ServiceAccount annotation through which EKS gives a pod an IAM role (IRSA). */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** The audience EKS puts in the web identity tokens of ServiceAccounts, which IRSA trust policies require. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** Adds the cluster's IAM OIDC provider, which IRSA (and the EBS CSI driver's role) needs. */
export const OIDC_PROVIDER_COMMAND = 'eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve';

/**
 * One consumer of one install that uses a role, with the ServiceAccount its pods run as and that ServiceAccount's
 * namespace: the install's, except for ESO's controller with EKS Pod Identity (`secretsManager.controllerNamespace`).
 */
export interface TrustUse {
  readonly config: KfpConfig;
  readonly consumer: RoleConsumer;
  readonly serviceAccount: string;
  readonly namespace: string;
}

/** The role a consumer of the install takes, and the ServiceAccount its pods run as. */
export interface RoleBinding {
  readonly consumer: S3Consumer;
  readonly serviceAccount: string;
  readonly role: string;
}

/** What the README text of a mechanism needs from the repo, formatted by the section that shows it. */
export interface MechanismDocContext {
  readonly config: KfpConfig;
  /** The IAM overlay's folder, as inline code. */
  readonly overlay: string;
  /** The command that restarts the install's Deployments. */
  readonly restart: string;
  /** The trust policy file of a role, as inline code (`iam/<role>.trust.json`). */
  readonly trustFile: string;
  /** The pods of a consumer, in words (`TensorBoard viewers`). */
  readonly who: (consumer: S3Consumer) => string;
  /** Whether the CloudFormation stack (`cloudFormation`) creates the install's roles, and their Pod Identity associations. */
  readonly stack?: boolean;
}

/** What a mechanism's checks in `install.sh` need to know of the install. */
export interface PreflightContext {
  /** The role of each ServiceAccount that gets one. */
  readonly bindings: readonly RoleBinding[];
  /** The install's script that creates the Pod Identity associations. */
  readonly associationScript: string;
}

/** Checks `install.sh` makes before it applies the IAM overlay, as parameters, bash functions and lines. */
export interface MechanismPreflight {
  /** One line for the script's usage text. */
  readonly usage: string;
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly functions: readonly BashFunction[];
  /** Lines run after the objects the user creates were found, when the variant is the IAM overlay. */
  readonly lines: readonly string[];
}

/**
 * Everything that depends on how pods get their IAM role: validation, what the manifests carry, who the trust policies
 * let in, what `install.sh` checks and what the README says. One entry per {@link IamMechanism}; the compiler refuses a
 * mechanism without one.
 */
export interface IamMechanismSpec {
  /** As the README names it. */
  readonly title: string;
  /** Whether a role may be given by its name as well as by its ARN. */
  readonly roleByName: boolean;
  /** The `iam` options only this mechanism reads; validation refuses them with another one. */
  readonly ownOptions: readonly (keyof IamOptions)[];
  /** Annotations of the ServiceAccount of a consumer whose role is `role`. */
  serviceAccountAnnotations(iam: IamRole, role: string): Record<string, string> | undefined;
  /** Annotations of the pod template of a consumer whose role is `role`. */
  podAnnotations(iam: IamRole, role: string): Record<string, string> | undefined;
  /** The trust statements that let `uses` assume `role` (an ARN, or a name where {@link roleByName}). */
  trustStatements(role: string, uses: readonly TrustUse[]): PolicyStatement[];
  /** Who assumes a role, for the README: one phrase per group of `uses`. */
  assumedBy(uses: readonly TrustUse[], who: (consumer: RoleConsumer) => string): string[];
  /** A README note while a setting the trust policies name is still a placeholder. */
  placeholderNote(iam: IamRole): string | undefined;
  /** The README's first lines on how the IAM overlay's pods get their roles. */
  intro(context: MechanismDocContext): string[];
  /** How the IAM overlay's pods reach S3, for the README's variants table; `annotation` formats an annotation key. */
  variantSummary(iam: IamRole, annotation: (key: string) => string, their: string): string;
  /** The README's troubleshooting entry for pods that get AccessDenied. */
  troubleshooting(context: MechanismDocContext): string[];
  /** Steps of the README's "Before you deploy" that the mechanism needs, if any: a line, or the lines of one step. */
  beforeYouDeploy(context: MechanismDocContext): Array<string | string[]>;
  /** What `install.sh` checks before it applies the IAM overlay, if anything. */
  preflight(config: KfpConfig, context: PreflightContext): MechanismPreflight | undefined;
}

/** A single value is written without a list, as AWS's examples do. */
export function oneOrMany(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0] : values;
}

/** `text` with its first letter in upper case. */
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The values of `list`, each once, in order. */
const unique = (list: readonly string[]) => [...new Set(list)];

/** `system:serviceaccount:<namespace>:<name>`, as the ServiceAccount token of `use` names it (`<issuer>:sub`). */
export function serviceAccountSubject(use: TrustUse): string {
  return `system:serviceaccount:${use.namespace}:${use.serviceAccount}`;
}

/**
 * Stops the script unless kube2iam runs with a default role, which pods without a role annotation get: with Argo 2.3
 * that is every pipeline step (`ArgoRelease.workflowDefaults`). Warns when the default is not the steps' role. It reads
 * the flags of the DaemonSets whose image is kube2iam's (`--default-role`, `--auto-discover-default-role`:
 * jtblin/kube2iam `cmd/main.go`).
 */
const KUBE2IAM_DEFAULT_ROLE: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'kube2iam_default_role() {',
    '  local daemonsets line role',
    '  daemonsets=$(kubectl get daemonsets --all-namespaces -o jsonpath=\'{range .items[*]}{range .spec.template.spec.containers[*]}{.image}{" "}{.command}{" "}{.args}{"\\n"}{end}{end}\') ||',
    '    die "cannot read the DaemonSets of the cluster, to find kube2iam (kubectl\'s error is above)"',
    '  line=$(grep -i kube2iam <<<"$daemonsets" | head -n 1) || true',
    '  [[ -n "$line" ]] ||',
    '    die "kube2iam runs in no DaemonSet of this cluster: $OVERLAYS_DIR/iam needs it (README.md, \\"IAM roles\\"), or install the accesskey variant"',
    '  if [[ "$line" == *--auto-discover-default-role* ]]; then',
    '    log "kube2iam gives pods without a role annotation the role of their node: pipeline steps reach S3 with it"',
    '    return 0',
    '  fi',
    '  role=$(sed -nE \'s/.*"--default-role[=\\",]+([^"]+)".*/\\1/p\' <<<"$line")',
    '  [[ -n "$role" ]] ||',
    '    die "kube2iam runs without --default-role, so pipeline steps, which Argo 2.3 cannot annotate, get no AWS credentials: run it with --default-role=$STEP_ROLE (README.md, \\"IAM roles\\")"',
    '  if [[ "${role##*/}" != "${STEP_ROLE##*/}" ]]; then',
    '    log "warning: kube2iam\'s default role is $role, not the pipeline steps\' role $STEP_ROLE: steps reach S3 with $role"',
    '  fi',
    '}',
  ],
};

/** Whether kube2iam must give the pipeline steps its default role: their pods carry no annotation (Argo 2.3). */
const stepsUseDefaultRole = (config: KfpConfig) => !config.release.argo.workflowDefaults;

const IRSA: IamMechanismSpec = {
  title: 'IRSA',
  roleByName: false,
  ownOptions: ['oidcProvider'],
  serviceAccountAnnotations: (_iam, role) => ({ [IRSA_ROLE_ANNOTATION]: role }),
  podAnnotations: () => undefined,
  trustStatements(role, uses) {
    const subjects = new Map<string, string[]>();
    for (const use of uses) {
      const provider = use.config.iam.oidcProvider;
      subjects.set(provider, unique([...subjects.get(provider) ?? [], serviceAccountSubject(use)]));
    }
    // IRSA takes an ARN only (validated), whose partition and account name the provider too.
    const [, partition, , , account] = role.split(':');
    return [...subjects].map(([provider, list]) => ({
      Effect: 'Allow',
      Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${provider}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${provider}:sub`]: oneOrMany(list), [`${provider}:aud`]: IRSA_AUDIENCE } },
    }));
  },
  assumedBy: (uses) => [unique(uses.map((use) => code(serviceAccountSubject(use)))).join(', ')],
  placeholderNote: (iam) => (iam.oidcProvider === PLACEHOLDER_OIDC_PROVIDER
    ? note('Set your cluster\'s OIDC provider before you create the roles.', `The trust policies name the placeholder ${code(PLACEHOLDER_OIDC_PROVIDER)}: set \`iam.oidcProvider\` in \`.projenrc.ts\` to the cluster's issuer without \`https://\` (\`aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text\`) and run \`npx projen\`.`)
    : undefined),
  intro: ({ overlay }) => [
    `${overlay} reaches S3 through IAM roles. With IRSA, the ServiceAccount of each pod that reaches S3 carries`,
    `its role (${code(IRSA_ROLE_ANNOTATION)}), and EKS lets the pod assume it through the cluster's OIDC provider (\`iam.oidcProvider\`).`,
  ],
  variantSummary: (_iam, annotation, their) => `IRSA: the ServiceAccounts of the pods that reach S3 carry ${annotation(IRSA_ROLE_ANNOTATION)}${their}; no keys anywhere`,
  troubleshooting: ({ config, overlay, restart, trustFile }) => [
    `**IRSA: pods of ${overlay} get AccessDenied, or act as the node's role.** Check, in order:`,
    '',
    '1. The cluster has an IAM OIDC provider: the issuer of `aws eks describe-cluster --name <cluster> --query',
    '   cluster.identity.oidc.issuer` is among `aws iam list-open-id-connect-providers` (`eksctl utils',
    '   associate-iam-oidc-provider --cluster <cluster> --approve` adds it).',
    `2. That provider is the one \`iam.oidcProvider\` names (now ${code(config.iam.oidcProvider)}), and each role has the trust policy of`,
    `   ${trustFile} (see "IAM roles"): ${code('aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument')}`,
    `   shows the one it has. It must allow \`sts:AssumeRoleWithWebIdentity\` with \`<issuer>:aud\` = ${code(IRSA_AUDIENCE)} and`,
    '   `<issuer>:sub` the ServiceAccount of the pod.',
    `3. That ServiceAccount carries the annotation: ${code(`kubectl -n ${config.namespace} get serviceaccount <name> -o yaml`)} shows`,
    `   ${code(IRSA_ROLE_ANNOTATION)} with the pod's role.`,
    `4. Pods started before the annotation have no token: ${code(restart)}. Pipeline steps started`,
    '   afterwards get it.',
  ],
  beforeYouDeploy: ({ config, overlay }) => [[
    `For ${overlay} on EKS (IRSA): the cluster's IAM OIDC provider, which \`iam.oidcProvider\` names (now`,
    `   ${code(config.iam.oidcProvider)}); ${code(OIDC_PROVIDER_COMMAND)} adds it (see "IAM roles").`,
  ]],
  // The trust policies of iam/ name the OIDC provider: with the placeholder, no role could be assumed.
  preflight: (config) => (config.iam.oidcProvider === PLACEHOLDER_OIDC_PROVIDER ? {
    usage: 'For iam: that iam.oidcProvider is set, which the roles\' trust policies name.',
    params: {},
    functions: [DIE],
    lines: ['die "the trust policies of iam/ name the placeholder OIDC provider: set iam.oidcProvider in .projenrc.ts, run npx projen and update the roles (README.md, \\"IAM roles\\"), or install the accesskey variant"'],
  } : undefined),
};

const KUBE2IAM: IamMechanismSpec = {
  title: 'kube2iam',
  roleByName: true,
  ownOptions: ['nodeRoleArn', 'kube2iamAnnotationKey'],
  serviceAccountAnnotations: () => undefined,
  podAnnotations: (iam, role) => ({ [iam.kube2iamAnnotationKey]: role }),
  trustStatements: (_role, uses) => [{
    Effect: 'Allow',
    Principal: { AWS: oneOrMany(unique(uses.map((use) => use.config.iam.nodeRoleArn))) },
    Action: 'sts:AssumeRole',
  }],
  assumedBy(uses, who) {
    const pods = new Map<string, string[]>();
    for (const use of uses) pods.set(use.namespace, [...pods.get(use.namespace) ?? [], who(use.consumer)]);
    return [...pods].map(([namespace, list]) => `${list.join(', ')} in ${code(namespace)}`);
  },
  placeholderNote: (iam) => (iam.nodeRoleArn === PLACEHOLDER_NODE_ROLE_ARN
    ? note('Set your nodes\' role before you create the roles.', `The trust policies name the placeholder ${code(PLACEHOLDER_NODE_ROLE_ARN)}: set \`iam.nodeRoleArn\` in \`.projenrc.ts\` to the IAM role of the nodes where kube2iam runs and run \`npx projen\`.`)
    : undefined),
  intro: ({ config, overlay }) => [
    `${overlay} reaches S3 through IAM roles. With kube2iam, each pod that reaches S3 carries its role`,
    `(${code(config.iam.kube2iamAnnotationKey)}), and kube2iam assumes it with the nodes' role (\`iam.nodeRoleArn\`).`,
    ...(stepsUseDefaultRole(config) ? [
      `Pipeline steps are the exception: the Argo of KFP ${config.release.version} has no workflow defaults that could annotate their pods, so they get kube2iam's default`,
      `role. Run kube2iam with \`--default-role=${config.iam.roles.pipelineRunner}\` (the steps' role below; kube2iam gives it to every pod`,
      'without an annotation, in any namespace). `npx projen deploy iam` checks that kube2iam runs with a default role,',
      'and warns when it is another one.',
    ] : []),
  ],
  variantSummary: (iam, annotation, their) => `kube2iam: the pods that reach S3 carry ${annotation(iam.kube2iamAnnotationKey)}${their}; no keys anywhere`,
  troubleshooting: ({ config, overlay, restart, trustFile }) => [
    `**kube2iam: pods of ${overlay} get AccessDenied.** kube2iam (or kiam) must run on every node, and each role`,
    `must trust the nodes' role: its ${trustFile} names \`iam.nodeRoleArn\`, now`,
    `${code(config.iam.nodeRoleArn)}. The pods carry ${code(config.iam.kube2iamAnnotationKey)} with their role`,
    `(${code(`kubectl -n ${config.namespace} get pods -o yaml`)}); pods started before the annotation need ${code(restart)}.`,
  ],
  beforeYouDeploy: ({ config, overlay }) => (stepsUseDefaultRole(config)
    ? [`For ${overlay}: run kube2iam with \`--default-role\` set to the pipeline steps' role, ${code(config.iam.roles.pipelineRunner)} (see "IAM roles").`]
    : []),
  preflight: (config) => (stepsUseDefaultRole(config) ? {
    usage: `For iam: that kube2iam runs with a default role, which the pipeline steps get (Argo ${config.release.argo.version} cannot annotate them).`,
    params: { STEP_ROLE: config.iam.roles.pipelineRunner },
    functions: [KUBE2IAM_DEFAULT_ROLE],
    lines: ['kube2iam_default_role'],
  } : undefined),
};

/** `<ServiceAccount>=<role>` for each binding, as the scripts take them. */
export const associationEntries = (bindings: readonly RoleBinding[]) => bindings.map((b) => `${b.serviceAccount}=${b.role}`);

const POD_IDENTITY: IamMechanismSpec = {
  title: 'EKS Pod Identity',
  roleByName: false,
  ownOptions: ['clusterName', 'ackAssociations', 'sessionTagIsolation'],
  serviceAccountAnnotations: () => undefined,
  podAnnotations: () => undefined,
  /*
   * The trust policy AWS gives for Pod Identity (principal pods.eks.amazonaws.com, sts:AssumeRole and sts:TagSession:
   * docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html), narrowed with the session tags EKS sends with the
   * request to the ServiceAccounts of the uses (the conditions of that page's "Setting Conditions"), per namespace, and
   * to the cluster once `iam.clusterName` is set (`eks-cluster-name`, one of the same tags: pod-id-abac.html).
   * Namespaces with the same ServiceAccounts share a statement, which admits exactly the pairs one statement each would
   * (its conditions must all hold), in a trust policy that grows by a name per install (IAM limits its length).
   */
  trustStatements(_role, uses) {
    const byNamespace = new Map<string, { cluster: string; namespace: string; accounts: string[] }>();
    for (const use of uses) {
      const { clusterName } = use.config.iam;
      const cluster = clusterName === PLACEHOLDER_CLUSTER_NAME ? '' : clusterName;
      const key = `${cluster}/${use.namespace}`;
      const group = byNamespace.get(key) ?? { cluster, namespace: use.namespace, accounts: [] };
      byNamespace.set(key, { ...group, accounts: unique([...group.accounts, use.serviceAccount]) });
    }
    const groups = new Map<string, { cluster: string; namespaces: string[]; accounts: string[] }>();
    for (const { cluster, namespace, accounts } of byNamespace.values()) {
      const key = JSON.stringify([cluster, [...accounts].sort()]);
      const group = groups.get(key) ?? { cluster, namespaces: [], accounts };
      groups.set(key, { ...group, namespaces: [...group.namespaces, namespace] });
    }
    return [...groups.values()].map(({ cluster, namespaces, accounts }) => ({
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_PRINCIPAL },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          ...(cluster ? { 'aws:RequestTag/eks-cluster-name': cluster } : {}),
          'aws:RequestTag/kubernetes-namespace': oneOrMany(namespaces),
          'aws:RequestTag/kubernetes-service-account': oneOrMany(accounts),
        },
      },
    }));
  },
  assumedBy(uses) {
    const byNamespace = new Map<string, string[]>();
    for (const use of uses) byNamespace.set(use.namespace, unique([...byNamespace.get(use.namespace) ?? [], use.serviceAccount]));
    return [...byNamespace].map(([namespace, accounts]) => `ServiceAccounts ${accounts.map(code).join(', ')} in ${code(namespace)} (associations)`);
  },
  placeholderNote: (iam) => (iam.clusterName === PLACEHOLDER_CLUSTER_NAME
    ? note('Set your EKS cluster\'s name before you create the associations.', `\`iam.clusterName\` is still the placeholder ${code(PLACEHOLDER_CLUSTER_NAME)}: set it in \`.projenrc.ts\` and run \`npx projen\`. The trust policies then admit only that cluster's pods, and the associations are made in it.`)
    : undefined),
  intro: ({ config, overlay, who }) => [
    `${overlay} reaches S3 through IAM roles. With EKS Pod Identity, an association of the cluster (\`iam.clusterName\`, now ${code(config.iam.clusterName)})`,
    'gives each ServiceAccount whose pods reach S3 its role; no manifest names a role. The EKS Pod Identity Agent add-on',
    'serves the credentials on every node, and the roles trust `pods.eks.amazonaws.com` for those ServiceAccounts only.',
    ...(config.iam.ackAssociations
      ? [`${overlay} creates the associations as \`PodIdentityAssociation\` objects, which the ACK EKS controller must run to create in AWS.`]
      : [`\`npx projen ${'create-associations'}\` creates the associations with the AWS CLI, once the roles exist; it leaves one that already gives the right role, and reports one that gives another.`]),
    ...Object.entries(config.release.roleLimits?.[IamMechanism.POD_IDENTITY] ?? {})
      .map(([consumer, why]) => `${capitalized(who(consumer as S3Consumer))} get no role of their own: ${why}.`),
  ],
  variantSummary: (_iam, _annotation, their) => `EKS Pod Identity: associations give the ServiceAccounts of the pods that reach S3 their role${their}; no keys anywhere`,
  troubleshooting: ({ config, overlay, restart, trustFile }) => [
    `**EKS Pod Identity: pods of ${overlay} get AccessDenied, or act as the node's role.** Check, in order:`,
    '',
    `1. The agent runs: ${code(`kubectl -n kube-system get daemonset ${POD_IDENTITY_AGENT}`)} (the ${code(POD_IDENTITY_AGENT)} add-on), and the nodes' role`,
    '   may `eks-auth:AssumeRoleForPodIdentity` (in `AmazonEKSWorkerNodePolicy`).',
    `2. Each ServiceAccount has its association: ${code(`aws eks list-pod-identity-associations --cluster-name ${config.iam.clusterName} --namespace ${config.namespace}`)}.`,
    `3. Each role has the trust policy of ${trustFile} (see "IAM roles"): it must let \`${POD_IDENTITY_PRINCIPAL}\` call`,
    '   `sts:AssumeRole` and `sts:TagSession` for the namespace and ServiceAccount of the pod.',
    `4. Pods started before their association have no credentials: ${code(restart)}. A pod that has them shows`,
    `   \`AWS_CONTAINER_CREDENTIALS_FULL_URI\` in ${code(`kubectl -n ${config.namespace} describe pod <pod>`)}.`,
  ],
  beforeYouDeploy: ({ config, overlay, stack }) => [
    `For ${overlay}: add the EKS Pod Identity Agent to the cluster (${code(`aws eks create-addon --cluster-name ${config.iam.clusterName} --addon-name ${POD_IDENTITY_AGENT}`)}); the nodes' role needs \`eks-auth:AssumeRoleForPodIdentity\`.`,
    ...(config.iam.ackAssociations
      ? ['Install the ACK EKS controller, which creates the associations of `overlay/iam` (see "IAM roles").']
      : stack ? [] : ['Create the roles (see "IAM roles"), then their associations: `npx projen create-associations`.']),
  ],
  preflight: (config, { bindings, associationScript }) => ({
    usage: `For iam: that the EKS Pod Identity Agent runs${config.iam.ackAssociations ? ' and the ACK EKS controller is installed' : ', and that each ServiceAccount has its association (with the AWS CLI, when installed)'}.`,
    params: {
      CLUSTER: config.iam.clusterName,
      ...(config.iam.ackAssociations ? {} : { ASSOCIATIONS: associationEntries(bindings), ASSOCIATION_SCRIPT: associationScript }),
    },
    functions: [podIdentityPreflight(config.iam.ackAssociations)],
    lines: [podIdentityPreflightName(config.iam.ackAssociations)],
  }),
};

/** How each {@link IamMechanism} gives pods their role. */
export const IAM_MECHANISMS: Readonly<Record<IamMechanism, IamMechanismSpec>> = {
  [IamMechanism.IRSA]: IRSA,
  [IamMechanism.KUBE2IAM]: KUBE2IAM,
  [IamMechanism.POD_IDENTITY]: POD_IDENTITY,
};

/** The mechanism each mechanism-specific `iam` option belongs to. */
export const IAM_OPTION_OWNERS: Readonly<Partial<Record<keyof IamOptions, IamMechanism>>> = Object.fromEntries(
  Object.entries(IAM_MECHANISMS).flatMap(([mechanism, spec]) => spec.ownOptions.map((option) => [option, mechanism])));

/** The entry of the install's mechanism. */
export const mechanismOf = (config: Pick<KfpConfig, 'iam'>): IamMechanismSpec => IAM_MECHANISMS[config.iam.mechanism];
