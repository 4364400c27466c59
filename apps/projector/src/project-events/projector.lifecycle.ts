import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AnalyticsStore } from '@app/analytics';
import { ALERTS_RUNTIME, type AlertsRuntime } from '../alerts/alerts.lifecycle';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';
import { DEV_SECRET_WARNING, PROJECTOR_CONFIG, type ProjectorConfig } from '../config/projector.config';
import { PROJECTOR_OWNED_RESOURCES, type OwnedResources } from '../projector.tokens';
import { ProjectorReport } from './projector-report.service';
import { ProjectorService } from './projector.service';

/**
 * Runs the projector with the application: starts it once the stores are open and migrated, logs lag and
 * throughput every interval, and on shutdown (SIGTERM) lets the batch in flight be written and
 * acknowledged before the feed and the stores are closed. Stores handed in by the host stay open.
 */
@Injectable()
export class ProjectorLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('projector');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly projector: ProjectorService,
    private readonly report: ProjectorReport,
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    @Inject(ANALYTICS_STORE) private readonly analytics: AnalyticsStore,
    @Inject(PROJECTOR_OWNED_RESOURCES) private readonly owned: OwnedResources,
    @Inject(ALERTS_RUNTIME) private readonly alerts: AlertsRuntime | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Production requires CUSTOMER_KEY_SECRET (the configuration refuses to start without it); elsewhere the
    // secret made for the data directory is the documented default, so it is said, not warned about.
    if (this.config.usesDevCustomerKeySecret) this.logger.log(DEV_SECRET_WARNING);
    await this.projector.start();
    await this.alerts?.start(this.config);
    this.timer = setInterval(() => void this.logReport(), this.config.PROJECTOR_METRICS_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.alerts?.stop();
    await this.projector.stop();
    this.logger.log(
      `Projector stopped; ${this.projector.metrics.snapshot().eventsTotal} events projected since start`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned.analytics) await this.analytics.close();
    await this.owned.eventStore?.close();
  }

  private async logReport(): Promise<void> {
    const interval = this.projector.metrics.closeInterval();
    const report = await this.report.current();
    this.logger.log(
      `lag ${report.lag ?? '?'} (${report.lagDetail}), ${Math.round(interval.eventsPerSecond)} events/s over the ` +
        `last ${interval.seconds.toFixed(1)} s; since start ${report.eventsTotal} events (${report.appliedTotal} applied, ` +
        `${report.duplicateTotal} duplicates, ${report.rejectedTotal} rejected), cache ${report.cache.size}/` +
        `${report.cache.capacity}, ${report.state}${report.lastError ? ` (${report.lastError})` : ''}`,
    );
  }
}
