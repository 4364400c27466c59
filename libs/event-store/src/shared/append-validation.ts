import {
  DuplicateEventIdError,
  type EventToAppend,
  type ExpectedRevision,
  type StreamAppend,
} from '../event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects what no adapter could store: every adapter keys events by uuid (KurrentDB requires it). */
export function assertAppendable(streamId: string, events: readonly EventToAppend[]): void {
  if (streamId.length === 0) throw new Error('Stream id must not be empty');
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { eventId } of events) {
    if (!UUID.test(eventId)) throw new Error(`Stream ${streamId}: event id "${eventId}" is not a uuid`);
    const key = eventId.toLowerCase();
    if (seen.has(key)) repeated.add(eventId);
    seen.add(key);
  }
  if (repeated.size > 0) throw new DuplicateEventIdError(streamId, [...repeated]);
}

/** Whether a stream at `current` (NO_STREAM_REVISION if absent) satisfies the expectation. */
export function satisfies(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === -1;
    case 'stream-exists':
      return current !== -1;
    default:
      return current === expected;
  }
}

/** A stream named twice in one `appendMany` would race with itself: refused before anything is written. */
export function assertDistinctStreams(appends: readonly StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamId } of appends) {
    if (seen.has(streamId)) throw new Error(`Stream ${streamId} is named twice in one appendMany`);
    seen.add(streamId);
  }
}
