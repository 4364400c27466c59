/** Complaint counts over time by cause, family, category or org unit, with their spikes. */
export * from './trend-calendar';
export * from './trend-definitions';
export * from './trend-series';
export * from './trends.sql';
