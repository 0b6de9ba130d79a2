import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';
import { namespaceEnv } from '../../workload';
import { SCHEDULED_WORKFLOW, scheduledWorkflowCommon } from '../scheduled-workflow';
import { plainController } from './controller';

/** The KFP 0.x controller of recurring runs; its CRD goes to the cluster scope. */
export class PlainScheduledWorkflowController extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    scheduledWorkflowCommon(this, props);
    plainController(this, {
      app: SCHEDULED_WORKFLOW,
      serviceAccountName: SCHEDULED_WORKFLOW,
      image: imageOf(props.config.release, 'scheduledWorkflow'),
      imagePullPolicy: 'IfNotPresent',
      env: [namespaceEnv('NAMESPACE')],
    });
  }
}
