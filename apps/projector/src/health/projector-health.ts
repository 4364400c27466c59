import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { AnalyticsStore } from '@app/analytics';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';
import { type ProjectionFeed } from '../feed/projection-feed.port';
import { PROJECTION_FEED } from '../feed/projection-feed.provider';

/** The projector's health indicators; exported so that a host process can add them to its own /health. */
@Injectable()
export class ProjectorHealth {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(ANALYTICS_STORE) private readonly analytics: AnalyticsStore,
    @Inject(PROJECTION_FEED) private readonly feed: ProjectionFeed,
  ) {}

  analyticsStore(): Promise<HealthIndicatorResult> {
    return this.probe('analyticsStore', () => this.analytics.ping());
  }

  projectionFeed(): Promise<HealthIndicatorResult> {
    return this.probe('projectionFeed', () => this.feed.ping());
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      await ping();
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
