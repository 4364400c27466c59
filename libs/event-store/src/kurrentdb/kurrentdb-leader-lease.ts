import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { type LeaderLease, LeaseLostError, assertLeaseName } from '../leader-lease.port';

/** `$`-prefixed, like the checkpoints: the feed leaves it out, so no relay ever publishes a lease. */
const LEASE_EVENT_TYPE = '$LeaderLease';
/** Only the last event counts; a few are kept so a scavenge never races a reader to an empty stream. */
const KEEP_EVENTS = 3;

interface LeaseRecord {
  revision: bigint;
  /** The holder's id; absent once released. */
  holder?: string;
  ttlMs: number;
}

/**
 * A lease as a stream whose last event names the holder. KurrentDB cannot see a holder's process die, so
 * the lease expires: the holder renews it (an append expecting its own last revision) every third of its
 * ttl, and a standby that has seen the same last revision for a whole ttl, on its own clock, takes it
 * with an append expecting that revision — of two standbys only one such append succeeds. The holder
 * counts on it only up to half a ttl after its last renewal was sent, so it has stopped before any standby
 * can take over. Take-over after a crash therefore needs the ttl (default 5 s), not a session's end.
 */
export class KurrentDbLeaderLease implements LeaderLease {
  private readonly id = randomUUID();
  private held?: { revision: bigint; sentAt: number };
  private observed?: { revision: bigint; since: number };

  constructor(
    private readonly client: KurrentDBClient,
    readonly name: string,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    assertLeaseName(name);
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) {
      await this.confirm();
      return true;
    }
    const last = await this.readLast();
    const now = this.now();
    if (last?.holder !== undefined) {
      if (this.observed?.revision !== last.revision) {
        this.observed = { revision: last.revision, since: now };
        return false;
      }
      if (now - this.observed.since < last.ttlMs) return false;
    }
    try {
      await this.write(last?.revision, now);
      return true;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      this.observed = undefined;
      return false;
    }
  }

  async confirm(): Promise<void> {
    const held = this.held;
    if (!held) throw new LeaseLostError(this.name, 'it was never taken, was released or was taken over');
    const now = this.now();
    if (now - held.sentAt < this.ttlMs / 3) return;
    try {
      await this.write(held.revision, now);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        this.held = undefined;
        throw new LeaseLostError(this.name, 'another holder took it over', { cause: error });
      }
      // Still ours until half its ttl has gone by: no standby takes it before a whole ttl.
      if (this.now() - held.sentAt >= this.ttlMs / 2) {
        this.held = undefined;
        throw new LeaseLostError(this.name, 'it could not be renewed in time', { cause: error });
      }
    }
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    await this.client
      .appendToStream(this.stream(), jsonEvent({ type: LEASE_EVENT_TYPE, data: { ttlMs: this.ttlMs } }), {
        streamState: held.revision,
      })
      // Taken over already, or unreachable: either way it is not ours any more, and it will expire.
      .catch(() => undefined);
  }

  private async write(expected: bigint | undefined, sentAt: number): Promise<void> {
    if (expected === undefined) await this.client.setStreamMetadata(this.stream(), { maxCount: KEEP_EVENTS });
    const result = await this.client.appendToStream(
      this.stream(),
      jsonEvent({ type: LEASE_EVENT_TYPE, data: { holder: this.id, ttlMs: this.ttlMs } }),
      { streamState: expected ?? NO_STREAM },
    );
    this.held = { revision: result.nextExpectedRevision, sentAt };
  }

  private async readLast(): Promise<LeaseRecord | undefined> {
    try {
      const read = this.client.readStream(this.stream(), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      for await (const resolved of read) {
        if (!resolved.event) continue;
        const data = resolved.event.data as { holder?: unknown; ttlMs?: unknown };
        return {
          revision: resolved.event.revision,
          ...(typeof data.holder === 'string' ? { holder: data.holder } : {}),
          ttlMs: Number(data.ttlMs) || this.ttlMs,
        };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }

  private stream(): string {
    return `lease-${this.name}`;
  }
}
