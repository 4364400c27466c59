import type { RecordedEvent } from '@app/event-store';

/** Publishes stored events to the events topic for the consumers behind it (projectors). */
export interface EventPublisher {
  /**
   * Resolves once the broker has acknowledged every event of the batch; rejects otherwise, in which case
   * any part of the batch may or may not have been written (publishing again may duplicate, never lose).
   * One call at a time: batches are published in the order given.
   */
  publish(events: readonly RecordedEvent[]): Promise<void>;
  /** Cheap liveness check for /health: throws while the publisher cannot publish. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
