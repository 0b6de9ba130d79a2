export * from './cloud-formation';
export * from './cloud-formation-stack';
