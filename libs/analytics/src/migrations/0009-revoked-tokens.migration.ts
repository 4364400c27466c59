import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * Tokens revoked before they expire, as the event store's revocation stream records them: the query
 * service reads what is new here (by position) and refuses those tokens.
 */
export const revokedTokensMigration: Migration = {
  version: 9,
  name: 'revoked_tokens',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.revoked_tokens (
      token_id String,
      expires_at ${INSTANT},
      revoked_at ${INSTANT},
      global_position UInt64
    )
    ENGINE = ReplacingMergeTree
    ORDER BY token_id`,
  ],
};
