import { S3Consumer } from '../config';

/** Which key prefix of an install a grant covers: `artifactPrefix` or `pipelinePrefix`. */
export type S3Area = 'artifactPrefix' | 'pipelinePrefix';

/** What one consumer may do with the keys under one prefix. */
export interface PrefixGrant {
  readonly area: S3Area;
  /** Object actions, on `<bucket>/<prefix>/*` only. */
  readonly objectActions: readonly string[];
  /** Whether it lists the keys under the prefix (`s3:ListBucket` on the bucket, for that `s3:prefix` only). */
  readonly list: boolean;
}

/** What one consumer does with S3, for the README and for its role's policy. */
export interface S3Access {
  /** Who the consumer is, as the README names it. */
  readonly who: string;
  readonly grants: readonly PrefixGrant[];
}

const READ = ['s3:GetObject'];
/** Writes: a multipart upload that fails is aborted, which `s3:PutObject` does not allow. */
const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];
const DELETE = ['s3:DeleteObject'];

/**
 * The least S3 access of each consumer, from what its component does. `s3:GetBucketLocation` on the bucket comes with
 * every role (the minio-go and minio-js clients of the api server, Argo 2.3 and the UI ask for the bucket's region when
 * not given one); the api server of a release with `apiServerChecksBucket` also gets `s3:ListBucket` without a prefix. S3
 * answers 403 rather than 404 for a missing key to a role that may not list the bucket: Argo's executor looks for a
 * directory only after a 404, which matters for inputs Argo stored unarchived (KFP archives them as tgz).
 */
export const S3_ACCESS: Readonly<Record<S3Consumer, S3Access>> = {
  // Uploads, reads and deletes pipeline packages; reads run artifacts for the API (v1 `ReadArtifact`, v2 artifact
  // downloads, signed with its own credentials). It lists nothing.
  [S3Consumer.API_SERVER]: {
    who: 'api server',
    grants: [
      { area: 'pipelinePrefix', objectActions: [...READ, ...WRITE, ...DELETE], list: false },
      { area: 'artifactPrefix', objectActions: READ, list: false },
    ],
  },
  // Shows artifacts (directories too, by listing their keys) and the logs Argo archived.
  [S3Consumer.UI]: {
    who: 'UI',
    grants: [{ area: 'artifactPrefix', objectActions: READ, list: true }],
  },
  // The controller only hands the artifact repository to the step pods, whose executor moves the artifacts and logs
  // under the pipeline runner's identity; artifact garbage collection also runs in pods of the workflow's
  // ServiceAccount. The controller itself never reads or writes an object, so its role gets no object access.
  [S3Consumer.WORKFLOW_CONTROLLER]: {
    who: 'Argo workflow controller',
    grants: [],
  },
  // The Argo executor (outputs and archived logs) and the v2 launcher (outputs under `defaultPipelineRoot`) write; both
  // read the inputs of a step, and list the keys of an input that is a directory. Nothing deletes.
  [S3Consumer.PIPELINE_RUNNER]: {
    who: 'pipeline steps',
    grants: [{ area: 'artifactPrefix', objectActions: [...READ, ...WRITE], list: true }],
  },
  // TensorBoard reads the event files of a log directory, which it lists.
  [S3Consumer.VIEWER]: {
    who: 'TensorBoard viewers',
    grants: [{ area: 'artifactPrefix', objectActions: READ, list: true }],
  },
  // Visualizations read their sources, files or directories, from the artifacts.
  [S3Consumer.VISUALIZATION_SERVER]: {
    who: 'visualization server',
    grants: [{ area: 'artifactPrefix', objectActions: READ, list: true }],
  },
};

/**
 * What S3 asks of KMS, as the requester, for each object action on a bucket encrypted with a KMS key (SSE-KMS): reading
 * an object decrypts its data key (`kms:Decrypt`); writing one makes a data key (`kms:GenerateDataKey`), and the parts
 * of a multipart upload after the first are encrypted with the key of the earlier ones, which needs `kms:Decrypt` as well
 * (repost.aws/knowledge-center/s3-bucket-access-default-encryption, "kms:GenerateDataKey and kms:Decrypt at minimum";
 * repost.aws/knowledge-center/s3-large-file-encryption-kms-key: `kms:GenerateDataKey` for CreateMultipartUpload,
 * `kms:Decrypt` for UploadPart and UploadPartCopy). Deleting, aborting and listing use no key.
 */
export const KMS_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  's3:GetObject': ['kms:Decrypt'],
  's3:PutObject': ['kms:Decrypt', 'kms:GenerateDataKey'],
};
