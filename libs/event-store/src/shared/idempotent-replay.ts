import { DuplicateEventIdError, type AppendResult, type EventToAppend } from '../event-store.port';

/** Where an event id of the incoming append is already stored. */
export interface StoredEventRef {
  eventId: string;
  streamId: string;
  streamRevision: number;
  globalPosition: bigint;
}

/**
 * The idempotency rule, for every adapter: when every id of the append is already stored in this stream,
 * consecutively and in the same order, this exact append happened before and its original result is
 * returned (whatever the expected revision says now). Any other overlap is a conflict.
 */
export function replayOrReject(
  streamId: string,
  events: readonly EventToAppend[],
  stored: readonly StoredEventRef[],
): AppendResult {
  const byId = new Map(stored.map((ref) => [ref.eventId.toLowerCase(), ref]));
  const refs = events
    .map((event) => byId.get(event.eventId.toLowerCase()))
    .filter((ref): ref is StoredEventRef => ref !== undefined);
  const firstRevision = refs[0]?.streamRevision ?? 0;
  const isReplay =
    refs.length === events.length &&
    refs.every((ref, i) => ref.streamId === streamId && ref.streamRevision === firstRevision + i);
  if (!isReplay) {
    throw new DuplicateEventIdError(
      streamId,
      stored.map((ref) => ref.eventId),
    );
  }
  return {
    nextExpectedRevision: firstRevision + events.length - 1,
    globalPositions: refs.map((ref) => ref.globalPosition),
    appended: false,
  };
}
