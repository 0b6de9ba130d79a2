export * from './aws-names';
export * from './kfp-config';
export * from './types';
