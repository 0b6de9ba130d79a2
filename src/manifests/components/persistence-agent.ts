import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { accountWithRole } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { requests, serverDeployment } from '../workload';
import { apiServerToken, waitForApiServer } from './api-server';

/** The agent's name: its Deployment, container and ServiceAccount. */
export const PERSISTENCE_AGENT = 'ml-pipeline-persistenceagent';

/** Watches workflows and scheduled workflows and reports their state to the api server, which stores it in MySQL. */
export class PersistenceAgent extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    persistenceAgentAccount(this, props);

    const token = apiServerToken('persistenceagent-sa-token');
    serverDeployment(this, {
      app: PERSISTENCE_AGENT,
      serviceAccountName: PERSISTENCE_AGENT,
      initContainers: [waitForApiServer(config.release)],
      containers: [{
        name: PERSISTENCE_AGENT,
        image: imageOf(config.release, 'persistenceAgent'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'TTL_SECONDS_AFTER_WORKFLOW_FINISH', value: '86400' },
          { name: 'NUM_WORKERS', value: '2' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        resources: requests('120m', '500Mi'),
        securityContext: KFP_CONTAINER,
        volumeMounts: [token.mount],
      }],
      volumes: [token.volume],
    });
  }
}

/** The agent's ServiceAccount and its Role, the same in every layout. */
export function persistenceAgentAccount(scope: Construct, props: KfpComponentProps): void {
  accountWithRole(scope, props.config, {
    serviceAccount: PERSISTENCE_AGENT,
    role: `${PERSISTENCE_AGENT}-role`,
    binding: `${PERSISTENCE_AGENT}-binding`,
  });
}
