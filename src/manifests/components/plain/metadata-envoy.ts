import { Construct } from 'constructs';
import { metadataWorkload } from './metadata-grpc';
import { imageOf } from '../../../catalog';
import type { KfpComponentProps } from '../../component';

const LISTEN_PORT = 9090;

/**
 * The KFP 0.x Envoy proxy that lets the UI call the metadata server with gRPC-Web. Its image carries its configuration,
 * made for the Service names of its release; upstream mounts none.
 */
export class PlainMetadataEnvoy extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    metadataWorkload(this, {
      component: 'metadata-envoy',
      deployment: 'metadata-envoy',
      service: 'metadata-envoy-service',
      port: { name: 'md-envoy', port: LISTEN_PORT, protocol: 'TCP' },
      container: {
        name: 'container',
        image: imageOf(props.config.release, 'metadataEnvoy'),
        ports: [{ name: 'md-envoy', containerPort: LISTEN_PORT }, { name: 'envoy-admin', containerPort: 9901 }],
      },
    });
  }
}
