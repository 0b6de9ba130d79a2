export * from './kfp-aws-project';
export * from './options';
