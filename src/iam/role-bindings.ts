import { KfpConfig, roleConsumers } from '../config';
import type { RoleBinding } from './mechanisms';
import { S3_CONSUMER_SERVICE_ACCOUNTS } from '../manifests/s3-consumers';

/** The role of each ServiceAccount of the install that gets one in `overlay/iam`, in the order of the release's consumers. */
export function roleBindings(config: KfpConfig): RoleBinding[] {
  return roleConsumers(config).map((consumer) => ({
    consumer,
    serviceAccount: S3_CONSUMER_SERVICE_ACCOUNTS[consumer],
    role: config.iam.roles[consumer],
  }));
}
