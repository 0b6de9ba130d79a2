import { Construct } from 'constructs';
import { toYaml } from '../../yaml';
import { defaultPipelineRoot, launcherProviders } from '../aws';
import type { KfpComponentProps } from '../component';
import { KubeConfigMap } from '../kube';

/** The ConfigMap the v2 driver and launcher of every pipeline step read (and the api server, by its Role). */
export const KFP_LAUNCHER = 'kfp-launcher';

/**
 * Where v2 pipeline steps store artifacts: the pipeline root in the bucket and how the launcher reaches S3. A
 * component of its own because the step pods, not a KFP server, consume it.
 */
export class KfpLauncherConfig extends Construct {
  constructor(scope: Construct, id: string, props: KfpComponentProps) {
    super(scope, id);
    const { config, variant } = props;
    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: KFP_LAUNCHER },
      data: {
        defaultPipelineRoot: defaultPipelineRoot(config),
        providers: toYaml(launcherProviders(config, variant)),
      },
    });
  }
}
