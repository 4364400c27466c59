import type { EventMetadata, RecordedEvent } from '../event-store.port';
import type { StoredEventRef } from '../shared/idempotent-replay';
import type { SqlRow } from './sql-executor';

/** node-postgres and PGlite both parse jsonb and timestamptz; bigint columns arrive as text. */
export function toRecordedEvent(row: SqlRow): RecordedEvent {
  return {
    eventId: String(row.event_id),
    streamId: String(row.stream_id),
    streamRevision: Number(row.stream_revision),
    globalPosition: BigInt(String(row.global_position)),
    type: String(row.type),
    schemaVersion: Number(row.schema_version),
    data: parseJson(row.data) as Record<string, unknown>,
    metadata: parseJson(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(String(row.recorded_at)),
  };
}

/** The JSON array of `storedEventsJson` (NULL when no id is stored), bigints arriving as text. */
export function toStoredEventRefs(stored: unknown): StoredEventRef[] {
  const rows = (parseJson(stored) ?? []) as {
    eventId: string;
    streamId: string;
    streamRevision: string;
    globalPosition: string;
  }[];
  return rows.map((row) => ({
    eventId: row.eventId,
    streamId: row.streamId,
    streamRevision: Number(row.streamRevision),
    globalPosition: BigInt(row.globalPosition),
  }));
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
