/** The weekly quality-analysis pack of a business line (and org unit), read from the analytics store. */
export * from './weekly-pack.sql';
