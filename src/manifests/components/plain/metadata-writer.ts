import { Construct } from 'constructs';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';
import { namespaceEnv, plainServerDeployment } from '../../workload';
import { METADATA_WRITER, METADATA_WRITER_SERVICE_ACCOUNT, metadataWriterAccount } from '../metadata-writer';

/** The KFP 0.x writer that records the executions and artifacts of the namespace's pipeline pods in ML Metadata. */
export class PlainMetadataWriter extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    metadataWriterAccount(this, props);
    plainServerDeployment(this, {
      app: METADATA_WRITER,
      replicas: 1,
      serviceAccountName: METADATA_WRITER_SERVICE_ACCOUNT,
      containers: [{
        name: 'main',
        image: imageOf(props.config.release, 'metadataWriter'),
        env: [namespaceEnv('NAMESPACE_TO_WATCH')],
      }],
    });
  }
}
