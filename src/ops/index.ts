export * from './deployment-ci';
export * from './deployment-scripts';
export * from './deployment-tasks';
export * from './secret-env-files';
