import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public, probe } from '@app/platform';
import type { EventStore } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { EVENT_PUBLISHER } from '../kafka/event-publisher.provider';
import { EVENT_STORE } from '../store/event-store.provider';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => probe(this.indicator, 'eventStore', () => this.store.ping()),
      () => probe(this.indicator, 'kafka', () => this.publisher.ping()),
    ]);
  }
}
