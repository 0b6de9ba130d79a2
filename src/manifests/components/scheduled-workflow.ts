import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { crdOf, imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { serverDeployment } from '../workload';
import { apiServerToken, waitForApiServer } from './api-server';
import { customResourceDefinition } from './argo-crds';
import { installConfigEnv } from './pipeline-install-config';

const NAME = 'ml-pipeline-scheduledworkflow';
const METRICS_PORT = 9090;

/** The controller of recurring runs: turns ScheduledWorkflow resources into runs. Its CRD goes to the cluster scope. */
export class ScheduledWorkflowController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    customResourceDefinition(props.clusterScope, crdOf(config.release, 'ScheduledWorkflow'));

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME } });

    boundRole(this, config, {
      role: `${NAME}-role`,
      binding: `${NAME}-binding`,
      subject: serviceAccountSubject(config, NAME),
      roleLabels: { app: `${NAME}-role` },
    });

    const token = apiServerToken('scheduledworkflow-sa-token');
    serverDeployment(this, {
      app: NAME,
      serviceAccountName: NAME,
      initContainers: [waitForApiServer(config.release)],
      containers: [{
        name: NAME,
        image: imageOf(config.release, 'scheduledWorkflow'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          { name: 'METRICS_PORT', value: String(METRICS_PORT) },
          { name: 'CLIENT_QPS', value: '10' },
          { name: 'RESYNC_INTERVAL_SECONDS', value: '30' },
          { name: 'CLIENT_BURST', value: '20' },
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          installConfigEnv('CRON_SCHEDULE_TIMEZONE', 'cronScheduleTimezone'),
        ],
        ports: [{ name: 'http', containerPort: METRICS_PORT }],
        securityContext: KFP_CONTAINER,
        volumeMounts: [token.mount],
      }],
      volumes: [token.volume],
    });
  }
}
