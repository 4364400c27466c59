import { type EventStore } from '@app/event-store';
import { REVOCATIONS_STREAM, type Revocation, revocationOf } from './access-token.events';
import { type RevocationSource } from './revocation-list';

/** Revocations read from the event store's revocation stream, from the revision after the last one read. */
export const storeRevocationSource = (store: EventStore): RevocationSource => ({
  name: 'the event store',
  async revokedSince(cursor) {
    const fromRevision = cursor === undefined ? 0 : Number(cursor) + 1;
    const events = await store.readStream(REVOCATIONS_STREAM, { fromRevision });
    const revoked = events.map(revocationOf).filter((r): r is Revocation => r !== undefined);
    const last = events[events.length - 1];
    return { revoked, cursor: last === undefined ? cursor : String(last.streamRevision) };
  },
});
