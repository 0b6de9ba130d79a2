import type { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-32';
import type { Construct } from 'constructs';
import type { KfpConfig, S3Consumer } from '../config';
import { podAnnotations } from './aws';
import { KubeDeployment, KubeService, intOrString, quantity } from './kube';
import { workloadLabels } from './labels';
import { RESTRICTED_POD } from './security';
import type { Variant } from './variant';

/** The pod annotation upstream puts on its stateless servers: the cluster autoscaler may evict them to scale down. */
const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };

/** What {@link serverDeployment} and {@link plainServerDeployment} create. */
export interface ServerDeploymentProps {
  /** Name of the Deployment and its `app` label; the pods' labels are {@link workloadLabels} of it. */
  readonly app: string;
  readonly serviceAccountName: string;
  /** Pod annotations, such as kube2iam's role. */
  readonly podAnnotations?: Record<string, string>;
  /** Set where upstream pins the replica count. */
  readonly replicas?: number;
  readonly initContainers?: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
}

/**
 * The identity of a KFP server whose pods reach S3 as `consumer`: Deployment `app` runs as ServiceAccount `app` (which
 * IRSA annotates) and carries the variant's pod annotations with the consumer's role (kube2iam).
 */
export function s3Server(config: KfpConfig, variant: Variant | undefined, app: string, consumer: S3Consumer): Pick<ServerDeploymentProps, 'app' | 'serviceAccountName' | 'podAnnotations'> {
  return { app, serviceAccountName: app, podAnnotations: podAnnotations(config, variant, consumer) };
}

/** A Deployment of a stateless KFP server as upstream 2.x runs them: restricted pods the autoscaler may evict. */
export function serverDeployment(scope: Construct, props: ServerDeploymentProps): ApiObject {
  return appDeployment(scope, props, { annotations: SAFE_TO_EVICT, securityContext: RESTRICTED_POD });
}

/** A Deployment of a KFP server as upstream 0.x runs them: pods as their images expect them. */
export function plainServerDeployment(scope: Construct, props: ServerDeploymentProps): ApiObject {
  return appDeployment(scope, props);
}

/** What a layout puts on every server pod. */
interface PodDefaults {
  readonly annotations?: Record<string, string>;
  readonly securityContext?: k8s.PodSecurityContext;
}

function appDeployment(scope: Construct, props: ServerDeploymentProps, defaults: PodDefaults = {}): ApiObject {
  const labels = workloadLabels({ app: props.app });
  const annotations = { ...defaults.annotations, ...props.podAnnotations };
  return new KubeDeployment(scope, 'Deployment', {
    metadata: { name: props.app, labels: { app: props.app } },
    spec: {
      replicas: props.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
        spec: {
          serviceAccountName: props.serviceAccountName,
          securityContext: defaults.securityContext,
          initContainers: props.initContainers,
          containers: props.containers,
          volumes: props.volumes,
        },
      },
    },
  });
}

/** A Service named `app` in front of the pods of {@link serverDeployment} `app`. */
export function serverService(scope: Construct, app: string, ports: k8s.ServicePort[], metadata: Omit<k8s.ObjectMeta, 'name'> = {}): ApiObject {
  return new KubeService(scope, 'Service', {
    metadata: { ...metadata, name: app },
    spec: { selector: workloadLabels({ app }), ports },
  });
}

/** A TCP port of a Service. */
export function tcpPort(name: string, port: number, targetPort = port): k8s.ServicePort {
  return { name, port, protocol: 'TCP', targetPort: intOrString(targetPort) };
}

/** An HTTP probe with upstream's timing (after 3 s, every 5 s, 2 s timeout). */
export function httpProbe(path: string, port: number): k8s.Probe {
  return {
    httpGet: { path, port: intOrString(port) },
    initialDelaySeconds: 3,
    periodSeconds: 5,
    timeoutSeconds: 2,
  };
}

/** CPU and memory requests of a container (upstream sets no limits on its servers). */
export function requests(cpu: string, memory: string): k8s.ResourceRequirements {
  return { requests: { cpu: quantity(cpu), memory: quantity(memory) } };
}

/** An environment variable holding the pod's namespace, which KFP's servers watch or report. */
export function namespaceEnv(name: string): k8s.EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
}

/** What {@link singleReplicaDeployment} creates. */
export interface SingleReplicaDeploymentProps {
  readonly name: string;
  /** Labels of the Deployment itself. */
  readonly labels: Record<string, string>;
  /** Labels of its pods, which are also its selector. */
  readonly podLabels: Record<string, string>;
  readonly serviceAccountName: string;
  readonly initContainers?: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
}

/** A Deployment upstream 2.x pins to one replica of restricted pods (metadata server and writer, cache server). */
export function singleReplicaDeployment(scope: Construct, props: SingleReplicaDeploymentProps): ApiObject {
  return new KubeDeployment(scope, 'Deployment', {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: props.podLabels },
      template: {
        metadata: { labels: props.podLabels },
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
