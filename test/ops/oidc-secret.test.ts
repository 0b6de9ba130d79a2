import * as fs from 'fs';
import * as path from 'path';
import { changes, Cluster, KubeObject, runScript } from './kubectl-stub';
import { CERTIFICATE, OIDC as IDP } from '../load-balancer-fixtures';
import { parseYaml, synthToDisk } from '../util';

const OIDC = { ...IDP, secretName: 'kfp-oidc' };
const CLIENT_ID = 'kfp-ui-client';
const CLIENT_SECRET = 'example-oidc-client-secret-0001';
const ALB_CLASS: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb' } };

describe('create-oidc-secret.sh', () => {
  const repo = synthToDisk({ namespace: 'ml', uiLoadBalancer: { certificateArn: CERTIFICATE, oidc: OIDC } });

  test('applies the Secret with the keys the controller reads, from the environment, without showing the values', () => {
    const run = runScript(repo, 'create-oidc-secret.sh', [], {
      cluster: { context: 'prod', namespaces: ['ml'] },
      env: { KFP_OIDC_CLIENT_ID: CLIENT_ID, KFP_OIDC_CLIENT_SECRET: CLIENT_SECRET },
    });
    expect(run.status).toBe(0);
    const secret = run.calls.filter((c) => c.args.join(' ') === 'apply -f -').map((c) => parseYaml(c.stdin!)[0]).find((o) => o.kind === 'Secret');
    expect(secret.metadata).toMatchObject({ name: 'kfp-oidc', namespace: 'ml' });
    const values = Object.fromEntries(Object.entries<string>(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(values).toEqual({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(changes(run.calls).map((c) => c.args.join(' '))).toEqual(['apply -f -']);
    for (const value of [CLIENT_ID, CLIENT_SECRET]) {
      expect(run.calls.flatMap((c) => c.args).join('\n')).not.toContain(value);
      expect(run.stdout + run.stderr).not.toContain(value);
    }
    expect(run.stderr + run.stdout).toContain('The AWS Load Balancer Controller reads it');
  });

  test('stops, naming the variable and the env file, while a value is missing', () => {
    const run = runScript(repo, 'create-oidc-secret.sh', [], { cluster: { context: 'prod', namespaces: ['ml'] }, env: { KFP_OIDC_CLIENT_ID: CLIENT_ID } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('KFP_OIDC_CLIENT_SECRET is not set: export it, or set it in ui-oidc.env');
    expect(changes(run.calls)).toEqual([]);
  });

  test('its env example names the variables and no value, and Git ignores the real file', () => {
    const example = fs.readFileSync(path.join(repo, 'ui-oidc.env.example'), 'utf-8');
    expect(example).toMatch(/^KFP_OIDC_CLIENT_ID=$/m);
    expect(example).toMatch(/^KFP_OIDC_CLIENT_SECRET=$/m);
    expect(example).toContain('/oauth2/idpresponse');
    expect(fs.readFileSync(path.join(repo, '.gitignore'), 'utf-8')).toMatch(/^\*\.env$/m);
  });

  test('create-secrets runs it', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(repo, '.projen/tasks.json'), 'utf-8')).tasks;
    expect(tasks['create-secrets'].steps.map((s: any) => s.exec)).toContain('scripts/create-oidc-secret.sh');
  });
});

describe('install.sh with the UI load balancer', () => {
  const repo = synthToDisk({ bucket: 'acme-kfp', namespace: 'ml', externalDatabase: { host: 'db.example.com' }, uiLoadBalancer: { certificateArn: CERTIFICATE, oidc: OIDC } });
  const ready: Cluster = { context: 'prod', namespaces: ['ml'], secrets: ['mysql-secret', 'ml-pipeline-ui-secret', 'ml-pipeline-aws-secret', 'kfp-oidc'], objects: [ALB_CLASS] };

  test('applies the overlay once the OIDC Secret and IngressClass alb exist', () => {
    const run = runScript(repo, 'install.sh', ['accesskey', '--yes'], { cluster: ready });
    expect(run.stderr).not.toContain('is missing');
    expect(run.status).toBe(0);
    expect(changes(run.calls).map((c) => c.args.join(' '))).toContain('apply -k overlay/accesskey');
  });

  test('names the missing OIDC Secret and the missing IngressClass, and changes nothing', () => {
    const run = runScript(repo, 'install.sh', ['accesskey'], { cluster: { ...ready, secrets: ['mysql-secret', 'ml-pipeline-ui-secret', 'ml-pipeline-aws-secret'], objects: [] } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Secret kfp-oidc is missing in namespace ml: create it with scripts/create-oidc-secret.sh');
    expect(run.stderr).toContain('IngressClass alb is missing: install the AWS Load Balancer Controller');
    expect(changes(run.calls)).toEqual([]);
  });
});
