/** The executive report: the headline KPIs over a period, against the previous one and a year ago. */
export * from './executive-report.sql';
export * from './report-definitions';
