export * from './access';
export * from './iam-documents';
