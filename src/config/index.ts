export * from './kfp-config';
