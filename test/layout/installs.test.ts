import * as path from 'path';
import * as yaml from 'js-yaml';
import { CacheWebhook } from '../../src';
import { resolveInstalls } from '../../src/config';
import { OPTION_LANDINGS, placesIn } from '../../src/docs/option-landings';
import { sharedObjects } from '../../src/layout/deployment-manifests';
import { METADATA_WRITER } from '../../src/manifests/components/metadata-writer';
import { PERSISTENCE_AGENT } from '../../src/manifests/components/persistence-agent';
import { SCHEDULED_WORKFLOW } from '../../src/manifests/components/scheduled-workflow';
import { VIEWER_CRD_CONTROLLER } from '../../src/manifests/components/viewer-crd-controller';
import { WORKFLOW_CONTROLLER, WORKFLOW_CONTROLLER_CONFIG_MAP } from '../../src/manifests/components/workflow-controller';
import { Scope } from '../../src/manifests/install';
import { VARIANTS } from '../../src/manifests/variant';
import { allReleases, findObject, kustomize, parseYaml, synthFiles, synthToDisk, TestOptions } from '../util';

const ROLE = 'arn:aws:iam::123456789012:role/kfp-s3';
const TEAM_B = 'team-b';

/** The resources a controller of one install may be granted cluster-wide: none of them holds another install's work. */
const CLUSTER_SCOPED_RESOURCES = ['certificatesigningrequests', 'certificatesigningrequests/approval', 'mutatingwebhookconfigurations', 'signers'];
/** Env vars through which a KFP controller learns the namespace it watches. */
const NAMESPACE_ENV = ['NAMESPACE', 'NAMESPACE_TO_WATCH', 'MINIO_NAMESPACE'];

const identity = (o: any) => `${o.kind}/${o.metadata.name}`;

