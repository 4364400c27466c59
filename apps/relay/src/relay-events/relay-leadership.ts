import { type LeaderLease, Pauses } from '@app/event-store';
import type { RelayLog, RelayService } from './relay.service';

export type RelayRole = 'standby' | 'active';

export interface LeadershipStatus {
  role: RelayRole;
  /** The lease the replicas compete for (the checkpoint's name). */
  lease: string;
  /** When this replica last became the active relay, while it is. */
  activeSince?: string;
  /** How many times this replica has become the active relay since it started. */
  terms: number;
  /** Why the last try at the lease failed, while it keeps failing. */
  lastError?: string;
}

export interface LeadershipOptions {
  /** How often a standby tries the lease, and the active relay confirms it while idle. */
  pollIntervalMs: number;
}

/**
 * Any number of relay replicas, one active: each tries the store's lease every poll interval; the one
 * that holds it follows the feed and publishes, the others stand by, connected, and take over at their
 * next try once the holder's lease ends (its process died: its session closed). The active relay
 * confirms the lease before every batch it publishes (`fence`), so one that lost it sends no more than
 * the batch it had already sent, and it steps down: stops following and releases the lease.
 */
export class RelayLeadership {
  private role: RelayRole = 'standby';
  private terms = 0;
  private activeSince?: Date;
  private lastError?: string;
  private loop?: Promise<void>;
  private stopped = false;
  private readonly pauses = new Pauses();

  constructor(
    private readonly lease: LeaderLease,
    private readonly relay: RelayService,
    private readonly options: LeadershipOptions,
    private readonly logger: RelayLog,
  ) {}

  /** The fence the relay asks before each batch: resolves only while this replica holds the lease. */
  static fenceOf(lease: LeaderLease): () => Promise<void> {
    return () => lease.confirm();
  }

  /** Starts competing for the lease in the background. */
  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  /** Stops competing; an active relay finishes its batch in flight, then lets the lease go at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pauses.wakeAll();
    await this.loop;
    this.loop = undefined;
    if (this.role === 'active') await this.stepDown();
  }

  status(): LeadershipStatus {
    return {
      role: this.role,
      lease: this.lease.name,
      ...(this.activeSince ? { activeSince: this.activeSince.toISOString() } : {}),
      terms: this.terms,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.role === 'active') await this.lease.confirm();
        else if (await this.lease.tryAcquire()) await this.takeOver();
        if (this.lastError !== undefined) this.logger.log(`Lease ${this.lease.name} reachable again`);
        this.lastError = undefined;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.role === 'active') {
          this.logger.warn(`Stepping down as the active relay: ${message}`);
          await this.stepDown();
        } else if (this.lastError !== message) {
          this.logger.warn(`Could not try lease ${this.lease.name}; standing by: ${message}`);
        }
        this.lastError = message;
      }
      if (!this.stopped) await this.pauses.sleep(this.options.pollIntervalMs);
    }
  }

  private async takeOver(): Promise<void> {
    this.role = 'active';
    this.terms += 1;
    this.activeSince = new Date();
    this.logger.log(`Holding lease ${this.lease.name}: this replica is now the active relay`);
    await this.relay.start();
  }

  private async stepDown(): Promise<void> {
    this.role = 'standby';
    this.activeSince = undefined;
    await this.relay.stop();
    await this.lease.release();
    this.logger.log(`Lease ${this.lease.name} released: this replica stands by`);
  }
}
