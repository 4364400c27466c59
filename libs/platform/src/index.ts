export * from './api-error';
export * from './validation';
export * from './error.filter';
export * from './config';
export * from './health';
export * from './unreadable-requests';
export * from './request-header';
export * from './auth';
