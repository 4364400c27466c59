/** Whether the same fault gets the same consequence across org units and deciders. */
export * from './chi-square';
export * from './fairness-report';
export * from './fairness.sql';
