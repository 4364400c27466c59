/** What every report shares: the KPI definitions and the sets they count, weeks and periods, org-unit scope. */
export * from './definitions-version';
export * from './follow-up-answers';
export * from './iso-week';
export * from './kpi-counts';
export * from './kpi-definitions';
export * from './kpi-sets';
export * from './org-unit-scope';
export * from './poisson';
export * from './report-period';
