import { streamOfEvent, CURRENT_SCHEMA_VERSION, type DomainEvent } from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';

/** When the fact happened: the event's last `…At` field (receivedAt, dispatchedAt, repliedAt…). */
const occurredAtOf = (data: Record<string, unknown>): string => {
  const keys = Object.keys(data).filter((key) => key.endsWith('At') && typeof data[key] === 'string');
  return keys.length > 0 ? (data[keys[keys.length - 1]] as string) : '2026-03-02T09:00:00.000Z';
};

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const streamOf = (event: DomainEvent): string => streamOfEvent(event);

/**
 * Domain events recorded as the store would record them: per-stream revisions from 0, increasing
 * global positions, fixed UUIDs, the business instant as `occurredAt` and one second later as
 * `recordedAt`.
 */
export class EventLog {
  private position = 0n;
  private sequence = 0;
  private readonly revisions = new Map<string, number>();

  record(event: DomainEvent, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
    const streamId = overrides.streamId ?? streamOf(event);
    const streamRevision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, streamRevision + 1);
    this.position += 1n;
    this.sequence += 1;
    const occurredAt = occurredAtOf(event.data);
    return {
      eventId: uuid(this.sequence),
      type: event.type,
      // Recorded at the version the data is written in: the current one, except registrations, whose v1
      // and v2 share a shape (v2's pseudonym is optional) and which the fixtures record as v1.
      schemaVersion: event.type === 'ComplaintRegistered' ? 1 : (CURRENT_SCHEMA_VERSION[event.type] ?? 1),
      data: event.data as unknown as Record<string, unknown>,
      metadata: {
        occurredAt,
        correlationId: uuid(this.sequence),
        causationId: uuid(this.sequence),
        actor: { id: 'S1001' },
      },
      streamId,
      streamRevision,
      globalPosition: this.position,
      recordedAt: new Date(Date.parse(occurredAt) + 1_000),
      ...overrides,
    };
  }

  recordAll(events: readonly DomainEvent[]): RecordedEvent[] {
    return events.map((event) => this.record(event));
  }
}
