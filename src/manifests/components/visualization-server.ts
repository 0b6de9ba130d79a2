import type { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import { S3Consumer } from '../../config';
import { s3ReaderEnv, serviceAccountAnnotations } from '../aws';
import type { KfpComponentProps } from '../component';
import { KubeServiceAccount } from '../kube';
import { KFP_CONTAINER } from '../security';
import { httpProbe, requests, s3Server, serverDeployment, serverService, tcpPort } from '../workload';

/** The server's name: its Service, Deployment, container and ServiceAccount. */
export const VISUALIZATION_SERVER = 'ml-pipeline-visualizationserver';
/** The server's HTTP port, on the pods and on the Service. */
export const VISUALIZATION_SERVER_PORT = 8888;

/**
 * The server that renders Python visualizations for the UI. The 2.17.0 image cannot read S3 (TensorFlow 2.21 without
 * tensorflow-io, no boto3 or s3fs; it reads no AWS setting: `backend/src/apiserver/visualization/requirements.txt`,
 * `server.py`), so it gets neither S3 settings nor a role; the KFP 0.2.3 one reads `s3://` sources through
 * TensorFlow's S3 filesystem, as the viewers do.
 */
export class VisualizationServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    visualizationServerCommon(this, props);

    const probe = httpProbe('/', VISUALIZATION_SERVER_PORT);
    serverDeployment(this, {
      ...s3Server(config, variant, VISUALIZATION_SERVER, S3Consumer.VISUALIZATION_SERVER),
      containers: [{
        ...visualizationServerContainer(props),
        ports: [{ name: 'http', containerPort: VISUALIZATION_SERVER_PORT }],
        livenessProbe: probe,
        readinessProbe: probe,
        resources: requests('30m', '500Mi'),
        securityContext: KFP_CONTAINER,
      }],
    });
  }
}

/** The server's container in every layout: the image and, where its release's image reads S3, what it needs for that. */
export function visualizationServerContainer(props: KfpComponentProps): k8s.Container {
  const { config, variant } = props;
  const readsS3 = config.release.s3Consumers.includes(S3Consumer.VISUALIZATION_SERVER);
  return {
    name: VISUALIZATION_SERVER,
    image: imageOf(config.release, 'visualizationServer'),
    imagePullPolicy: 'IfNotPresent',
    env: readsS3 ? s3ReaderEnv(config, variant) : undefined,
  };
}

/** The server's ServiceAccount (annotated for IRSA) and Service, the same in every layout. */
export function visualizationServerCommon(scope: Construct, props: KfpComponentProps): void {
  new KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name: VISUALIZATION_SERVER, annotations: serviceAccountAnnotations(props.config, props.variant, S3Consumer.VISUALIZATION_SERVER) },
  });
  serverService(scope, VISUALIZATION_SERVER, [tcpPort('http', VISUALIZATION_SERVER_PORT)]);
}
