import { Component, Project, Task } from 'projen';
import { defaultVariant } from './default-variant';
import { DIST_DIR, INCLUDE_CRDS_FLAG, SCRIPTS } from './paths';
import type { KfpConfig } from '../config';
import { CRDS_DIR, overlayDir } from '../layout/deployment-manifests';

/** The `npx projen` tasks that operate the deployment, each running one script of `scripts/`. */
export class DeploymentTasks extends Component {
  /** Builds `crds/` and each overlay into `dist/`. */
  public readonly render: Task;
  /** Builds every entry point and checks its objects against the schemas and each other. */
  public readonly validate: Task;
  /** Creates the Secrets the default variant reads. */
  public readonly createSecrets: Task;
  /** Installs into the current kubectl context. */
  public readonly deploy: Task;
  /** Compares the cluster with the manifests. */
  public readonly diff: Task;
  /** Deletes the install. */
  public readonly uninstall: Task;

  constructor(project: Project, config: KfpConfig) {
    super(project);
    const variant = defaultVariant(config);
    const overlay = `${overlayDir(variant)} unless another variant is given`;

    this.render = project.addTask('render', {
      description: `Writes what kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/ (${SCRIPTS.render})`,
      exec: SCRIPTS.render,
    });
    this.validate = project.addTask('validate', {
      description: `Builds ${CRDS_DIR}/ and every overlay and checks them offline: Kubernetes schemas, and references to ServiceAccounts, ConfigMaps and Secrets with their keys, PVCs, pods and roles; kubeconform's strict check too when installed (${SCRIPTS.validate})`,
      exec: SCRIPTS.validate,
    });

    const secrets = variant === 'accesskey'
      ? { what: 'the MySQL Secret and the AWS access-key Secret', scripts: [SCRIPTS.createMysqlSecret, SCRIPTS.createAwsSecret] }
      : { what: 'the MySQL Secret', scripts: [SCRIPTS.createMysqlSecret] };
    this.createSecrets = project.addTask('create-secrets', {
      description: `Creates ${secrets.what}, which ${overlayDir(variant)} reads (${secrets.scripts.join(', ')})`,
    });
    for (const script of secrets.scripts) this.createSecrets.exec(script);

    this.deploy = project.addTask('deploy', {
      description: `Installs ${CRDS_DIR}/, waits for its CRDs, then ${overlay}, and waits for the rollout (${SCRIPTS.install})`,
      exec: SCRIPTS.install,
      receiveArgs: true,
    });
    this.diff = project.addTask('diff', {
      description: `Shows how the cluster differs from ${CRDS_DIR}/ and ${overlay} (${SCRIPTS.diff})`,
      exec: SCRIPTS.diff,
      receiveArgs: true,
    });
    this.uninstall = project.addTask('uninstall', {
      description: `Deletes the install (${overlay}) after confirmation; ${CRDS_DIR}/ only with ${INCLUDE_CRDS_FLAG} (${SCRIPTS.uninstall})`,
      exec: SCRIPTS.uninstall,
      receiveArgs: true,
    });
  }
}
