import { Construct } from 'constructs';
import { S3Consumer } from '../../../config';
import type { KfpComponentProps } from '../../component';
import { plainServerDeployment, s3Server } from '../../workload';
import { VISUALIZATION_SERVER, VISUALIZATION_SERVER_PORT, visualizationServerCommon, visualizationServerContainer } from '../visualization-server';

/**
 * The KFP 0.x server that renders Python visualizations for the UI. They read their sources (often artifacts in S3)
 * from this pod, so it gets an AWS identity of its own (`iam.roleArns.visualizationServer`) and the region.
 */
export class PlainVisualizationServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    visualizationServerCommon(this, props);

    plainServerDeployment(this, {
      ...s3Server(config, variant, VISUALIZATION_SERVER, S3Consumer.VISUALIZATION_SERVER),
      containers: [{
        ...visualizationServerContainer(props),
        ports: [{ containerPort: VISUALIZATION_SERVER_PORT }],
      }],
    });
  }
}
