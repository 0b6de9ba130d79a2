import { Construct } from 'constructs';
import { S3Consumer } from '../../../config';
import { plainFrontendS3Env } from '../../aws';
import type { KfpComponentProps } from '../../component';
import { intOrString } from '../../kube';
import { plainServerDeployment, s3Server, serverService } from '../../workload';
import { UI, UI_PORT, UI_SERVICE_PORT, uiCommon, uiContainer } from '../ui';

/**
 * The KFP 0.x web UI. It reads archived logs from S3 where Argo 2.x writes them and starts TensorBoard viewers from a
 * pod template with the S3 settings; its two S3 clients are aimed at the store by {@link plainFrontendS3Env}.
 */
export class PlainUi extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    // The ConfigMap's and the file's names are the seed's, which its users know.
    const template = uiCommon(this, props, { configMap: 'ml-pipeline-ui-viewer-template', file: 'viewer-tensorboard-template.json' });

    serverService(this, UI, [{ port: UI_SERVICE_PORT, targetPort: intOrString(UI_PORT) }], { labels: { app: UI } });

    plainServerDeployment(this, {
      ...s3Server(config, variant, UI, S3Consumer.UI),
      containers: [{
        ...uiContainer(props),
        env: [
          ...plainFrontendS3Env(config, variant),
          template.env,
          { name: 'ALLOW_CUSTOM_VISUALIZATIONS', value: 'true' },
        ],
        ports: [{ containerPort: UI_PORT }],
        volumeMounts: [template.mount],
      }],
      volumes: [template.volume],
    });
  }
}
