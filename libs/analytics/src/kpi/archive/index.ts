/** The weekly packs as archived when their week closed, listed and read back. */
export * from './weekly-pack-archive.sql';
