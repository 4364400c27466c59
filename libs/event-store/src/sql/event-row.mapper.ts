import type { EventMetadata, RecordedEvent } from '../event-store.port';
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

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
