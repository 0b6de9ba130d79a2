/*
 * Where an install keeps its objects and its databases: an S3-compatible store instead of AWS S3, an external MySQL
 * server, or the in-cluster MySQL's settings.
 */

/**
 * An S3-compatible object store to use instead of AWS S3's regional endpoint.
 */
export interface S3EndpointOptions {
  /**
   * Host name or IP address of the store, without scheme or port, for example `minio.storage.svc.cluster.local`.
   */
  readonly host: string;
  /**
   * Port of the store.
   * @default - the default port of the scheme (443 with TLS, 80 without)
   */
  readonly port?: number;
  /**
   * Whether the store speaks HTTPS.
   * @default true
   */
  readonly tls?: boolean;
  /**
   * Whether clients address the bucket in the path (`host/bucket/key`) rather than in the host name (`bucket.host/key`).
   * @default true
   */
  readonly pathStyle?: boolean;
}

/**
 * A MySQL server outside the cluster (Amazon RDS or Aurora MySQL) that holds KFP's databases.
 */
export interface ExternalDatabaseOptions {
  /**
   * Host name of the server, for example the RDS endpoint `kfp.abcdefghijkl.eu-west-1.rds.amazonaws.com`.
   */
  readonly host: string;
  /**
   * Port of the server.
   * @default 3306
   */
  readonly port?: number;
  /**
   * Database of the api server (pipelines, runs, experiments).
   * @default "mlpipeline"
   */
  readonly pipelineDb?: string;
  /**
   * Database of ML Metadata.
   * @default "metadb"
   */
  readonly metadataDb?: string;
  /**
   * Database of the cache server.
   * @default "cachedb"
   */
  readonly cacheDb?: string;
  /**
   * Name of the Secret (you create it) with the database user (`username`, `password`).
   * @default "mysql-secret"
   */
  readonly secretName?: string;
  /**
   * Name of a ConfigMap (you create it) that holds the CA bundle of the server under the key `ca.pem`; when set, every component connects with TLS and verifies the server against it.
   * @default - no TLS
   */
  readonly tlsCaConfigMap?: string;
  /**
   * How long the api server keeps a connection open, as a Go duration.
   * @default "120s"
   */
  readonly connectionMaxLifetime?: string;
}

/**
 * The in-cluster MySQL that holds KFP's databases.
 */
export interface MysqlOptions {
  /**
   * Image of the MySQL server.
   * @default - the release's MySQL: `mysql:8.4` for KFP 2.17.0, `mysql:5.6` for KFP 0.2.3
   */
  readonly image?: string;
  /**
   * StorageClass of the MySQL volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Size of the MySQL volume.
   * @default "20Gi"
   */
  readonly storageSize?: string;
  /**
   * Name of the Secret (you create it) with the database user (`username`, `password`) and `root-password`.
   * @default "mysql-secret"
   */
  readonly secretName?: string;
}