describe.each(allReleases())('two installs of KFP %s in one repo', (kfpVersion, release) => {
  // With the cache webhook where the release has one: its webhook configuration is cluster-scoped, one per install.
  const cacheWebhook = release.components.includes('cache-server') ? CacheWebhook.CERT_MANAGER : undefined;
  const top: TestOptions = { kfpVersion, bucket: 'installs-test', namespace: 'ml', iam: { roleArn: ROLE }, cacheWebhook };
  const options: TestOptions = { ...top, additionalInstalls: [{ namespace: TEAM_B }] };
  const [, teamB] = resolveInstalls({ name: 'x', ...options });
  const outdir = synthToDisk(options);
  const files = synthFiles(options);
  let singleFiles: Record<string, any> | undefined;
  /** The files of the same repo without additionalInstalls. */
  const single0 = () => (singleFiles ??= synthFiles(top));
  const built = new Map<string, any[][]>();
  /** What kustomize builds from each overlay of the install at `root`, in the order of VARIANTS. */
  const overlays = (root: string) => {
    if (!built.has(root)) built.set(root, VARIANTS.map((variant) => kustomize(path.join(outdir, root, 'overlay', variant))));
    return built.get(root)!;
  };

  test('the additional install has its own base/, overlays and scripts under installs/team-b/; crds/ exists once', () => {
    const teamBFiles = Object.keys(files).filter((f) => f.startsWith(`installs/${TEAM_B}/`));
    for (const folder of ['base', 'overlay/accesskey', 'overlay/iam']) {
      expect(teamBFiles).toContain(`installs/${TEAM_B}/${folder}/kustomization.yaml`);
    }
    expect(teamBFiles).toEqual(expect.arrayContaining(['install.sh', 'uninstall.sh', 'diff.sh', 'create-aws-secret.sh', 'create-mysql-secret.sh']
      .map((script) => `installs/${TEAM_B}/scripts/${script}`)));
    const crds = Object.entries(files).filter(([file]) => file.endsWith('.yaml') && !file.startsWith('.'))
      .flatMap(([file, content]) => parseYaml(content).filter((o) => o.kind === 'CustomResourceDefinition').map(() => path.dirname(file)));
    expect([...new Set(crds)]).toEqual(['crds']);
  });

  test('the top-level install\'s files are those of a repo without additionalInstalls', () => {
    // render.sh and validate.sh build every install; the README, .gitignore, .gitattributes, package.json (the tasks)
    // and projen's bookkeeping list them; iam/ has the documents of the additional install's role as well;
    // install.sh and diff.sh of the first install name every namespace of the repo, whose records they leave alone;
    // doctor.sh checks every install.
    const repoWide = ['README.md', '.gitignore', '.gitattributes', 'package.json', 'scripts/render.sh', 'scripts/validate.sh', 'scripts/install.sh', 'scripts/diff.sh', 'scripts/doctor.sh'];
    expect(files['scripts/doctor.sh']).toContain(`\nNAMESPACE=${TEAM_B}\n`);
    for (const script of ['scripts/install.sh', 'scripts/diff.sh']) {
      expect(files[script]).toContain(`readonly REPO_NAMESPACES=(ml ${TEAM_B})`);
      expect(files[script].replace(/^readonly REPO_NAMESPACES=.*$/m, '')).toEqual(single0()[script].replace(/^readonly REPO_NAMESPACES=.*$/m, ''));
    }
    const single = single0();
    const compared = Object.keys(single).filter((f) => !repoWide.includes(f) && !f.startsWith('.projen/') && !f.startsWith('iam/'));
    expect(compared.length).toBeGreaterThan(50);
    for (const file of compared) expect([file, files[file]]).toEqual([file, single[file]]);
  });

  test('every object of the additional install is in its namespace, or cluster-scoped and named after it', () => {
    for (const objects of overlays(`installs/${TEAM_B}`)) {
      for (const object of objects) {
        if (object.metadata.namespace !== undefined) expect([identity(object), object.metadata.namespace]).toEqual([identity(object), TEAM_B]);
        else expect(object.metadata.name).toContain(TEAM_B);
        for (const subject of (object.subjects ?? []).filter((s: any) => s.kind === 'ServiceAccount')) expect(subject.namespace).toBe(TEAM_B);
      }
    }
  });

  test('no two cluster-scoped objects of the installs share a kind and name', () => {
    const clusterScoped = [...overlays(''), ...overlays(`installs/${TEAM_B}`)].map((objects) => objects.filter((o) => o.metadata.namespace === undefined));
    // Within one install, both variants apply the same cluster-scoped objects: count each install once.
    const [ml, teamBObjects] = [clusterScoped[0], clusterScoped[VARIANTS.length]];
    expect(ml.length).toBeGreaterThan(0);
    const names = [...ml, ...teamBObjects].map(identity);
    expect(new Set(names).size).toBe(names.length);
  });

  test('the additional install keeps its keys under <namespace>/artifacts and <namespace>/pipelines of the shared bucket', () => {
    const [iam] = overlays(`installs/${TEAM_B}`).slice(-1);
    const workflowConfig = JSON.stringify(findObject(iam, 'ConfigMap', WORKFLOW_CONTROLLER_CONFIG_MAP).data);
    expect(workflowConfig).toContain(`${TEAM_B}/artifacts`);
    expect(workflowConfig).toContain('installs-test');
    const rendered = new Set(iam.map(identity));
    const pipelinePlaces = placesIn(OPTION_LANDINGS.find((l) => l.option === 'pipelinePrefix')!, teamB, rendered);
    expect(pipelinePlaces.length).toBeGreaterThan(0);
    for (const place of pipelinePlaces) expect(JSON.stringify(findObject(iam, place.kind, place.name))).toContain(`${TEAM_B}/pipelines`);
  });

  test('the controllers of the additional install act in its namespace only', () => {
    const crds = kustomize(path.join(outdir, 'crds'));
    for (const objects of overlays(`installs/${TEAM_B}`)) {
      // Argo: one namespace, by flag (Argo 3 and later) or in its configuration (Argo 2).
      const controller = findObject(objects, 'Deployment', WORKFLOW_CONTROLLER).spec.template.spec.containers[0];
      const argoConfig = yaml.load(findObject(objects, 'ConfigMap', WORKFLOW_CONTROLLER_CONFIG_MAP).data.config ?? '{}') as any;
      expect(controller.args.includes('--namespaced') || argoConfig.namespace === TEAM_B).toBe(true);

      for (const name of [PERSISTENCE_AGENT, SCHEDULED_WORKFLOW, VIEWER_CRD_CONTROLLER, METADATA_WRITER]) {
        const env = findObject(objects, 'Deployment', name).spec.template.spec.containers.flatMap((c: any) => c.env ?? []);
        const watched = env.filter((e: any) => NAMESPACE_ENV.includes(e.name));
        expect([name, watched.length > 0]).toEqual([name, true]);
        for (const e of watched) expect([name, e.valueFrom?.fieldRef?.fieldPath]).toEqual([name, 'metadata.namespace']);
      }

      for (const binding of objects.filter((o) => o.kind === 'ClusterRoleBinding')) {
        const role = findObject(crds, 'ClusterRole', binding.roleRef.name);
        const resources = role.rules.flatMap((r: any) => r.resources);
        expect(resources.filter((r: string) => !CLUSTER_SCOPED_RESOURCES.includes(r))).toEqual([]);
      }
      for (const binding of objects.filter((o) => o.kind === 'RoleBinding')) expect(binding.roleRef.kind).toBe('Role');
    }
  });
});

describe('crds/ of several installs', () => {
  const object = (name: string, spec: unknown) => ({ component: 'mysql' as const, scope: Scope.SHARED, manifest: { apiVersion: 'v1', kind: 'Thing', metadata: { name }, spec } });

  test('is the shared objects of the first install when every install renders the same', () => {
    const shared = [object('a', 1), object('b', 2)];
    expect(sharedObjects([{ namespace: 'ml', objects: shared }, { namespace: TEAM_B, objects: [object('a', 1), object('b', 2)] }])).toEqual(shared);
  });

  test('cannot be written when two installs render different shared objects, and says which', () => {
    expect(() => sharedObjects([
      { namespace: 'ml', objects: [object('a', 1), object('b', 2)] },
      { namespace: TEAM_B, objects: [object('a', 1), object('b', 3)] },
    ])).toThrow('Installs ml and team-b render different cluster-scoped objects for crds/ (v1/Thing//b), which every install in the repo shares');
  });
});
