import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import type { KfpComponentProps } from '../component';
import { boundRole, serviceAccountSubject } from '../rbac';
import { KFP_CONTAINER } from '../security';
import { requests, serverDeployment } from '../workload';
import { apiServerToken, waitForApiServer } from './api-server';

const NAME = 'ml-pipeline-persistenceagent';

/** Watches workflows and scheduled workflows and reports their state to the api server, which stores it in MySQL. */
export class PersistenceAgent extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME } });

    boundRole(this, config, {
      role: `${NAME}-role`,
      binding: `${NAME}-binding`,
      subject: serviceAccountSubject(config, NAME),
    });

    const token = apiServerToken('persistenceagent-sa-token');
    serverDeployment(this, {
      app: NAME,
      serviceAccountName: NAME,
      initContainers: [waitForApiServer(config.release)],
      containers: [{
        name: NAME,
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
