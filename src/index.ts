export * from './kfp-aws-project';
export * from './options';
export * from './gitops/options';
export * from './pod-options';
export * from './image-options';
export * from './cloud-formation-options';
export * from './ui-load-balancer-options';
export * from './secrets-manager-options';
