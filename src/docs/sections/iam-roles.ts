import { code, codeBlock, note, table } from '../markdown';
import type { ReadmeContext } from './common';
import { KfpConfig, PLACEHOLDER_NODE_ROLE_ARN, PLACEHOLDER_OIDC_PROVIDER, S3Consumer } from '../../config';
import { IAM_DIR, irsaSubject, RoleUse, S3_ACCESS } from '../../iam';
import { overlayDir } from '../../layout/deployment-manifests';
import { IRSA_ROLE_ANNOTATION, s3EndpointUrl } from '../../manifests/aws';
import { IamMechanism } from '../../options';

/** The policy name `put-role-policy` gives each role's permissions. */
const ROLE_POLICY_NAME = 'kubeflow-pipelines-s3';

/** What the S3 access of a consumer comes to, in words, with the prefixes of `config`. */
function accessSummary(config: KfpConfig, consumer: S3Consumer): string {
  const verbs: Record<string, string> = { 's3:GetObject': 'read', 's3:PutObject': 'write', 's3:DeleteObject': 'delete' };
  const grants = S3_ACCESS[consumer].grants.map((grant) => {
    const actions = grant.objectActions.flatMap((action) => verbs[action] ?? []);
    return `${[...actions, ...(grant.list ? ['list'] : [])].join(', ')} ${code(`${config.s3[grant.area]}/*`)}`;
  });
  if (consumer === S3Consumer.API_SERVER && config.release.apiServerChecksBucket) {
    grants.push('check that the bucket exists (at startup, or it exits)');
  }
  return grants.length > 0 ? grants.join('; ') : 'none: the step pods move the artifacts';
}

/** Who assumes a role: the ServiceAccounts its trust policy names (IRSA), or the pods kube2iam gives it to, by namespace. */
function assumedBy(uses: readonly RoleUse[]): string {
  const subjects = new Set<string>();
  const pods = new Map<string, string[]>();
  for (const use of uses) {
    if (use.config.iam.mechanism === IamMechanism.IRSA) {
      subjects.add(code(irsaSubject(use)));
    } else {
      pods.set(use.config.namespace, [...pods.get(use.config.namespace) ?? [], S3_ACCESS[use.consumer].who]);
    }
  }
  const groups = [...pods].map(([namespace, who]) => `${who.join(', ')} in ${code(namespace)}`);
  return [...(subjects.size > 0 ? [[...subjects].join(', ')] : []), ...groups].join('; ');
}

export function iamRoles({ config, iamRoles: roles }: ReadmeContext): string[] {
  const { iam } = config;
  if (!config.variants.includes('iam')) {
    return [
      '## IAM roles',
      '',
      `None for this install: its bucket is on the S3-compatible store ${code(s3EndpointUrl(config.s3))} (\`s3Endpoint\`), whose`,
      `access AWS IAM does not govern, so ${code(`${IAM_DIR}/`)} holds no documents for it. Its pods reach the store with an access key`,
      `of the store (${code(overlayDir('accesskey'))}).`,
      '',
    ];
  }
  const uses = roles.flatMap((role) => role.uses);
  const warnings: string[] = [];
  if (uses.some((use) => use.config.iam.mechanism === IamMechanism.IRSA && use.config.iam.oidcProvider === PLACEHOLDER_OIDC_PROVIDER)) {
    warnings.push(note('Set your cluster\'s OIDC provider before you create the roles.', `The trust policies name the placeholder ${code(PLACEHOLDER_OIDC_PROVIDER)}: set \`iam.oidcProvider\` in \`.projenrc.ts\` to the cluster's issuer without \`https://\` (\`aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text\`) and run \`npx projen\`.`));
  }
  if (uses.some((use) => use.config.iam.mechanism === IamMechanism.KUBE2IAM && use.config.iam.nodeRoleArn === PLACEHOLDER_NODE_ROLE_ARN)) {
    warnings.push(note('Set your nodes\' role before you create the roles.', `The trust policies name the placeholder ${code(PLACEHOLDER_NODE_ROLE_ARN)}: set \`iam.nodeRoleArn\` in \`.projenrc.ts\` to the IAM role of the nodes where kube2iam runs and run \`npx projen\`.`));
  }
  const how = iam.mechanism === IamMechanism.IRSA
    ? [
      `${code(overlayDir('iam'))} reaches S3 through IAM roles. With IRSA, the ServiceAccount of each pod that reaches S3 carries`,
      `its role (${code(IRSA_ROLE_ANNOTATION)}), and EKS lets the pod assume it through the cluster's OIDC provider (\`iam.oidcProvider\`).`,
    ]
    : [
      `${code(overlayDir('iam'))} reaches S3 through IAM roles. With kube2iam, each pod that reaches S3 carries its role`,
      `(${code(iam.kube2iamAnnotationKey)}), and kube2iam assumes it with the nodes' role (\`iam.nodeRoleArn\`).`,
      ...(config.release.argo.workflowDefaults ? [] : [
        `Pipeline steps are the exception: the Argo of KFP ${config.release.version} has no workflow defaults that could annotate their pods, so they get kube2iam's default`,
        `role. Run kube2iam with \`--default-role=${iam.roles[S3Consumer.PIPELINE_RUNNER]}\` (the steps' role below; kube2iam gives it to every pod`,
        'without an annotation, in any namespace). `npx projen deploy iam` checks that kube2iam runs with a default role,',
        'and warns when it is another one.',
      ]),
    ];
  return [
    '## IAM roles',
    '',
    ...how,
    `For each role, ${code(`${IAM_DIR}/`)} holds what it may do (\`<role>.policy.json\`: only the S3 actions its pods need, only`,
    'under the prefixes of this repo) and who may assume it (`<role>.trust.json`). They are generated like the rest, but',
    'without the "Generated by projen" line, which IAM would reject: change `iam` in `.projenrc.ts`, not these files.',
    '',
    ...warnings.flatMap((w) => [w, '']),
    ...table(['role', 'assumed by', 'files'], roles.map((role) => [code(role.role), assumedBy(role.uses), `${code(role.policyFile)}, ${code(role.trustFile)}`])),
    '',
    'Create each role with its trust policy, then give it its permissions (for a role that exists, `aws iam',
    'update-assume-role-policy --role-name <role> --policy-document file://iam/<role>.trust.json` replaces its trust policy):',
    '',
    ...codeBlock(roles.flatMap((role) => [
      `aws iam create-role --role-name ${role.name}${role.path === '/' ? '' : ` --path ${role.path}`} --assume-role-policy-document file://${role.trustFile}`,
      `aws iam put-role-policy --role-name ${role.name} --policy-name ${ROLE_POLICY_NAME} --policy-document file://${role.policyFile}`,
    ])),
    '',
    'Each pod can have a role of its own, so that it gets only the access it needs: set `iam.roleArns`. Without a role of',
    'its own, a pod uses `iam.roleArn`, and a role shared by several pods may do what each of them may.',
    '',
    ...table(['pods', '`iam.roleArns` key', 'S3 access', 'role'], config.release.s3Consumers.map((consumer) =>
      [S3_ACCESS[consumer].who, code(consumer), accessSummary(config, consumer), code(iam.roles[consumer])])),
    '',
  ];
}
