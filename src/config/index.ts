export * from './aws-names';
export * from './gitops';
export * from './images';
export * from './kfp-config';
export * from './types';
export * from './secrets-manager';
