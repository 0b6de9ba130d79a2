import * as k8s from 'cdk8s-plus-32/lib/imports/k8s';
import type { Construct } from 'constructs';
import { workloadLabels } from './labels';
import { RESTRICTED_POD } from './security';

/** The pod annotation upstream puts on its stateless servers: the cluster autoscaler may evict them to scale down. */
const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };

/** What {@link serverDeployment} creates. */
export interface ServerDeploymentProps {
  /** Name of the Deployment and its `app` label; the pods' labels are {@link workloadLabels} of it. */
  readonly app: string;
  readonly serviceAccountName: string;
  /** Pod annotations besides safe-to-evict, such as kube2iam's role. */
  readonly podAnnotations?: Record<string, string>;
  readonly initContainers?: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
}

/** A Deployment of a stateless KFP server as upstream 2.x runs them: restricted pods the autoscaler may evict. */
export function serverDeployment(scope: Construct, props: ServerDeploymentProps): k8s.KubeDeployment {
  const labels = workloadLabels({ app: props.app });
  return new k8s.KubeDeployment(scope, 'Deployment', {
    metadata: { name: props.app, labels: { app: props.app } },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { ...SAFE_TO_EVICT, ...props.podAnnotations } },
        spec: {
          serviceAccountName: props.serviceAccountName,
          securityContext: RESTRICTED_POD,
          initContainers: props.initContainers,
          containers: props.containers,
          volumes: props.volumes,
        },
      },
    },
  });
}

/** A Service named `app` in front of the pods of {@link serverDeployment} `app`. */
export function serverService(scope: Construct, app: string, ports: k8s.ServicePort[], metadata: Omit<k8s.ObjectMeta, 'name'> = {}): k8s.KubeService {
  return new k8s.KubeService(scope, 'Service', {
    metadata: { ...metadata, name: app },
    spec: { selector: workloadLabels({ app }), ports },
  });
}

/** A TCP port of a Service. */
export function tcpPort(name: string, port: number, targetPort = port): k8s.ServicePort {
  return { name, port, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(targetPort) };
}

/** An HTTP probe with upstream's timing (after 3 s, every 5 s, 2 s timeout). */
export function httpProbe(path: string, port: number): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromNumber(port) },
    initialDelaySeconds: 3,
    periodSeconds: 5,
    timeoutSeconds: 2,
  };
}

/** CPU and memory requests of a container (upstream sets no limits on its servers). */
export function requests(cpu: string, memory: string): k8s.ResourceRequirements {
  return { requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) } };
}
