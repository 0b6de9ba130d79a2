import type { IamRole, KfpConfig, S3Consumer } from '../config';
import { PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER } from '../config/types';
import { code, note } from '../docs/markdown';
import { BashFunction, DIE, LOG } from '../ops/bash-functions';
import { IamMechanism } from '../options';
import type { PolicyStatement } from './iam-documents';

/** The ServiceAccount annotation through which EKS gives a pod an IAM role (IRSA). */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** The audience EKS puts in the web identity tokens of ServiceAccounts, which IRSA trust policies require. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** One consumer of one install that uses a role, with the ServiceAccount its pods run as. */
export interface TrustUse {
  readonly config: KfpConfig;
  readonly consumer: S3Consumer;
  readonly serviceAccount: string;
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
  /** Annotations of the ServiceAccount of a consumer whose role is `role`. */
  serviceAccountAnnotations(iam: IamRole, role: string): Record<string, string> | undefined;
  /** Annotations of the pod template of a consumer whose role is `role`. */
  podAnnotations(iam: IamRole, role: string): Record<string, string> | undefined;
  /** The trust statements that let `uses` assume `role` (an ARN, or a name where {@link roleByName}). */
  trustStatements(role: string, uses: readonly TrustUse[]): PolicyStatement[];
  /** Who assumes a role, for the README: one phrase per group of `uses`. */
  assumedBy(uses: readonly TrustUse[], who: (consumer: S3Consumer) => string): string[];
  /** A README note while a setting the trust policies name is still a placeholder. */
  placeholderNote(iam: IamRole): string | undefined;
  /** The README's first lines on how the IAM overlay's pods get their roles. */
  intro(context: MechanismDocContext): string[];
  /** How the IAM overlay's pods reach S3, for the README's variants table; `annotation` formats an annotation key. */
  variantSummary(iam: IamRole, annotation: (key: string) => string, their: string): string;
  /** The README's troubleshooting entry for pods that get AccessDenied. */
  troubleshooting(context: MechanismDocContext): string[];
  /** Steps of the README's "Before you deploy" that the mechanism needs, if any. */
  beforeYouDeploy(context: MechanismDocContext): string[];
  /** What `install.sh` checks before it applies the IAM overlay, if anything. */
  preflight(config: KfpConfig): MechanismPreflight | undefined;
}

/** A single value is written without a list, as AWS's examples do. */
export function oneOrMany(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0] : values;
}

/** The values of `list`, each once, in order. */
const unique = (list: readonly string[]) => [...new Set(list)];

/** `system:serviceaccount:<namespace>:<name>`, as the ServiceAccount token of `use` names it (`<issuer>:sub`). */
export function serviceAccountSubject(use: TrustUse): string {
  return `system:serviceaccount:${use.config.namespace}:${use.serviceAccount}`;
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
  beforeYouDeploy: () => [],
  preflight: () => undefined,
};

const KUBE2IAM: IamMechanismSpec = {
  title: 'kube2iam',
  roleByName: true,
  serviceAccountAnnotations: () => undefined,
  podAnnotations: (iam, role) => ({ [iam.kube2iamAnnotationKey]: role }),
  trustStatements: (_role, uses) => [{
    Effect: 'Allow',
    Principal: { AWS: oneOrMany(unique(uses.map((use) => use.config.iam.nodeRoleArn))) },
    Action: 'sts:AssumeRole',
  }],
  assumedBy(uses, who) {
    const pods = new Map<string, string[]>();
    for (const use of uses) pods.set(use.config.namespace, [...pods.get(use.config.namespace) ?? [], who(use.consumer)]);
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

/** How each {@link IamMechanism} gives pods their role. */
export const IAM_MECHANISMS: Readonly<Record<IamMechanism, IamMechanismSpec>> = {
  [IamMechanism.IRSA]: IRSA,
  [IamMechanism.KUBE2IAM]: KUBE2IAM,
};

/** The entry of the install's mechanism. */
export const mechanismOf = (config: Pick<KfpConfig, 'iam'>): IamMechanismSpec => IAM_MECHANISMS[config.iam.mechanism];
