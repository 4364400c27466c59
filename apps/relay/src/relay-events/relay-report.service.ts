import { Inject, Injectable } from '@nestjs/common';
import type { CheckpointStore, EventStore } from '@app/event-store';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';
import { CHECKPOINT_STORE, EVENT_STORE } from '../store/event-store.provider';
import { type LeadershipStatus, RelayLeadership } from './relay-leadership';
import { RelayService, type RelayState } from './relay.service';

/** Positions are strings: JSON numbers cannot hold every 64-bit position. */
export interface RelayReportBody extends LeadershipStatus {
  /** What this replica's relay loop is doing (`idle` or `stopped` while it stands by). */
  state: RelayState;
  topic: string;
  checkpointName: string;
  /** The saved checkpoint: the active replica's, whichever replica answers. */
  checkpoint: string;
  headPosition: string;
  /** headPosition − checkpoint, in the store's position units (events on SQL stores, log bytes on KurrentDB). */
  lag: number;
  eventsPerSecond: number;
  intervalSeconds: number;
  publishedTotal: number;
  batchesTotal: number;
  lastError?: string;
}

/** Lag and throughput, for the periodic log line and for GET /metrics. */
@Injectable()
export class RelayReport {
  constructor(
    private readonly relay: RelayService,
    private readonly leadership: RelayLeadership,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {}

  async current(): Promise<RelayReportBody> {
    const status = this.relay.status();
    const leadership = this.leadership.status();
    const head = await this.store.headPosition();
    // A standby's own loop is not running: the active replica's progress is the saved checkpoint.
    const checkpoint =
      leadership.role === 'active' ? status.checkpoint : await this.checkpoints.load(status.checkpointName);
    const lag = head > checkpoint ? head - checkpoint : 0n;
    return {
      ...leadership,
      state: status.state,
      topic: this.config.KAFKA_EVENTS_TOPIC,
      checkpointName: status.checkpointName,
      checkpoint: checkpoint.toString(),
      headPosition: head.toString(),
      lag: Number(lag),
      ...this.relay.metrics.snapshot(),
      ...(status.lastError !== undefined ? { lastError: status.lastError } : {}),
      ...(leadership.lastError !== undefined ? { lastError: leadership.lastError } : {}),
    };
  }
}
