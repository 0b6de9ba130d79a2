import { Construct } from 'constructs';
import { crdOf, imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { accountWithRole } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { serverDeployment } from '../workload';
import { apiServerToken, waitForApiServer } from './api-server';
import { customResourceDefinition } from './argo-crds';
import { installConfigEnv } from './pipeline-install-config';

/** The controller's name: its Deployment, container and ServiceAccount. */
export const SCHEDULED_WORKFLOW = 'ml-pipeline-scheduledworkflow';
const METRICS_PORT = 9090;

/** The controller of recurring runs: turns ScheduledWorkflow resources into runs. Its CRD goes to the cluster scope. */
export class ScheduledWorkflowController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    scheduledWorkflowCommon(this, props);

    const token = apiServerToken('scheduledworkflow-sa-token');
    serverDeployment(this, {
      app: SCHEDULED_WORKFLOW,
      serviceAccountName: SCHEDULED_WORKFLOW,
      initContainers: [waitForApiServer(config.release)],
      containers: [{
        name: SCHEDULED_WORKFLOW,
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

/** The controller's CRD (to the cluster scope), ServiceAccount and Role, the same in every layout. */
export function scheduledWorkflowCommon(scope: Construct, props: KfpComponentProps): void {
  customResourceDefinition(props.clusterScope, crdOf(props.config.release, 'ScheduledWorkflow'));
  accountWithRole(scope, props.config, {
    serviceAccount: SCHEDULED_WORKFLOW,
    role: `${SCHEDULED_WORKFLOW}-role`,
    binding: `${SCHEDULED_WORKFLOW}-binding`,
    roleLabels: { app: `${SCHEDULED_WORKFLOW}-role` },
  });
}
