import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import { awsSdkEnv, podAnnotations, serviceAccountAnnotations } from '../aws';
import type { KfpComponentProps } from '../component';
import { KFP_CONTAINER } from '../security';
import { httpProbe, requests, serverDeployment, serverService, tcpPort } from '../workload';

const NAME = 'ml-pipeline-visualizationserver';
const PORT = 8888;

/**
 * The server that renders Python visualizations for the UI. The visualizations read their sources (often
 * artifacts in S3) from this pod, so it gets the same AWS identity as the api server.
 */
export class VisualizationServer extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: NAME, annotations: serviceAccountAnnotations(config, variant) },
    });

    serverService(this, NAME, [tcpPort('http', PORT)]);

    const probe = httpProbe('/', PORT);
    serverDeployment(this, {
      app: NAME,
      serviceAccountName: NAME,
      podAnnotations: podAnnotations(config, variant),
      containers: [{
        name: NAME,
        image: imageOf(config.release, 'visualizationServer'),
        imagePullPolicy: 'IfNotPresent',
        env: awsSdkEnv(config, variant),
        ports: [{ name: 'http', containerPort: PORT }],
        livenessProbe: probe,
        readinessProbe: probe,
        resources: requests('30m', '500Mi'),
        securityContext: KFP_CONTAINER,
      }],
    });
  }
}
