import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { assertCheckpoint, type CheckpointStore } from '../checkpoint-store.port';
import { START_POSITION } from '../event-store.port';

/**
 * A `$`-prefixed type keeps checkpoint events out of the feed (`excludeSystemEvents` filters on the type),
 * so a relay never publishes its own checkpoints.
 */
const CHECKPOINT_EVENT_TYPE = '$FollowerCheckpoint';
/** Only the last event counts; a few are kept so a scavenge never races a reader to an empty stream. */
const KEEP_EVENTS = 3;
const MAX_RACES = 10;

interface StoredCheckpoint {
  position: bigint;
  revision?: bigint;
}

/** Checkpoints on KurrentDB: one stream per checkpoint whose last event holds the position. */
export class KurrentDbCheckpointStore implements CheckpointStore {
  constructor(private readonly client: KurrentDBClient) {}

  async load(name: string): Promise<bigint> {
    assertCheckpoint(name);
    return (await this.read(name)).position;
  }

  async save(name: string, position: bigint): Promise<void> {
    assertCheckpoint(name, position);
    const stream = checkpointStream(name);
    // Optimistic concurrency on the stream makes "only forward" hold with several writers.
    for (let race = 0; ; race++) {
      const current = await this.read(name);
      if (position <= current.position) return;
      if (current.revision === undefined)
        await this.client.setStreamMetadata(stream, { maxCount: KEEP_EVENTS });
      try {
        await this.client.appendToStream(
          stream,
          jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { position: position.toString() } }),
          { streamState: current.revision ?? NO_STREAM },
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || race >= MAX_RACES) throw error;
      }
    }
  }

  private async read(name: string): Promise<StoredCheckpoint> {
    try {
      const read = this.client.readStream(checkpointStream(name), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      for await (const resolved of read) {
        if (!resolved.event) continue;
        const data = resolved.event.data as { position?: unknown };
        return { position: BigInt(String(data.position)), revision: resolved.event.revision };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { position: START_POSITION };
  }
}

function checkpointStream(name: string): string {
  return `checkpoint-${name}`;
}
