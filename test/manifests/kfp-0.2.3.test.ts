import * as yaml from 'js-yaml';
import { IamMechanism } from '../../src';
import { KFP_0_2_3 } from '../../src/catalog/kfp-0.2.3';
import { resolveConfig } from '../../src/config';
import { findObject, synthFiles, TestOptions } from '../util';
import { createdDatabases, grants, sourceInitScripts } from './mysql-init';
import { containerOf, envOf, expandedVariables, expectBinding, renderRepo, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

/** The scaffold of the issue: `--kfp-version 0.2.3 --bucket mlpipeline --region ap-southeast-1 --namespace kubeflow`. */
const SEED_OPTIONS: TestOptions = { kfpVersion: '0.2.3', bucket: 'mlpipeline', region: 'ap-southeast-1', namespace: 'kubeflow' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/kfp-s3';
const KUBE2IAM_KEY = 'iam.amazonaws.com/role';

/** Every container of the seed's components, `<Deployment>/<container>`, with the image of the reference. */
const REFERENCE_IMAGES: Readonly<Record<string, string>> = {
  'workflow-controller/workflow-controller': 'gcr.io/ml-pipeline/workflow-controller:v2.3.0-license-compliance',
  'ml-pipeline/ml-pipeline-api-server': 'gcr.io/ml-pipeline/api-server:0.2.3',
  'ml-pipeline-persistenceagent/ml-pipeline-persistenceagent': 'gcr.io/ml-pipeline/persistenceagent:0.2.3',
  'ml-pipeline-scheduledworkflow/ml-pipeline-scheduledworkflow': 'gcr.io/ml-pipeline/scheduledworkflow:0.2.3',
  'ml-pipeline-ui/ml-pipeline-ui': 'gcr.io/ml-pipeline/frontend:0.2.3',
  'ml-pipeline-viewer-crd/ml-pipeline-viewer-crd': 'gcr.io/ml-pipeline/viewer-crd-controller:0.2.3',
  'ml-pipeline-visualizationserver/ml-pipeline-visualizationserver': 'gcr.io/ml-pipeline/visualization-server:0.2.3',
  'metadata-deployment/container': 'gcr.io/tfx-oss-public/ml_metadata_store_server:v0.21.1',
  'metadata-envoy/container': 'gcr.io/ml-pipeline/envoy:initial',
  'metadata-writer/main': 'gcr.io/ml-pipeline/metadata-writer:0.2.3',
  'mysql/mysql': 'mysql:5.6',
};
/** The executor: Argo v2.12.13's, whose PNS finds containers under the systemd cgroup driver (Argo 2.3's cannot). */
const ARGOEXEC = 'quay.io/argoproj/argoexec:v2.12.13';

/** The APIs every object uses: all served by current Kubernetes. */
const CURRENT_APIS = ['v1', 'apps/v1', 'rbac.authorization.k8s.io/v1', 'apiextensions.k8s.io/v1'];

/** Pods that reach S3 themselves (the workflow controller has no S3 client: only the step pods' executor has). */
const S3_PODS = ['ml-pipeline', 'ml-pipeline-ui', 'ml-pipeline-visualizationserver'];
/** ServiceAccounts of the S3 pods, of pipeline steps and of TensorBoard viewers. */
const S3_SERVICE_ACCOUNTS = [...S3_PODS, 'pipeline-runner', 'kubeflow-pipelines-viewer'];

const images = (objects: readonly any[]) => Object.fromEntries(objects
  .filter((o) => o.kind === 'Deployment')
  .flatMap((d) => d.spec.template.spec.containers.map((c: any) => [`${d.metadata.name}/${c.name}`, c.image])));

const argoConfig = (objects: readonly any[]): any =>
  yaml.load(findObject(objects, 'ConfigMap', 'workflow-controller-configmap').data.config);

const apiServer = (objects: readonly any[]) => containerOf(objects, 'ml-pipeline', 'ml-pipeline-api-server');
const ui = (objects: readonly any[]) => containerOf(objects, 'ml-pipeline-ui', 'ml-pipeline-ui');
const envNames = (container: any): string[] => (container.env ?? []).map((e: any) => e.name);

/** A file of a mounted ConfigMap, found the way the container finds it: mount path, volume, ConfigMap key. */
function mountedFile(objects: readonly any[], deployment: string, container: any, path: string): string {
  const mount = container.volumeMounts.find((m: any) => m.mountPath === path || path.startsWith(`${m.mountPath}/`));
  const volume = findObject(objects, 'Deployment', deployment).spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  const key = mount.subPath ?? path.slice(mount.mountPath.length + 1);
  const data = findObject(objects, 'ConfigMap', volume.configMap.name).data;
  expect(Object.keys(data)).toContain(key);
  return data[key];
}

const apiServerConfig = (objects: readonly any[]): any =>
  JSON.parse(mountedFile(objects, 'ml-pipeline', apiServer(objects), '/config/config.json'));

const viewerTemplate = (objects: readonly any[]): any =>
  JSON.parse(mountedFile(objects, 'ml-pipeline-ui', ui(objects), envOf(objects, ui(objects), 'VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH') as string));

/** Every Secret reference: in the objects and in the YAML or JSON that ConfigMaps hand to Argo and to viewer pods. */
function secretReferences(objects: readonly any[]): Array<{ secret: string; key?: string }> {
  const found: Array<{ secret: string; key?: string }> = [];
  const visit = (value: any): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [field, inner] of Object.entries<any>(value)) {
      if (['secretKeyRef', 'accessKeySecret', 'secretKeySecret'].includes(field)) found.push({ secret: inner.name, key: inner.key });
      else if (field === 'secret' && inner.secretName) found.push({ secret: inner.secretName });
      else if (field === 'secretRef') found.push({ secret: inner.name });
      else visit(inner);
    }
  };
  visit(objects);
  for (const configMap of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const content of Object.values<string>(configMap.data ?? {})) {
      try {
        visit(yaml.load(content));
      } catch {
        // Not YAML or JSON (a shell script): it holds no reference.
      }
    }
  }
  return found;
}

