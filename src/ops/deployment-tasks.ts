import { Component, Project, Task } from 'projen';
import { defaultVariant } from './default-variant';
import { DIST_DIR, INCLUDE_CRDS_FLAG, installScriptRoles, ScriptRole, scriptOf, SCRIPTS, taskOf } from './paths';
import type { KfpConfig } from '../config';
import { CRDS_DIR, overlayDir } from '../layout/deployment-manifests';

/** The tasks that operate one install, each running one of its scripts. */
export interface InstallTasks {
  readonly config: KfpConfig;
  /** Creates the Secrets the install's default variant reads. */
  readonly createSecrets: Task;
  /** Installs into the current kubectl context. */
  readonly deploy: Task;
  /** Compares the cluster with the manifests. */
  readonly diff: Task;
  /** Deletes the install. */
  readonly uninstall: Task;
  /** Creates the EKS Pod Identity associations of the IAM overlay, where the AWS CLI creates them. */
  readonly createAssociations?: Task;
}

/**
 * The `npx projen` tasks that operate the deployment, each running one script: `render`, `validate` and `doctor` for
 * the whole repo, and for each install `create-secrets`, `deploy`, `diff` and `uninstall` (`<task>:<namespace>` for the
 * additional installs).
 */
export class DeploymentTasks extends Component {
  /** Builds `crds/` and each overlay into `dist/`. */
  public readonly render: Task;
  /** Builds every entry point and checks its objects against the schemas and each other; `test` runs it. */
  public readonly validate: Task;
  /** Checks, read-only, what every install needs of AWS and of the cluster. */
  public readonly doctor: Task;
  /** Creates the Secrets the first install's default variant reads. */
  public readonly createSecrets: Task;
  /** Installs the first install into the current kubectl context. */
  public readonly deploy: Task;
  /** Compares the cluster with the first install's manifests. */
  public readonly diff: Task;
  /** Deletes the first install. */
  public readonly uninstall: Task;
  /** The tasks of every install, the first install's first. */
  public readonly installs: InstallTasks[];

  constructor(project: Project, installs: readonly KfpConfig[]) {
    super(project);
    this.render = project.addTask('render', {
      description: `Writes what kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/ (${SCRIPTS.render})`,
      exec: SCRIPTS.render,
    });
    this.validate = project.addTask('validate', {
      description: `Builds ${CRDS_DIR}/ and every overlay and checks them offline: Kubernetes schemas, and references to ServiceAccounts, ConfigMaps and Secrets with their keys, PVCs, pods and roles; kubeconform's strict check too when installed (${SCRIPTS.validate})`,
      exec: SCRIPTS.validate,
    });
    project.testTask.spawn(this.validate);
    this.doctor = project.addTask('doctor', {
      description: `Checks what the installs need of AWS and of the current kubectl context, before or after deploy: credentials, bucket, IAM roles and their trust, OIDC provider or Pod Identity, storage, cert-manager, external MySQL (from a short-lived pod), nodes; prints each check's fix and fails when one fails (${SCRIPTS.doctor})`,
      exec: SCRIPTS.doctor,
    });
    this.installs = installs.map((config) => installTasks(project, config));
    ({ createSecrets: this.createSecrets, deploy: this.deploy, diff: this.diff, uninstall: this.uninstall } = this.installs[0]);
  }
}

function installTasks(project: Project, config: KfpConfig): InstallTasks {
  const variant = defaultVariant(config);
  const overlay = `${overlayDir(variant, config.root)} unless another variant is given`;
  const script = (role: ScriptRole) => scriptOf(config.root, role);

  const roles = installScriptRoles(config);
  const secrets = [
    { what: 'the MySQL Secret', role: 'createMysqlSecret' as const },
    ...(variant === 'accesskey' ? [{ what: 'the AWS access-key Secret', role: 'createAwsSecret' as const }] : []),
    { what: 'the UI\'s signing key', role: 'createUiSecret' as const },
    { what: 'the OIDC client of the UI\'s load balancer', role: 'createOidcSecret' as const },
  ].filter((s) => roles.includes(s.role));
  const what = secrets.map((s) => s.what);
  const scripts = secrets.map((s) => script(s.role));
  const createSecrets = project.addTask(taskOf(config, 'create-secrets'), {
    description: secrets.length > 0
      ? `Creates ${[what.slice(0, -1).join(', '), what[what.length - 1]].filter(Boolean).join(' and ')}, which ${overlayDir(variant, config.root)} reads (${scripts.join(', ')})${config.secretsManager ? '; the External Secrets Operator creates the others' : ''}`
      : `Creates nothing: the External Secrets Operator creates the Secrets ${overlayDir(variant, config.root)} reads, from AWS Secrets Manager (secretsManager)`,
  });
  for (const path of scripts) createSecrets.exec(path);

  const createAssociations = roles.includes('createAssociations')
    ? project.addTask(taskOf(config, 'create-associations'), {
      description: `Creates the EKS Pod Identity associations that give the ServiceAccounts of ${overlayDir('iam', config.root)} their IAM roles (${script('createAssociations')})`,
      exec: script('createAssociations'),
      receiveArgs: true,
    })
    : undefined;

  return {
    config,
    createSecrets,
    createAssociations,
    deploy: project.addTask(taskOf(config, 'deploy'), {
      description: `Installs ${CRDS_DIR}/, waits for its CRDs, then ${overlay}, and waits for the rollout (${script('install')})`,
      exec: script('install'),
      receiveArgs: true,
    }),
    diff: project.addTask(taskOf(config, 'diff'), {
      description: `Shows how the cluster differs from ${CRDS_DIR}/ and ${overlay} (${script('diff')})`,
      exec: script('diff'),
      receiveArgs: true,
    }),
    uninstall: project.addTask(taskOf(config, 'uninstall'), {
      description: `Deletes the install (${overlay}) after confirmation; ${CRDS_DIR}/ only with ${INCLUDE_CRDS_FLAG} (${script('uninstall')})`,
      exec: script('uninstall'),
      receiveArgs: true,
    }),
  };
}
