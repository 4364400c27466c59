import { randomUUID } from 'node:crypto';
import { AUDIT_STREAM_PREFIX, auditStream, isAuditStream } from '@app/complaints';
import { type EventStore } from '@app/event-store';

/**
 * The audit of personal data: every read that returned a complaint's personal data appends who read
 * which fields of which complaint, when, through which route, to an append-only stream of its day
 * (`audit-2026-11-23`, UTC) in the event store. The relay does not publish these streams and the
 * projector does not project them: they hold staff job numbers and field names, no customer data.
 */
export const PERSONAL_DATA_READ = 'PersonalDataRead';

export type PersonalDataRead = {
  /** Job number (or system id) of the reader. */
  subject: string;
  roles: readonly string[];
  /** Who issued the reader's token (`POST /auth/tokens`), when it was issued here. */
  issuedBy?: string;
  /** The reader's token id (`jti`), by which it can be revoked; absent for API keys. */
  tokenId?: string;
  complaintId: string;
  /** The personal fields the answer held, e.g. `customer.name`, `FinalReplySent.summary`. */
  fields: readonly string[];
  /** Method and route template, e.g. `GET /complaints/:id`. */
  route: string;
  correlationId: string;
  /** ISO-8601 UTC instant of the read. */
  at: string;
};

export { AUDIT_STREAM_PREFIX, auditStream, isAuditStream };

const DAY_MS = 86_400_000;

/** Every UTC day from `from` to `to` (YYYY-MM-DD, inclusive). */
const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

export class PersonalDataAudit {
  constructor(private readonly store: EventStore) {}

  async record(read: PersonalDataRead): Promise<void> {
    const eventId = randomUUID();
    await this.store.append(
      auditStream(read.at),
      [
        {
          eventId,
          type: PERSONAL_DATA_READ,
          schemaVersion: 1,
          data: { ...read, roles: [...read.roles], fields: [...read.fields] },
          metadata: {
            occurredAt: read.at,
            correlationId: read.correlationId,
            causationId: read.correlationId,
            actor: { id: read.subject },
          },
        },
      ],
      'any',
    );
  }

  /** The reads recorded on the days from `from` to `to` (YYYY-MM-DD, UTC), of one complaint if given. */
  async find(query: { from: string; to: string; complaintId?: string }): Promise<PersonalDataRead[]> {
    const reads: PersonalDataRead[] = [];
    for (const day of daysBetween(query.from, query.to)) {
      for (const event of await this.store.readStream(`${AUDIT_STREAM_PREFIX}${day}`)) {
        if (event.type !== PERSONAL_DATA_READ) continue;
        const read = event.data as PersonalDataRead;
        if (query.complaintId === undefined || read.complaintId === query.complaintId) reads.push(read);
      }
    }
    return reads;
  }
}
