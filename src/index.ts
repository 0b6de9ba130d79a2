export * from './kfp-aws-project';
export * from './options';
export * from './pod-options';
