import { Inject, Injectable } from '@nestjs/common';
import { probe } from '@app/platform';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { AnalyticsStore } from '@app/analytics';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';
import { type ProjectionFeed } from '../feed/projection-feed.port';
import { PROJECTION_FEED } from '../feed/projection-feed.provider';
import { type FailingStep, ProjectorService } from '../project-events/projector.service';

/**
 * The projector's health indicators; exported so that a host process can add them to its own /health.
 * Each is down when its engine does not answer, and also while the projector keeps failing at that
 * engine's step of a batch (an insert into a detached table, a commit the broker refuses): answering a
 * ping is not enough while every batch fails.
 */
@Injectable()
export class ProjectorHealth {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(ANALYTICS_STORE) private readonly analytics: AnalyticsStore,
    @Inject(PROJECTION_FEED) private readonly feed: ProjectionFeed,
    private readonly projector: ProjectorService,
  ) {}

  analyticsStore(): Promise<HealthIndicatorResult> {
    return probe(this.indicator, 'analyticsStore', async () => {
      await this.analytics.ping();
      this.notFailingAt('analytics');
    });
  }

  projectionFeed(): Promise<HealthIndicatorResult> {
    return probe(this.indicator, 'projectionFeed', async () => {
      await this.feed.ping();
      this.notFailingAt('feed');
    });
  }

  private notFailingAt(step: FailingStep): void {
    const { state, failing, lastError } = this.projector.status();
    if (state === 'retrying' && failing === step)
      throw new Error(
        `${step === 'analytics' ? 'Writing batches' : 'Acknowledging batches'} keeps failing; retrying: ${lastError}`,
      );
  }
}
