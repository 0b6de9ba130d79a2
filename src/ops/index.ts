export * from './deployment-ci';
export * from './deployment-scripts';
export * from './deployment-tasks';
export * from './deployment-upgrade';
export * from './secret-env-files';