const podAnnotationsOf = (objects: readonly any[], deployment: string) =>
  findObject(objects, 'Deployment', deployment).spec.template.metadata.annotations;

describe('KFP 0.2.3', () => {
  const config = resolveConfig({ name: 'x', ...SEED_OPTIONS });
  /** The issue's scaffold: kube2iam, the release's default. */
  let repo: RenderedRepo;
  /** Every S3 and credential option away from its default. */
  let custom: RenderedRepo;
  beforeAll(() => {
    repo = renderRepo({ ...SEED_OPTIONS, iam: { roleArn: ROLE_ARN } });
    custom = renderRepo({
      ...SEED_OPTIONS,
      archiveLogs: false,
      artifactPrefix: 'kfp/art',
      pipelinePrefix: 'kfp/pkg',
      accessKey: { secretName: 'aws-creds', accessKeyIdKey: 'key-id', secretAccessKeyKey: 'key-secret' },
      mysql: { secretName: 'db-creds' },
      iam: { roleArn: 'kfp-role', kube2iamAnnotationKey: 'kiam.example.com/role' },
    });
  });
  const installs = () => [repo.base, repo.accesskey, repo.iam];

  describe('the install', () => {
    test('runs every component of the seed with the images of the reference, and nothing else', () => {
      for (const objects of installs()) expect(images(objects)).toEqual(REFERENCE_IMAGES);
    });

    test('uses only APIs that current Kubernetes serves', () => {
      for (const objects of [repo.crds, ...installs()]) {
        expect([...new Set(objects.map((o) => o.apiVersion))].filter((api) => !CURRENT_APIS.includes(api))).toEqual([]);
      }
      expect(JSON.stringify(installs())).not.toMatch(/apps\/v1beta|extensions\/v1beta1|apiextensions\.k8s\.io\/v1beta1/);
    });

    test('installs the three CRDs as apiextensions.k8s.io/v1 with a structural schema, and no Application CRD', () => {
      expect(repo.crds.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'CustomResourceDefinition/scheduledworkflows.kubeflow.org',
        'CustomResourceDefinition/viewers.kubeflow.org',
        'CustomResourceDefinition/workflows.argoproj.io',
      ]);
      const versions = Object.fromEntries(repo.crds.map((crd) => [crd.metadata.name, crd.spec.versions.map((v: any) => v.name)]));
      expect(versions).toEqual({
        'scheduledworkflows.kubeflow.org': ['v1beta1'],
        'viewers.kubeflow.org': ['v1beta1'],
        'workflows.argoproj.io': ['v1alpha1'],
      });
      for (const crd of repo.crds) {
        expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
        expect(crd.spec.scope).toBe('Namespaced');
        const [version] = crd.spec.versions;
        expect(version).toMatchObject({ served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } });
        // Argo 2.3 and the 0.2.3 controllers update status with the object: a status subresource would drop it.
        expect(version.subresources).toBeUndefined();
      }
      expect(findObject(repo.crds, 'CustomResourceDefinition', 'workflows.argoproj.io').spec.names.shortNames).toEqual(['wf']);
    });

    test('deploys no MinIO, Application, proxy agent or Secret: none of the seed\'s leftover Secrets exist', () => {
      for (const objects of installs()) {
        expect(objects.filter((o) => ['Secret', 'Application', 'StorageClass'].includes(o.kind))).toEqual([]);
        const names = objects.map((o) => o.metadata.name);
        expect(names.filter((n) => /minio|proxy-agent|controller-manager|^application$|mysql-credential|mysql-secrets/.test(n))).toEqual([]);
        // The UI's MinIO client (MINIO_*) is aimed at S3: nothing addresses a MinIO or uses its public key.
        expect(JSON.stringify(objects)).not.toMatch(/minio-service|minio123|mysql-credential|pipeline-aws-parameters/i);
      }
    });

    test('every Secret it references is one the user creates, with the keys the README names', () => {
      const mysqlKeys = [config.mysql.secret.usernameKey, config.mysql.secret.passwordKey, config.mysql.secret.rootPasswordKey];
      const accessKeys = [config.accessKey.accessKeyIdKey, config.accessKey.secretAccessKeyKey];
      for (const [objects, secrets] of [
        [repo.base, { 'mysql-secret': mysqlKeys }],
        [repo.iam, { 'mysql-secret': mysqlKeys }],
        [repo.accesskey, { 'mysql-secret': mysqlKeys, 'ml-pipeline-aws-secret': accessKeys }],
        [custom.accesskey, { 'db-creds': mysqlKeys, 'aws-creds': ['key-id', 'key-secret'] }],
      ] as Array<[any[], Record<string, string[]>]>) {
        const references = secretReferences(objects);
        expect(new Set(references.map((r) => r.secret))).toEqual(new Set(Object.keys(secrets)));
        for (const { secret, key } of references) expect(secrets[secret]).toContain(key);
      }
      const readme: string = synthFiles(SEED_OPTIONS)['README.md'];
      for (const secret of ['mysql-secret', 'ml-pipeline-aws-secret']) expect(readme).toContain(`kubectl -n kubeflow create secret generic ${secret}`);
      for (const issue of KFP_0_2_3.knownIssues) expect(readme).toContain(issue.summary);
    });

    test('every ServiceAccount a pod runs as, ConfigMap it reads and Service selector resolves', () => {
      for (const objects of installs()) {
        for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
          const pod = deployment.spec.template;
          expect(deployment.spec.selector.matchLabels).toEqual(pod.metadata.labels);
          if (pod.spec.serviceAccountName) findObject(objects, 'ServiceAccount', pod.spec.serviceAccountName);
          for (const container of pod.spec.containers) {
            for (const name of envNames(container)) expect(() => envOf(objects, container, name)).not.toThrow();
            for (const variable of expandedVariables(container)) expect(envNames(container)).toContain(variable);
          }
          for (const volume of pod.spec.volumes ?? []) {
            if (volume.configMap) findObject(objects, 'ConfigMap', volume.configMap.name);
            if (volume.persistentVolumeClaim) findObject(objects, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName);
          }
        }
        for (const service of objects.filter((o) => o.kind === 'Service')) {
          const [deployment] = selectedDeployments(objects, service.metadata.name);
          expect(selectedDeployments(objects, service.metadata.name)).toEqual([deployment]);
          const containers = findObject(objects, 'Deployment', deployment).spec.template.spec.containers;
          for (const port of service.spec.ports) {
            expect(containers.some((c: any) => targetContainerPort(port, c) !== undefined)).toBe(true);
          }
        }
      }
    });

    test('binds each Role, with the rules of the reference, to its ServiceAccount', () => {
      const bindings: Array<[string, string, string]> = [
        ['argo-binding', 'argo-role', 'argo'],
        ['ml-pipeline', 'ml-pipeline', 'ml-pipeline'],
        ['ml-pipeline-persistenceagent-binding', 'ml-pipeline-persistenceagent-role', 'ml-pipeline-persistenceagent'],
        ['ml-pipeline-scheduledworkflow-binding', 'ml-pipeline-scheduledworkflow-role', 'ml-pipeline-scheduledworkflow'],
        ['ml-pipeline-ui', 'ml-pipeline-ui', 'ml-pipeline-ui'],
        ['ml-pipeline-viewer-crd-binding', 'ml-pipeline-viewer-controller-role', 'ml-pipeline-viewer-crd-service-account'],
        ['kubeflow-pipelines-metadata-writer-binding', 'kubeflow-pipelines-metadata-writer-role', 'kubeflow-pipelines-metadata-writer'],
        ['pipeline-runner-binding', 'pipeline-runner', 'pipeline-runner'],
      ];
      for (const [binding, role, serviceAccount] of bindings) {
        expectBinding({
          bindings: repo.base,
          binding,
          bindingKind: 'RoleBinding',
          roles: repo.base,
          rules: KFP_0_2_3.rbac[role],
          serviceAccounts: repo.base,
          serviceAccount,
          namespace: 'kubeflow',
        });
      }
      expect(repo.base.filter((o) => o.kind === 'RoleBinding')).toHaveLength(bindings.length);
      expect(repo.base.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    });

    test('lets its namespace run Argo 2.3\'s executor, whose wait containers need SYS_PTRACE', () => {
      expect(findObject(repo.base, 'Namespace', 'kubeflow').metadata.labels)
        .toEqual({ 'application-crd-id': 'kubeflow-pipelines', 'pod-security.kubernetes.io/enforce': 'privileged' });
      expect(argoConfig(repo.base).containerRuntimeExecutor).toBe('pns');
    });
  });

  describe('Argo workflow controller', () => {
    test('runs steps with the PNS executor of Argo v2.12.13, which finds containers on systemd-cgroup nodes (the seed passed the controller image)', () => {
      const controller = containerOf(repo.base, 'workflow-controller', 'workflow-controller');
      // The flag wins over executorImage of the configuration: both name the same image.
      expect(controller.args).toEqual(['--configmap', 'workflow-controller-configmap', '--executor-image', ARGOEXEC]);
      expect(argoConfig(repo.base)).toMatchObject({ executorImage: ARGOEXEC, containerRuntimeExecutor: 'pns' });
      expect(controller.env).toBeUndefined();
      expect(findObject(repo.base, 'Deployment', 'workflow-controller').spec.template.spec.serviceAccountName).toBe('argo');
    });

    test('watches the install\'s namespace only, which its Role covers', () => {
      for (const objects of installs()) expect(argoConfig(objects).namespace).toBe('kubeflow');
    });

    test('stores artifacts and logs through s3.amazonaws.com with the region, so that the UI links them to S3', () => {
      // The 0.2.3 UI links an artifact to S3 only for this exact endpoint; minio-go sends it to the region's host.
      expect(argoConfig(repo.base).artifactRepository).toEqual({
        archiveLogs: true,
        s3: { endpoint: 's3.amazonaws.com', bucket: 'mlpipeline', region: 'ap-southeast-1', insecure: false, keyPrefix: 'artifacts' },
      });
      const customRepository = argoConfig(custom.base).artifactRepository;
      expect(customRepository.archiveLogs).toBe(false);
      expect(customRepository.s3.keyPrefix).toBe('kfp/art');
    });

    test('reads the access key from the Secret in overlay/accesskey only, and relies on the IAM role otherwise', () => {
      expect(argoConfig(custom.accesskey).artifactRepository.s3).toMatchObject({
        accessKeySecret: { name: 'aws-creds', key: 'key-id' },
        secretKeySecret: { name: 'aws-creds', key: 'key-secret' },
      });
      for (const objects of [repo.base, repo.iam]) {
        expect(Object.keys(argoConfig(objects).artifactRepository.s3).sort()).toEqual(['bucket', 'endpoint', 'insecure', 'keyPrefix', 'region']);
      }
    });
  });

  describe('api server', () => {
    test('mounts its own config.json over the image\'s only, keeping the image\'s sample_config.json', () => {
      const mount = apiServer(repo.base).volumeMounts.find((m: any) => m.mountPath.startsWith('/config'));
      expect(mount).toMatchObject({ mountPath: '/config/config.json', subPath: 'config.json', readOnly: true });
    });

    test('stores pipeline packages in the bucket\'s pipeline folder through the regional endpoint, with no key in the file', () => {
      for (const objects of installs()) {
        expect(apiServerConfig(objects).ObjectStoreConfig).toEqual({
          Host: 's3.ap-southeast-1.amazonaws.com', Region: 'ap-southeast-1', Secure: true, BucketName: 'mlpipeline', PipelineFolder: 'pipelines',
        });
      }
      expect(apiServerConfig(custom.base).ObjectStoreConfig.PipelineFolder).toBe('kfp/pkg');
    });

    test('reads the access key from the Secret in overlay/accesskey only', () => {
      const server = apiServer(custom.accesskey);
      expect(envOf(custom.accesskey, server, 'OBJECTSTORECONFIG_ACCESSKEY')).toEqual({ secret: 'aws-creds', key: 'key-id' });
      expect(envOf(custom.accesskey, server, 'OBJECTSTORECONFIG_SECRETACCESSKEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
      for (const objects of [repo.base, repo.iam]) {
        expect(envNames(apiServer(objects)).filter((n) => n.startsWith('OBJECTSTORECONFIG_'))).toEqual([]);
      }
    });

    test('connects to a database the init script creates, as the MySQL Secret\'s user', () => {
      const { DBConfig } = apiServerConfig(repo.base);
      const mysqlService = findObject(repo.base, 'Service', DBConfig.Host);
      expect(mysqlService.spec.ports.map((p: any) => String(p.port))).toEqual([DBConfig.Port]);
      expect(selectedDeployments(repo.base, DBConfig.Host)).toEqual(['mysql']);
      const sql = sourceInitScripts(repo.base, { MYSQL_USER: 'kfp', MYSQL_PASSWORD: 'p' }).stdout;
      expect(createdDatabases(sql)).toContain(DBConfig.DBName);
      const server = apiServer(custom.base);
      expect(envOf(custom.base, server, 'DBCONFIG_USER')).toEqual({ secret: 'db-creds', key: 'username' });
      expect(envOf(custom.base, server, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'db-creds', key: 'password' });
      expect(apiServerConfig(repo.base)).toMatchObject({ InitConnectionTimeout: '6m', DefaultPipelineRunnerServiceAccount: 'pipeline-runner' });
    });
  });

  describe('UI', () => {
    test('reads archived logs where Argo 2.3 writes them: <keyPrefix>/<workflow>/<pod>/main.log', () => {
      for (const objects of [...installs(), custom.base]) {
        const argo = argoConfig(objects).artifactRepository;
        const container = ui(objects);
        expect(envOf(objects, container, 'ARGO_ARCHIVE_LOGS')).toBe(String(argo.archiveLogs));
        expect(envOf(objects, container, 'ARGO_ARCHIVE_ARTIFACTORY')).toBe('s3');
        expect(envOf(objects, container, 'ARGO_ARCHIVE_BUCKETNAME')).toBe(argo.s3.bucket);
        expect(envOf(objects, container, 'ARGO_ARCHIVE_PREFIX')).toBe(argo.s3.keyPrefix);
        expect(envNames(container)).not.toContain('ARGO_KEYFORMAT');
      }
      expect(envOf(custom.base, ui(custom.base), 'ARGO_ARCHIVE_LOGS')).toBe('false');
    });

    test('reads the access key from the Secret in overlay/accesskey only', () => {
      expect(envOf(custom.accesskey, ui(custom.accesskey), 'AWS_ACCESS_KEY_ID')).toEqual({ secret: 'aws-creds', key: 'key-id' });
      expect(envOf(custom.accesskey, ui(custom.accesskey), 'AWS_SECRET_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
      for (const objects of [repo.base, repo.iam]) expect(envNames(ui(objects)).filter((n) => n.startsWith('AWS_'))).toEqual([]);
    });

    test('reads every mlpipeline-ui-metadata with its MinIO client aimed at S3: the key in overlay/accesskey, none in overlay/iam', () => {
      for (const objects of installs()) {
        const container = ui(objects);
        expect(envOf(objects, container, 'MINIO_HOST')).toBe('s3.amazonaws.com');
        expect(envOf(objects, container, 'MINIO_NAMESPACE')).toBe('');
        expect(envOf(objects, container, 'MINIO_PORT')).toBe('443');
        expect(envOf(objects, container, 'MINIO_SSL')).toBe('true');
      }
      expect(envOf(custom.accesskey, ui(custom.accesskey), 'MINIO_ACCESS_KEY')).toEqual({ secret: 'aws-creds', key: 'key-id' });
      expect(envOf(custom.accesskey, ui(custom.accesskey), 'MINIO_SECRET_KEY')).toEqual({ secret: 'aws-creds', key: 'key-secret' });
      // Empty, not the client's default minio123: it sends nothing signed with a public key.
      expect(envOf(repo.iam, ui(repo.iam), 'MINIO_ACCESS_KEY')).toBe('');
      expect(envOf(repo.iam, ui(repo.iam), 'MINIO_SECRET_KEY')).toBe('');
      expect(KFP_0_2_3.knownIssues.map((i) => i.summary).join(' ')).toMatch(/In `overlay\/iam` the UI shows no run-output visualizations/);
    });

    test('starts TensorBoard viewers from the seed\'s template ConfigMap, with the region', () => {
      expect(envOf(repo.base, ui(repo.base), 'VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH')).toBe('/etc/config/viewer-tensorboard-template.json');
      expect(findObject(repo.base, 'ConfigMap', 'ml-pipeline-ui-viewer-template').data).toHaveProperty(['viewer-tensorboard-template.json']);
      for (const objects of installs()) {
        const template = viewerTemplate(objects);
        expect(template.spec.containers[0].env).toContainEqual({ name: 'AWS_REGION', value: 'ap-southeast-1' });
        findObject(objects, 'ServiceAccount', template.spec.serviceAccountName);
      }
      expect(viewerTemplate(custom.accesskey).spec.containers[0].env).toEqual([
        { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'key-id' } } },
        { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'key-secret' } } },
        { name: 'AWS_REGION', value: 'ap-southeast-1' },
      ]);
    });

    test('puts the kube2iam role in the viewer template\'s pod metadata, not inside spec (the seed\'s bug)', () => {
      expect(viewerTemplate(repo.iam).metadata).toEqual({ annotations: { [KUBE2IAM_KEY]: ROLE_ARN } });
      expect(viewerTemplate(custom.iam).metadata).toEqual({ annotations: { 'kiam.example.com/role': 'kfp-role' } });
      expect(JSON.stringify(viewerTemplate(repo.iam).spec)).not.toContain(KUBE2IAM_KEY);
      for (const objects of [repo.base, repo.accesskey]) expect(viewerTemplate(objects).metadata).toBeUndefined();
    });
  });

  describe('credentials', () => {
    test('overlay/iam with kube2iam (the default): the role on the pod metadata of every pod that reaches S3', () => {
      expect(resolveConfig({ name: 'x', ...SEED_OPTIONS }).iam.mechanism).toBe(IamMechanism.KUBE2IAM);
      for (const deployment of S3_PODS) {
        expect(podAnnotationsOf(repo.iam, deployment)).toEqual({ [KUBE2IAM_KEY]: ROLE_ARN });
        expect(podAnnotationsOf(custom.iam, deployment)).toEqual({ 'kiam.example.com/role': 'kfp-role' });
      }
      // The controller has no S3 client: no role.
      expect(podAnnotationsOf(repo.iam, 'workflow-controller')).toBeUndefined();
      for (const name of S3_SERVICE_ACCOUNTS) expect(findObject(repo.iam, 'ServiceAccount', name).metadata.annotations).toBeUndefined();
      // Argo 2.3 has no workflow defaults that could annotate step pods: they get kube2iam's default role, which deploy checks.
      expect(argoConfig(repo.iam)).not.toHaveProperty('workflowDefaults');
      expect(KFP_0_2_3.knownIssues.map((i) => i.summary).join(' ')).toMatch(/pipeline step pods do not carry a role annotation/);
    });

    test('puts the role only where it acts, not on every object as the seed\'s commonAnnotations did', () => {
      const carrying = (objects: readonly any[]) => objects
        .filter((o) => JSON.stringify(o).includes(ROLE_ARN)).map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(carrying(repo.iam)).toEqual([
        ...S3_PODS.map((d) => `Deployment/${d}`), 'ConfigMap/ml-pipeline-ui-viewer-template',
      ].sort());
    });

    test('overlay/iam has no key anywhere; the base has neither keys nor roles', () => {
      for (const objects of [repo.iam, custom.iam, repo.base]) {
        expect(JSON.stringify(objects)).not.toMatch(/ml-pipeline-aws-secret|aws-creds|AWS_ACCESS_KEY_ID|OBJECTSTORECONFIG_ACCESSKEY|accessKeySecret/);
      }
      expect(JSON.stringify(repo.base)).not.toMatch(/iam\.amazonaws\.com|role-arn/);
    });

    test('overlay/accesskey feeds one Secret to the api server, the UI, Argo, the viewers and the visualization server', () => {
      const objects = custom.accesskey;
      const users = secretReferences(objects).filter((r) => r.secret === 'aws-creds');
      // api server 2, UI 4 (its S3 and MinIO clients), Argo 2, viewer template 2, visualization server 2.
      expect(users).toHaveLength(12);
      const visualization = containerOf(objects, 'ml-pipeline-visualizationserver', 'ml-pipeline-visualizationserver');
      expect(envOf(objects, visualization, 'AWS_ACCESS_KEY_ID')).toEqual({ secret: 'aws-creds', key: 'key-id' });
      expect(envOf(objects, visualization, 'AWS_REGION')).toBe('ap-southeast-1');
      for (const deployment of S3_PODS) expect(podAnnotationsOf(objects, deployment)).toBeUndefined();
    });
  });

  describe('MySQL and ML Metadata', () => {
    test('runs the official MySQL 5.6 image without 8.4\'s options, credentials from the Secret', () => {
      const mysql = containerOf(repo.base, 'mysql', 'mysql');
      expect(mysql.args).toEqual(['--datadir', '/var/lib/mysql']);
      expect(envOf(custom.base, containerOf(custom.base, 'mysql', 'mysql'), 'MYSQL_ROOT_PASSWORD')).toEqual({ secret: 'db-creds', key: 'root-password' });
      expect(mysql.volumeMounts.map((m: any) => m.mountPath)).not.toContain('/usr/local/bin/docker-entrypoint.sh');
    });

    test('the init script creates mlpipeline and metadb, no cache database, and grants them to the Secret\'s user', () => {
      const result = sourceInitScripts(repo.base, { MYSQL_USER: 'kfp', MYSQL_PASSWORD: 'not-in-the-repo' });
      expect(result.status).toBe(0);
      expect(createdDatabases(result.stdout)).toEqual(['mlpipeline', 'metadb']);
      expect(grants(result.stdout)).toEqual(['kfp@mlpipeline', 'kfp@metadb']);
    });

    test('the metadata server uses metadb through metadata-mysql-configmap, as the Secret\'s user', () => {
      const server = containerOf(custom.base, 'metadata-deployment', 'container');
      expect(server.args[0]).toBe('--grpc_port=8080');
      expect(envOf(custom.base, server, 'MYSQL_DATABASE')).toBe('metadb');
      expect(envOf(custom.base, server, 'MYSQL_HOST')).toBe('mysql');
      expect(envOf(custom.base, server, 'MYSQL_PORT')).toBe('3306');
      expect(envOf(custom.base, server, 'DBCONFIG_USER')).toEqual({ secret: 'db-creds', key: 'username' });
      expect(envOf(custom.base, server, 'DBCONFIG_PASSWORD')).toEqual({ secret: 'db-creds', key: 'password' });
      expect(server.env.find((e: any) => e.name === 'MYSQL_DATABASE').valueFrom.configMapKeyRef.name).toBe('metadata-mysql-configmap');
    });

    test('serves ML Metadata as metadata-service and the UI\'s gRPC-Web as metadata-envoy-service, as 0.2.3 named them', () => {
      expect(selectedDeployments(repo.base, 'metadata-service')).toEqual(['metadata-deployment']);
      expect(selectedDeployments(repo.base, 'metadata-envoy-service')).toEqual(['metadata-envoy']);
      expect(findObject(repo.base, 'ConfigMap', 'metadata-grpc-configmap').data)
        .toEqual({ METADATA_GRPC_SERVICE_HOST: 'metadata-service', METADATA_GRPC_SERVICE_PORT: '8080' });
      // Upstream's lower-case copy of the database settings has no reader in 0.2.3.
      expect(repo.base.filter((o) => o.metadata.name === 'metadata-configmap')).toEqual([]);
    });
  });
});
