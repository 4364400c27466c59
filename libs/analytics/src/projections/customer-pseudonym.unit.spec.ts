import { ev } from '@app/complaints/test-support/complaint-events';
import { CUSTOMER_REFERENCE } from '@app/complaints/test-support/fixtures';
import { EventLog } from '../test-support/event-log';
import { ctx } from '../test-support/projection-fixtures';
import { projectBatch } from './project-event';

/** The pseudonym the event store puts in clear beside the encrypted customer details (v2). */
const PSEUDONYM = 'f'.repeat(64);

describe("the customer's key in the complaints table", () => {
  it('is the pseudonym carried by a v2 registration, whose reference is ciphertext', () => {
    const registered = ev.registered({
      customer: {
        reference: 'pii.1.key.iv.ciphertext',
        name: 'pii.1.key.iv.other',
        contact: {},
        pseudonym: PSEUDONYM,
      },
    });
    const projection = projectBatch([new EventLog().record(registered, { schemaVersion: 2 })], ctx);

    expect(projection.outcomes).toStrictEqual({ applied: 1, duplicate: 0, rejected: 0 });
    expect(projection.rows.complaints[0]!.customer_key).toBe(PSEUDONYM);
  });

  it('is the keyed hash of the reference for a v1 registration, which has no pseudonym', () => {
    const projection = projectBatch([new EventLog().record(ev.registered(), { schemaVersion: 1 })], ctx);

    expect(projection.rows.complaints[0]!.customer_key).toBe(ctx.customerKey(CUSTOMER_REFERENCE));
  });
});
