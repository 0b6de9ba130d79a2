export * from './access';
export * from './iam-documents';
export * from './mechanisms';
export * from './role-bindings';
export * from './quotas';
export * from './pod-identity-preflight';
