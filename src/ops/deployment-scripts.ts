import { Component, Project } from 'projen';
import { associationScript } from './association-script';
import { renderScript, validateScript } from './build-scripts';
import { diffScript, installScript, uninstallScript } from './cluster-scripts';
import { doctorScript } from './doctor-script';
import { installScriptRoles, InstallScriptRole, ScriptRole, scriptOf, SCRIPTS } from './paths';
import { createAwsSecretScript, createMysqlSecretScript, createOidcSecretScript, createUiSecretScript } from './secret-scripts';
import { shellScript, ShellScriptSpec } from './shell-script';
import type { KfpConfig } from '../config';
import type { DeploymentManifests } from '../layout/deployment-manifests';

/**
 * Writes the scripts: creating the Secrets, installing, comparing and uninstalling for each install, in its own
 * folder (`scripts/` for the first, `installs/<namespace>/scripts/` for the others); rendering, validating and checking
 * the setup (doctor) once, in `scripts/`, for every install.
 */
export class DeploymentScripts extends Component {
  constructor(project: Project, installs: readonly KfpConfig[], manifests: DeploymentManifests) {
    super(project);
    const scope = { repo: project.name, namespaces: installs.map((config) => config.namespace) };
    for (const config of installs) {
      const specs: Record<InstallScriptRole, () => ShellScriptSpec> = {
        createAwsSecret: () => createAwsSecretScript(config),
        createMysqlSecret: () => createMysqlSecretScript(config),
        createUiSecret: () => createUiSecretScript(config),
        createOidcSecret: () => createOidcSecretScript(config),
        createAssociations: () => associationScript(config),
        install: () => installScript(config, manifests, scope),
        uninstall: () => uninstallScript(config),
        diff: () => diffScript(config, scope),
      };
      for (const role of installScriptRoles(config)) shellScript(project, scriptOf(config.root, role), specs[role]());
    }
    const repoScripts: Record<Exclude<ScriptRole, InstallScriptRole>, ShellScriptSpec> = {
      render: renderScript(installs),
      validate: validateScript(installs),
      doctor: doctorScript(installs),
    };
    for (const [role, spec] of Object.entries(repoScripts)) shellScript(project, SCRIPTS[role as ScriptRole], spec);
  }
}
