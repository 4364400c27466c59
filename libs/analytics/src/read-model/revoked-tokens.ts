import { type RecordedEvent } from '@app/event-store';
import { REVOCATIONS_STREAM, type RevocationSource, revocationOf } from '@app/platform';
import { type AnalyticsStore } from '../analytics-store.port';
import { type RevokedTokenRow } from '../projections/analytics-rows';
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

/** The revocation stream's events as rows of `revoked_tokens` (the projector writes them). */
export const revokedTokenRows = (events: readonly RecordedEvent[]): RevokedTokenRow[] =>
  events.flatMap((event) => {
    const revocation = event.streamId === REVOCATIONS_STREAM ? revocationOf(event) : undefined;
    const expires = revocation ? Date.parse(revocation.expiresAt) : Number.NaN;
    if (!revocation || Number.isNaN(expires)) return [];
    return [
      {
        token_id: revocation.tokenId,
        expires_at: new Date(expires).toISOString(),
        revoked_at: event.recordedAt.toISOString(),
        global_position: event.globalPosition.toString(),
      },
    ];
  });

/** Revocations read from their projection in ClickHouse, after the last position read. */
export const analyticsRevocationSource = (store: AnalyticsStore, database: string): RevocationSource => ({
  name: 'the analytics store',
  async revokedSince(cursor) {
    const { revoked, lastPosition } = await readRevokedTokens(store, database, cursor);
    return { revoked, cursor: lastPosition };
  },
});
