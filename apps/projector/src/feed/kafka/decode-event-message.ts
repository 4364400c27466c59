import type { RejectedEventRow } from '@app/analytics';
import type { RecordedEvent } from '@app/event-store';
import { fromEnvelope, headerText, parseEventMessage } from '@app/messaging';
import type { IHeaders } from 'kafkajs';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  timestamp: string;
}

export type Decoded = { ok: true; event: RecordedEvent } | { ok: false; row: RejectedEventRow };

const UINT16_MAX = 65_535;

/** The reason, without quoting the message: a parser's error text can carry part of the payload. */
const why = (error: unknown): string => {
  if (error instanceof SyntaxError)
    return /BigInt/.test(error.message) ? 'globalPosition is not an integer' : 'the value is not JSON';
  return error instanceof Error ? error.message : 'not an event envelope';
};

/**
 * A message of the events topic as the event the store recorded; or, when it is not an event envelope,
 * the `rejected_events` row that records it. Such a row is named after the message's place in the topic
 * unless its headers carry an event id, so that a redelivered copy replaces it instead of adding one.
 */
export function decodeEventMessage(message: ConsumedMessage): Decoded {
  try {
    return { ok: true, event: fromEnvelope(parseEventMessage(message)) };
  } catch (error) {
    const schemaVersion = Number(headerText(message.headers, 'schemaVersion'));
    const timestamp = Number(message.timestamp);
    return {
      ok: false,
      row: {
        event_id:
          headerText(message.headers, 'eventId') ?? `${message.topic}/${message.partition}/${message.offset}`,
        global_position: '0',
        stream_id: message.key?.toString() ?? '',
        stream_revision: 0,
        type: headerText(message.headers, 'type') ?? 'unknown',
        schema_version:
          Number.isInteger(schemaVersion) && schemaVersion >= 0 && schemaVersion <= UINT16_MAX
            ? schemaVersion
            : 0,
        recorded_at: new Date(Number.isFinite(timestamp) ? timestamp : 0).toISOString(),
        reason: `Undecodable message at ${message.topic}/${message.partition}/${message.offset}: ${why(error)}`,
      },
    };
  }
}
