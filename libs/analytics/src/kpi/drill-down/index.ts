/** The complaints behind a figure, a page at a time. */
export * from './drill-down.sql';
