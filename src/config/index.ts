export * from './aws-names';
export * from './gitops';
export * from './kfp-config';
export * from './types';
