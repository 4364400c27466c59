import type { IHeaders, Message } from 'kafkajs';
import type { RecordedEvent } from '@app/event-store';
import { toEnvelope, type EventEnvelope } from '../event-envelope';

/**
 * An event on the events topic: keyed by stream id (one stream, one partition, in revision order), the
 * envelope as JSON, and the fields a consumer routes on as headers so it can skip without parsing.
 */
export function toEventMessage(event: RecordedEvent): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(toEnvelope(event)),
    // No timestamp from the store: time-based retention would delete re-published old events at once.
    headers: {
      type: event.type,
      schemaVersion: String(event.schemaVersion),
      eventId: event.eventId,
    },
  };
}

/** The envelope of a consumed message; throws on a message that is not one. */
export function parseEventMessage(message: { value: Buffer | string | null }): EventEnvelope {
  if (message.value === null) throw new Error('Event message has no value');
  const envelope = JSON.parse(message.value.toString()) as Partial<EventEnvelope>;
  if (typeof envelope.eventId !== 'string' || typeof envelope.streamId !== 'string') {
    throw new Error('Event message is not an event envelope');
  }
  return envelope as EventEnvelope;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value).toString();
}
