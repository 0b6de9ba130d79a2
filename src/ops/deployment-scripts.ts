import { Component, Project } from 'projen';
import { renderScript, validateScript } from './build-scripts';
import { diffScript, installScript, uninstallScript } from './cluster-scripts';
import { SCRIPTS } from './paths';
import { createAwsSecretScript, createMysqlSecretScript } from './secret-scripts';
import { ShellScript, ShellScriptSpec } from './shell-script';
import type { KfpConfig } from '../config';
import type { DeploymentManifests } from '../layout/deployment-manifests';

/** Writes `scripts/*.sh`: creating the Secrets, installing, comparing, uninstalling, rendering and validating. */
export class DeploymentScripts extends Component {
  constructor(project: Project, config: KfpConfig, manifests: DeploymentManifests) {
    super(project);
    const specs: Record<keyof typeof SCRIPTS, ShellScriptSpec> = {
      createAwsSecret: createAwsSecretScript(config),
      createMysqlSecret: createMysqlSecretScript(config),
      install: installScript(config, manifests),
      uninstall: uninstallScript(config),
      diff: diffScript(config),
      render: renderScript(),
      validate: validateScript([config]),
    };
    for (const [role, path] of Object.entries(SCRIPTS)) {
      new ShellScript(project, path, specs[role as keyof typeof SCRIPTS]);
    }
  }
}
