import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';
import { EVENT_STORE } from '../store/event-store.provider';
import { RelayService, type RelayState } from './relay.service';

/** Positions are strings: JSON numbers cannot hold every 64-bit position. */
export interface RelayReportBody {
  state: RelayState;
  topic: string;
  checkpointName: string;
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {}

  async current(): Promise<RelayReportBody> {
    const status = this.relay.status();
    const head = await this.store.headPosition();
    const lag = head > status.checkpoint ? head - status.checkpoint : 0n;
    return {
      state: status.state,
      topic: this.config.KAFKA_EVENTS_TOPIC,
      checkpointName: status.checkpointName,
      checkpoint: status.checkpoint.toString(),
      headPosition: head.toString(),
      lag: Number(lag),
      ...this.relay.metrics.snapshot(),
      ...(status.lastError !== undefined ? { lastError: status.lastError } : {}),
    };
  }
}
