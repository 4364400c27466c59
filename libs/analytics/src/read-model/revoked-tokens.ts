import { type AnalyticsStore } from '../analytics-store.port';
import { ANALYTICS_TABLES } from '../migrations/analytics-tables';
import { qualified } from '../shared/identifiers';

/** The revocations recorded after a position (all when none), in feed order, with the last position. */
export async function readRevokedTokens(
  store: AnalyticsStore,
  database: string,
  afterPosition: string | undefined,
): Promise<{ revoked: { tokenId: string; expiresAt: string }[]; lastPosition: string | undefined }> {
  const rows = await store.query<{ token_id: string; expires_at: string; global_position: string }>(
    `SELECT token_id, expires_at, global_position FROM ${qualified(database, ANALYTICS_TABLES.revokedTokens)}
     WHERE global_position > {after:UInt64} ORDER BY global_position`,
    { after: afterPosition ?? '0' },
  );
  return {
    revoked: rows.map((row) => ({ tokenId: row.token_id, expiresAt: row.expires_at })),
    lastPosition: rows[rows.length - 1]?.global_position ?? afterPosition,
  };
}
