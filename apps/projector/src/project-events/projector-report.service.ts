import { Inject, Injectable } from '@nestjs/common';
import { type FeedStatus, type ProjectionFeed } from '../feed/projection-feed.port';
import { PROJECTION_FEED } from '../feed/projection-feed.provider';
import { type ProjectorCounts } from './projector-metrics';
import { ProjectorService, type ProjectorState } from './projector.service';
import { StreamStateCache } from './stream-state-cache';

export interface ProjectorReportBody extends ProjectorCounts {
  state: ProjectorState;
  feed: FeedStatus;
  /** Events not yet projected: Kafka consumer lag, or head − checkpoint on the store; null if unknown. */
  lag: number | null;
  lagDetail: string;
  eventsPerSecond: number;
  intervalSeconds: number;
  cache: ReturnType<StreamStateCache['stats']>;
  lastError?: string;
}

/** Lag and throughput, for the periodic log line and for GET /metrics. */
@Injectable()
export class ProjectorReport {
  constructor(
    private readonly projector: ProjectorService,
    private readonly cache: StreamStateCache,
    @Inject(PROJECTION_FEED) private readonly feed: ProjectionFeed,
  ) {}

  async current(): Promise<ProjectorReportBody> {
    const status = this.projector.status();
    let lag: { total: number | null; detail: string };
    try {
      lag = await this.feed.lag();
    } catch (error) {
      lag = { total: null, detail: `unknown: ${error instanceof Error ? error.message : String(error)}` };
    }
    return {
      state: status.state,
      feed: this.feed.status(),
      lag: lag.total,
      lagDetail: lag.detail,
      ...this.projector.metrics.snapshot(),
      cache: this.cache.stats(),
      ...(status.lastError !== undefined ? { lastError: status.lastError } : {}),
    };
  }
}
