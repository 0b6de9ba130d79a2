import * as yaml from 'js-yaml';
import { WorkloadLayout } from '../../src/catalog';
import { findObject, releasesWith } from '../util';
import { containerOf, pick, renderRepoOnce, RenderedRepo, selectedDeployments, targetContainerPort } from './wiring';

const OBJECTS = [
  ['ConfigMap', 'metadata-envoy-configmap'], ['Service', 'metadata-envoy-service'], ['Deployment', 'metadata-envoy-deployment'],
] as const;

/** The Service through which the UI reaches the proxy, in every release. */
const SERVICE = 'metadata-envoy-service';

describe.each(releasesWith('metadata-envoy'))('KFP %s ML Metadata Envoy proxy, as the UI finds it', (kfpVersion, release) => {
  let repo: RenderedRepo;
  let deployment: string;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion });
    [deployment] = selectedDeployments(repo.base, SERVICE);
  });

  test('metadata-envoy-service reaches the gRPC-Web listener on 9090 of one Deployment, which runs the catalog\'s envoy image', () => {
    expect(selectedDeployments(repo.base, SERVICE)).toEqual([deployment]);
    const service = findObject(repo.base, 'Service', SERVICE);
    expect(findObject(repo.base, 'Deployment', deployment).spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toEqual([{ name: 'md-envoy', port: 9090, protocol: 'TCP' }]);
    const [envoy] = findObject(repo.base, 'Deployment', deployment).spec.template.spec.containers;
    expect(envoy.image).toBe(release.images.metadataEnvoy);
    expect(targetContainerPort(service.spec.ports[0], envoy)).toBe(9090);
  });

  test('is the same in every overlay', () => {
    const objects = [['Service', SERVICE], ['Deployment', deployment]] as const;
    const base = pick(repo.base, objects);
    expect(pick(repo.accesskey, objects)).toEqual(base);
    expect(pick(repo.iam, objects)).toEqual(base);
  });
});

describe.each(releasesWith('metadata-envoy', WorkloadLayout.RESTRICTED))('KFP %s ML Metadata Envoy proxy (restricted layout)', (kfpVersion, release) => {
  let repo: RenderedRepo;
  let envoy: any;
  let config: any;
  beforeAll(() => {
    repo = renderRepoOnce({ kfpVersion });
    envoy = containerOf(repo.base, 'metadata-envoy-deployment', 'container');
    config = yaml.load(findObject(repo.base, 'ConfigMap', 'metadata-envoy-configmap').data['envoy-config.yaml']);
  });

  test('runs the catalog\'s envoy image on the mounted configuration', () => {
    expect(envoy.image).toBe(release.images.metadataEnvoy);
    const [configPath] = envoy.args;
    const mount = envoy.volumeMounts.find((m: any) => configPath.startsWith(`${m.mountPath}/`));
    const volume = findObject(repo.base, 'Deployment', 'metadata-envoy-deployment').spec.template.spec.volumes
      .find((v: any) => v.name === mount.name);
    expect(volume.configMap.name).toBe('metadata-envoy-configmap');
    expect(configPath.slice(mount.mountPath.length + 1)).toBe('envoy-config.yaml');
  });

  test('listens for gRPC-Web on 9090 and serves the admin interface on 9901', () => {
    const [listener] = config.static_resources.listeners;
    expect(listener.address.socket_address.port_value).toBe(9090);
    expect(config.admin.address.socket_address.port_value).toBe(9901);
    expect(envoy.ports).toEqual([{ name: 'md-envoy', containerPort: 9090 }, { name: 'envoy-admin', containerPort: 9901 }]);
    const [manager] = listener.filter_chains[0].filters;
    expect(manager.typed_config.http_filters.map((f: any) => f.name))
      .toEqual(['envoy.filters.http.grpc_web', 'envoy.filters.http.cors', 'envoy.filters.http.router']);
    const [route] = manager.typed_config.route_config.virtual_hosts[0].routes;
    const cors = route.typed_per_filter_config['envoy.filters.http.cors'];
    expect(cors['@type']).toBe('type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy');
    expect(cors.allow_headers).toContain('x-grpc-web');
    expect(cors.expose_headers).toContain('grpc-status');
  });

  test('routes every request over HTTP/2 to the metadata gRPC Service', () => {
    const [manager] = config.static_resources.listeners[0].filter_chains[0].filters;
    const [route] = manager.typed_config.route_config.virtual_hosts[0].routes;
    const cluster = config.static_resources.clusters.find((c: any) => c.name === route.route.cluster);
    expect(route.match).toEqual({ prefix: '/' });
    expect(cluster.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].explicit_http_config)
      .toEqual({ http2_protocol_options: {} });
    const { address, port_value: port } = cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
    const service = findObject(repo.base, 'Service', address);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(port);
  });

  test('its Service reaches the proxy\'s listener', () => {
    const service = findObject(repo.base, 'Service', 'metadata-envoy-service');
    expect(selectedDeployments(repo.base, 'metadata-envoy-service')).toEqual(['metadata-envoy-deployment']);
    expect(findObject(repo.base, 'Deployment', 'metadata-envoy-deployment').spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toEqual([{ name: 'md-envoy', port: 9090, protocol: 'TCP' }]);
    expect(targetContainerPort(service.spec.ports[0], envoy)).toBe(9090);
  });

  test('keeps an Istio sidecar out of its pods as upstream does', () => {
    const deployment = findObject(repo.base, 'Deployment', 'metadata-envoy-deployment');
    expect(deployment.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(deployment.spec.template.spec.serviceAccountName).toBeUndefined();
  });

  test('is the same in every overlay', () => {
    const base = pick(repo.base, OBJECTS);
    expect(pick(repo.accesskey, OBJECTS)).toEqual(base);
    expect(pick(repo.iam, OBJECTS)).toEqual(base);
  });
});
