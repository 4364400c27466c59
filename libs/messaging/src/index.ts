export * from './topics';
export * from './event-envelope';
export * from './inbound/inbound-message';
