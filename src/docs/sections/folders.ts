import { code, table } from '../markdown';
import { AWS_STACK_SECTION } from './aws-stack';
import type { ReadmeContext } from './common';
import { CUSTOM_SECTION } from './custom';
import { GITOPS_SECTION } from './gitops';
import { TEMPLATE_FILE } from '../../aws';
import { INSTALLS_DIR, KfpConfig } from '../../config';
import { IAM_DIR } from '../../iam';
import { CUSTOM_DIR } from '../../layout/custom-component';
import { BASE_DIR, CRDS_DIR, overlayDir, OVERLAYS_DIR } from '../../layout/deployment-manifests';
import { AWS_CREDENTIALS, DIST_DIR, INSTALL_SCRIPTS, installScriptRoles, MYSQL_CREDENTIALS, ScriptRole, SCRIPTS } from '../../ops/paths';

/** The last element of a path. */
const fileOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function folders({ ciWorkflow, gitops, installs, manifests, stack }: ReadmeContext): string[] {
  const sharedKinds = [...new Set(manifests.sharedObjects.map((o) => o.kind))].join(', ');
  const [first, ...additional] = installs;
  /** The scripts of some of the installs, in the order of `SCRIPTS`. */
  const scriptsOf = (of: readonly ScriptRole[]) => (Object.keys(SCRIPTS) as ScriptRole[])
    .filter((role) => of.includes(role)).map((role) => code(fileOf(SCRIPTS[role]))).join(', ');
  const repoScripts = (Object.keys(SCRIPTS) as ScriptRole[]).filter((role) => !(INSTALL_SCRIPTS as readonly ScriptRole[]).includes(role));
  return [
    '## Folder structure',
    '',
    ...table(['path', 'what'], [
      [code('.projenrc.ts'), 'the options of this repo: the only file to edit'],
      [code(`${CRDS_DIR}/`), `cluster-scoped objects shared by every install in the cluster (${sharedKinds})`],
      [code(`${BASE_DIR}/<component>/`), `every object of this install, without credentials: one folder per component, one file per object and a ${code('kustomization.yaml')} that lists them; ${code(`${BASE_DIR}/kustomization.yaml`)} lists the folders`],
      [first.variants.map((variant) => code(`${overlayDir(variant)}/`)).join(', '), `${first.variants.length > 1 ? 'the base plus the patches of one credential variant' : 'the base plus the patches of the credential variant'}, and ${code(`${CUSTOM_DIR}/`)}`],
      [code(`${CUSTOM_DIR}/`), `yours: a kustomize Component every overlay includes, which ${code('npx projen')} writes once and never changes (see "${CUSTOM_SECTION}")`],
      ...(additional.length > 0 ? [[
        code(`${INSTALLS_DIR}/<namespace>/`),
        `each additional install (see "Installs"): its own ${code(`${BASE_DIR}/`)}, ${code(`${OVERLAYS_DIR}/`)}, ${code(`${CUSTOM_DIR}/`)}, ${code('scripts/')} (${scriptsOf(additional.flatMap(installScriptRoles))}) and env file examples`,
      ]] : []),
      ...(installs.some((install) => install.variants.includes('iam'))
        ? [[code(`${IAM_DIR}/`), `the permissions and the trust policy of each IAM role of ${code(overlayDir('iam'))} (see "IAM roles")`]]
        : []),
      ...(stack ? [[code(TEMPLATE_FILE), `the CloudFormation template of the bucket and the IAM roles (see "${AWS_STACK_SECTION}")`]] : []),
      ...(gitops?.tools ?? []).map(({ title, dir, root, appsDir }) => [
        code(`${dir}/`),
        `the ${title} objects: ${code(fileOf(root.path))}, which you apply, and ${code(`${fileOf(appsDir)}/`)}, what it applies (see "${GITOPS_SECTION}")`,
      ]),
      [code('scripts/'), `${scriptsOf([...installScriptRoles(first), ...repoScripts])}: what the tasks run`],
      ...envExamples(first).map((examples) => [examples, `what the secret scripts read; copy to the file without ${code('.example')}, which Git ignores. Generated from the options, with no value`]),
      ...(ciWorkflow ? [[code(ciWorkflow), 'CI: re-synthesizes and fails on any difference, then builds and validates every overlay']] : []),
      [code(`${DIST_DIR}/`), `what ${code('npx projen render')} writes; ignored by Git`],
    ]),
    '',
  ];
}

/** The env file examples of the install's secret scripts, as one cell; none when ESO creates every such Secret. */
function envExamples(config: KfpConfig): string[] {
  const roles = installScriptRoles(config);
  const examples = [
    ...(roles.includes('createAwsSecret') ? [code(AWS_CREDENTIALS.example)] : []),
    ...(roles.includes('createMysqlSecret') ? [code(MYSQL_CREDENTIALS.example)] : []),
  ];
  return examples.length > 0 ? [examples.join(', ')] : [];
}
