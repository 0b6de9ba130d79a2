export * from './argo-cd';
export * from './flux';
export * from './gitops-manifests';
export * from './options';
export * from './targets';
