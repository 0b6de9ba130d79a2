import { S3Consumer } from '../catalog';
import { API_SERVER } from './components/api-server';
import { PIPELINE_RUNNER } from './components/pipeline-runner';
import { UI, VIEWER_SERVICE_ACCOUNT } from './components/ui';
import { VISUALIZATION_SERVER } from './components/visualization-server';
import { ARGO_SERVICE_ACCOUNT } from './components/workflow-controller';

/**
 * The ServiceAccount the pods of each S3 consumer run as, in every release: the one IRSA annotates with the consumer's
 * role, and so the subject the role's trust policy must name. The viewer's is the `serviceAccountName` of the viewer
 * pod template.
 */
export const S3_CONSUMER_SERVICE_ACCOUNTS: Readonly<Record<S3Consumer, string>> = {
  [S3Consumer.API_SERVER]: API_SERVER,
  [S3Consumer.UI]: UI,
  [S3Consumer.WORKFLOW_CONTROLLER]: ARGO_SERVICE_ACCOUNT,
  [S3Consumer.PIPELINE_RUNNER]: PIPELINE_RUNNER,
  [S3Consumer.VIEWER]: VIEWER_SERVICE_ACCOUNT,
  [S3Consumer.VISUALIZATION_SERVER]: VISUALIZATION_SERVER,
};
