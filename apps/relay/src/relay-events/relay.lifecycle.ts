import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';
import { EVENT_PUBLISHER } from '../kafka/event-publisher.provider';
import { EVENT_STORE } from '../store/event-store.provider';
import { RelayLeadership } from './relay-leadership';
import { RelayReport } from './relay-report.service';
import { RelayService } from './relay.service';

/**
 * Runs the relay with the application: competes for the lease once everything is connected (following
 * the feed while it holds it), logs lag and throughput every interval, and on shutdown (SIGTERM) lets
 * the batch in flight finish and save its checkpoint, then releases the lease for a standby, before Kafka
 * and the store are disconnected.
 */
@Injectable()
export class RelayLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('relay');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly relay: RelayService,
    private readonly leadership: RelayLeadership,
    private readonly report: RelayReport,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.leadership.start();
    this.timer = setInterval(() => void this.logReport(), this.config.RELAY_METRICS_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.leadership.stop();
    const { checkpoint } = this.relay.status();
    this.logger.log(`Relay stopped at checkpoint ${this.config.RELAY_CHECKPOINT}=${checkpoint}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    await this.store.close();
  }

  private async logReport(): Promise<void> {
    const interval = this.relay.metrics.closeInterval();
    try {
      const report = await this.report.current();
      this.logger.log(
        `lag ${report.lag} (checkpoint ${report.checkpoint}, head ${report.headPosition}), ` +
          `${Math.round(interval.eventsPerSecond)} events/s over the last ${interval.seconds.toFixed(1)} s, ` +
          `${report.publishedTotal} published since start, ${report.role}` +
          (report.role === 'active' ? ` (${report.state})` : ''),
      );
    } catch (error) {
      this.logger.warn(`Could not read the store's head position: ${String(error)}`);
    }
  }
}
