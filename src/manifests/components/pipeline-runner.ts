import { Construct } from 'constructs';
import { S3Consumer } from '../../config';
import { serviceAccountAnnotations } from '../aws';
import type { KfpComponentProps } from '../component';
import { KubeServiceAccount } from '../kube';
import { boundRole, serviceAccountSubject } from '../rbac';

/** The ServiceAccount every pipeline step runs as; the Argo executor in those pods writes artifacts and logs to S3. */
export const PIPELINE_RUNNER = 'pipeline-runner';

/** The identity of pipeline steps: ServiceAccount `pipeline-runner` and its Role. */
export class PipelineRunner extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: PIPELINE_RUNNER, annotations: serviceAccountAnnotations(config, variant, S3Consumer.PIPELINE_RUNNER) },
    });

    boundRole(this, config, {
      role: PIPELINE_RUNNER,
      binding: `${PIPELINE_RUNNER}-binding`,
      subject: serviceAccountSubject(config, PIPELINE_RUNNER),
    });
  }
}
