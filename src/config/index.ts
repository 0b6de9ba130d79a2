export * from './aws-names';
export * from './cloud-formation';
export * from './gitops';
export * from './images';
export * from './kfp-config';
export * from './types';
export * from './ui-load-balancer';
export * from './secrets-manager';
