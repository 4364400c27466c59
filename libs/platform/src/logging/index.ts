export * from './request-id';
export * from './log-redaction';
export * from './logger.module';
export * from './log-destination';
export * from './process-logger';
