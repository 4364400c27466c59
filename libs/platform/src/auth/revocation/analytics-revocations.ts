import { type AnalyticsStore, type RevokedTokenRow, readRevokedTokens } from '@app/analytics';
import { type RecordedEvent } from '@app/event-store';
import { REVOCATIONS_STREAM, revocationOf } from './access-token.events';
import { type RevocationSource } from './revocation-list';

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
