import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { hmacCustomerKey } from '../pseudonyms/customer-key';
import { type DomainEvent, versioned } from '@app/complaints';
import { type EventToAppend, PgliteEventStore, PgliteExecutor } from '@app/event-store';
import { PersonalDataEventStore } from '../encryption/personal-data-event-store';
import { PgliteKeyStore } from '../keys/pglite/pglite-key-store';

export const TEST_CUSTOMER_SECRET = 'test-secret-for-customer-keys';
export const testPseudonym = hmacCustomerKey(TEST_CUSTOMER_SECRET);

/** The decorated store on one PGlite database (in memory unless a directory is given), as the services open it. */
export const openPglitePersonalDataStore = async (dataDir = 'memory://') => {
  const db = await PGlite.create(dataDir);
  const raw = await new PgliteEventStore(new PgliteExecutor(db)).start();
  const keys = await PgliteKeyStore.onPglite(db);
  return { db, store: new PersonalDataEventStore(raw, keys, { customerPseudonym: testPseudonym }) };
};

/** Domain events as the command side appends them: fresh ids, current versions, metadata. */
export const toAppend = (
  events: readonly DomainEvent[],
  occurredAt = '2026-03-02T09:00:00.000Z',
): EventToAppend[] =>
  events.map((event) => ({
    eventId: randomUUID(),
    ...structuredClone(versioned(event)),
    metadata: { occurredAt, correlationId: randomUUID(), causationId: randomUUID(), actor: { id: 'S1001' } },
  }));
