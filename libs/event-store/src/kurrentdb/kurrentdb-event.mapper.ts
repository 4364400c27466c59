import {
  jsonEvent,
  type AllStreamRecordedEvent,
  type EventData,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../event-store.port';

/**
 * KurrentDB has no schema-version field, so it travels in the metadata under a `$` key next to
 * `$correlationId`/`$causationId`, which the server's own projections (`$by_correlation_id`) read.
 */
const SCHEMA_VERSION_KEY = '$schemaVersion';
const ADDED_KEYS = [SCHEMA_VERSION_KEY, '$correlationId', '$causationId'];

export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data,
    metadata: {
      ...event.metadata,
      [SCHEMA_VERSION_KEY]: event.schemaVersion,
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
    },
  });
}

export function toRecordedEvent(event: KurrentRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const stored = isRecord(event.metadata) ? event.metadata : {};
  const metadata = Object.fromEntries(Object.entries(stored).filter(([key]) => !ADDED_KEYS.includes(key)));
  if (event.position === undefined) {
    throw new Error(`KurrentDB returned event ${event.id} without a position (server older than 22.6?)`);
  }
  return {
    eventId: event.id,
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    globalPosition: event.position.commit,
    type: event.type,
    schemaVersion: Number(stored[SCHEMA_VERSION_KEY] ?? 1),
    data: isRecord(event.data) ? event.data : {},
    metadata: metadata as EventMetadata,
    recordedAt: event.created,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
