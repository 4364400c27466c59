import { Inject, Injectable } from '@nestjs/common';
import { probe } from '@app/platform';
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
    return probe(this.indicator, 'analyticsStore', () => this.analytics.ping());
  }

  projectionFeed(): Promise<HealthIndicatorResult> {
    return probe(this.indicator, 'projectionFeed', () => this.feed.ping());
  }
}
