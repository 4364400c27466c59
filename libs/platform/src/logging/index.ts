export * from './request-id';
export * from './log-redaction';
export * from './logger.module';
