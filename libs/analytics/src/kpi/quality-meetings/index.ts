/** The quality meetings held and what they decided. */
export * from './quality-meetings.sql';
