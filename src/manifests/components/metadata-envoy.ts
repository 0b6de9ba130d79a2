import { Construct } from 'constructs';
import { imageOf } from '../../catalog';
import { toYaml } from '../../yaml';
import type { KfpComponentProps } from '../component';
import { workloadLabels } from '../labels';
import { KFP_CONTAINER, RESTRICTED_POD } from '../security';
import { METADATA_GRPC_PORT, METADATA_GRPC_SERVICE } from './metadata-grpc';
import { KubeConfigMap, KubeDeployment, KubeService } from '../kube';

const NAME = 'metadata-envoy-deployment';
const CONFIG_MAP = 'metadata-envoy-configmap';
const CONFIG_FILE = 'envoy-config.yaml';
const CONFIG_DIR = '/etc/envoy';
const LISTEN_PORT = 9090;
const ADMIN_PORT = 9901;

const SELECTOR = workloadLabels({ component: 'metadata-envoy' });

const CORS_HEADERS = [
  'keep-alive', 'user-agent', 'cache-control', 'content-type', 'content-transfer-encoding', 'custom-header-1',
  'x-accept-content-transfer-encoding', 'x-accept-response-streaming', 'x-user-agent', 'x-grpc-web', 'grpc-timeout',
];

/** Envoy's name for a filter and the type of its configuration. */
function typed(name: string, type: string, config: Record<string, unknown> = {}) {
  return { name, typed_config: { '@type': `type.googleapis.com/${type}`, ...config } };
}

/**
 * Envoy translates the browser's gRPC-Web calls (port 9090, any origin through CORS) into gRPC to the metadata
 * server; the admin interface listens on 9901.
 */
function envoyConfig(): Record<string, unknown> {
  const cors = typed('envoy.filters.http.cors', 'envoy.extensions.filters.http.cors.v3.CorsPolicy', {
    allow_origin_string_match: [{ safe_regex: { regex: '.*' } }],
    allow_methods: 'GET, PUT, DELETE, POST, OPTIONS',
    allow_headers: CORS_HEADERS.join(','),
    expose_headers: 'custom-header-1,grpc-status,grpc-message',
    max_age: '1728000',
  });
  return {
    admin: {
      access_log: [typed('admin_access', 'envoy.extensions.access_loggers.file.v3.FileAccessLog', { path: '/tmp/admin_access.log' })],
      address: { socket_address: { address: '0.0.0.0', port_value: ADMIN_PORT } },
    },
    static_resources: {
      listeners: [{
        name: 'listener_0',
        address: { socket_address: { address: '0.0.0.0', port_value: LISTEN_PORT } },
        filter_chains: [{
          filters: [typed('envoy.filters.network.http_connection_manager',
            'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
              codec_type: 'AUTO',
              stat_prefix: 'ingress_http',
              route_config: {
                name: 'local_route',
                virtual_hosts: [{
                  name: 'local_service',
                  domains: ['*'],
                  routes: [{
                    match: { prefix: '/' },
                    // A gRPC-Web client's grpc-timeout header sets the deadline; without one, no deadline.
                    route: { cluster: 'metadata-cluster', max_stream_duration: { grpc_timeout_header_max: '0s' } },
                    // Keyed by the filter's name, which is how Envoy finds a per-route configuration.
                    typed_per_filter_config: { [cors.name]: cors.typed_config },
                  }],
                }],
              },
              http_filters: [
                typed('envoy.filters.http.grpc_web', 'envoy.extensions.filters.http.grpc_web.v3.GrpcWeb'),
                typed('envoy.filters.http.cors', 'envoy.extensions.filters.http.cors.v3.Cors'),
                typed('envoy.filters.http.router', 'envoy.extensions.filters.http.router.v3.Router'),
              ],
            })],
        }],
      }],
      clusters: [{
        name: 'metadata-cluster',
        connect_timeout: '30s',
        type: 'LOGICAL_DNS',
        lb_policy: 'ROUND_ROBIN',
        typed_extension_protocol_options: {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
            '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
            'explicit_http_config': { http2_protocol_options: {} },
          },
        },
        load_assignment: {
          cluster_name: 'metadata-grpc',
          endpoints: [{
            lb_endpoints: [{
              endpoint: { address: { socket_address: { address: METADATA_GRPC_SERVICE, port_value: METADATA_GRPC_PORT } } },
            }],
          }],
        },
      }],
    },
  };
}

/** The Envoy proxy that lets the UI call the metadata server with gRPC-Web, its Service and configuration. */
export class MetadataEnvoy extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);

    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: CONFIG_MAP },
      data: { [CONFIG_FILE]: toYaml(envoyConfig()) },
    });

    new KubeService(this, 'Service', {
      metadata: { name: 'metadata-envoy-service', labels: { app: 'metadata-envoy' } },
      spec: {
        type: 'ClusterIP',
        selector: SELECTOR,
        ports: [{ name: 'md-envoy', port: LISTEN_PORT, protocol: 'TCP' }],
      },
    });

    new KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, labels: { component: 'metadata-envoy' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: SELECTOR },
        template: {
          // Upstream keeps an Istio sidecar out of this proxy with a pod label that is not part of the selector.
          metadata: { labels: { ...SELECTOR, 'sidecar.istio.io/inject': 'false' } },
          spec: {
            securityContext: RESTRICTED_POD,
            containers: [{
              name: 'container',
              image: imageOf(props.config.release, 'metadataEnvoy'),
              args: [`${CONFIG_DIR}/${CONFIG_FILE}`],
              ports: [{ name: 'md-envoy', containerPort: LISTEN_PORT }, { name: 'envoy-admin', containerPort: ADMIN_PORT }],
              securityContext: KFP_CONTAINER,
              volumeMounts: [{ name: 'envoy-config', mountPath: CONFIG_DIR }],
            }],
            volumes: [{ name: 'envoy-config', configMap: { name: CONFIG_MAP } }],
          },
        },
      },
    });
  }
}
