export * from './access-token.events';
export * from './revocation-list';
export * from './store-revocation-source';
