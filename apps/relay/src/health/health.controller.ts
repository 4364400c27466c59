import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public, probe } from '@app/platform';
import type { EventStore } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { EVENT_PUBLISHER } from '../kafka/event-publisher.provider';
import { RelayLeadership } from '../relay-events/relay-leadership';
import { EVENT_STORE } from '../store/event-store.provider';

/** The store and Kafka; `relay` is up in both roles (a standby is ready to take over) and names the role. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    private readonly leadership: RelayLeadership,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => probe(this.indicator, 'eventStore', () => this.store.ping()),
      () => probe(this.indicator, 'kafka', () => this.publisher.ping()),
      () => this.indicator.check('relay').up({ role: this.leadership.status().role }),
    ]);
  }
}
