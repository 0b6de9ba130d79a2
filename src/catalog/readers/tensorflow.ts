import type { Reader } from '../release';

/** TensorFlow's S3 filesystem, in the TensorBoard viewer images and in the visualization server. */
const TF_S3 = 'tensorflow/tensorflow:tensorflow/core/platform/s3/s3_file_system.cc';

/** The S3 settings TensorFlow's filesystem reads from its environment. */
export function tensorflowS3Env(reader: Reader = TF_S3): Record<string, Reader> {
  return {
    AWS_ACCESS_KEY_ID: reader,
    AWS_SECRET_ACCESS_KEY: reader,
    AWS_REGION: reader,
    S3_ENDPOINT: reader,
    S3_USE_HTTPS: reader,
  };
}

/**
 * The readers of the viewer pod template the UI's ConfigMap holds (`template` is its key, a JSON pod spec): the
 * viewer controller of `kfp` keeps the template's annotations, service account and environment on every TensorBoard
 * pod it makes, where kube2iam and TensorFlow read them.
 */
export function viewerTemplateReaders(kfp: string, template: string): Record<string, Reader> {
  const reconciler = 'backend/src/crd/controller/viewer/reconciler/reconciler.go';
  const kept = `${TF_S3} (viewer image), kept by the viewer controller (${kfp}:${reconciler})`;
  const env = Object.entries(tensorflowS3Env(kept)).map(([name, reader]) => [`${template}.spec.containers.0.env.${name}`, reader]);
  return {
    [`${template}.metadata.annotations`]: `jtblin/kube2iam:server/server.go (pod annotation), kept by the viewer controller (${kfp}:${reconciler})`,
    [`${template}.spec.serviceAccountName`]: `${kfp}:${reconciler}`,
    ...Object.fromEntries(env),
  };
}
