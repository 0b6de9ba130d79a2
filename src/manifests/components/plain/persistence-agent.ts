import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';
import { namespaceEnv } from '../../workload';
import { PERSISTENCE_AGENT, persistenceAgentAccount } from '../persistence-agent';
import { plainController } from './controller';

/** The KFP 0.x agent that reports the state of the namespace's workflows to the api server. */
export class PlainPersistenceAgent extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    persistenceAgentAccount(this, props);
    plainController(this, {
      app: PERSISTENCE_AGENT,
      serviceAccountName: PERSISTENCE_AGENT,
      image: imageOf(props.config.release, 'persistenceAgent'),
      imagePullPolicy: 'IfNotPresent',
      env: [namespaceEnv('NAMESPACE')],
    });
  }
}
