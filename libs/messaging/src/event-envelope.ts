import { type RecordedEvent } from '@app/event-store';

/**
 * The JSON envelope of a stored event on `complaints.events.v1`. `eventId` is the identity consumers
 * deduplicate on: a re-sent event carries the same one. Positions are strings because JSON numbers
 * cannot hold every 64-bit position.
 */
export type EventEnvelope = {
  type: string;
  schemaVersion: number;
  eventId: string;
  streamId: string;
  streamRevision: number;
  globalPosition: string;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string;
  actor?: { id: string; role?: string };
  data: Record<string, unknown>;
};

export const toEnvelope = (event: RecordedEvent): EventEnvelope => ({
  type: event.type,
  schemaVersion: event.schemaVersion,
  eventId: event.eventId,
  streamId: event.streamId,
  streamRevision: event.streamRevision,
  globalPosition: event.globalPosition.toString(),
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.recordedAt.toISOString(),
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  ...(event.metadata.actor ? { actor: event.metadata.actor } : {}),
  data: event.data,
});

/** Back from the wire to the shape every consumer shares with the store's own feed. */
export const fromEnvelope = (envelope: EventEnvelope): RecordedEvent => ({
  eventId: envelope.eventId,
  type: envelope.type,
  schemaVersion: envelope.schemaVersion,
  streamId: envelope.streamId,
  streamRevision: envelope.streamRevision,
  globalPosition: BigInt(envelope.globalPosition),
  recordedAt: new Date(envelope.recordedAt),
  data: envelope.data,
  metadata: {
    occurredAt: envelope.occurredAt,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    ...(envelope.actor ? { actor: envelope.actor } : {}),
  },
});
