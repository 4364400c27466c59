import { hmacCustomerKey, migrate } from '@app/analytics';
import { EventLog } from '@app/analytics/test-support/event-log';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { registered } from '@app/complaints/test-support/complaint-events';
import { PERSONAL_DATA_READ, auditStream } from '@app/privacy';
import { BatchProjector } from './batch-projector';
import { StreamStateCache } from './stream-state-cache';

/**
 * Embedded, the projector follows the store's whole feed, which also carries the audit of personal-data
 * reads: those events are left out, neither projected nor rejected.
 */
describe('BatchProjector and the personal-data audit', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('audit_skip');
    await migrate(db.store, db.database);
  }, 60_000);

  afterAll(() => db?.cleanup());

  it('projects the complaint and skips the audit stream', async () => {
    const log = new EventLog();
    const complaint = log.record(registered()[0]!, { schemaVersion: 2 });
    const audit = log.record(registered()[0]!, {
      type: PERSONAL_DATA_READ,
      streamId: auditStream('2026-03-02T09:00:00.000Z'),
      data: { subject: 'A1001', roles: ['agent'], complaintId: 'c-1001', fields: ['customer.name'] },
    });
    const projector = new BatchProjector(
      db.store,
      db.database,
      { customerKey: hmacCustomerKey('x'.repeat(16)) },
      new StreamStateCache(100),
    );

    const prepared = await projector.project([complaint, audit]);

    expect(prepared.outcomes).toEqual({ applied: 1, duplicate: 0, rejected: 0, undecodable: 0 });
    const count = async (table: string) =>
      Number((await db.store.query<{ n: string }>(`SELECT count() AS n FROM ${db.database}.${table}`))[0]!.n);
    expect(await count('complaint_events')).toBe(1);
    expect(await count('rejected_events')).toBe(0);
  });
});
