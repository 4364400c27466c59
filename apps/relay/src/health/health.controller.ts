import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { EventStore } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { EVENT_PUBLISHER } from '../kafka/event-publisher.provider';
import { EVENT_STORE } from '../store/event-store.provider';

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
      () => this.probe('eventStore', () => this.store.ping()),
      () => this.probe('kafka', () => this.publisher.ping()),
    ]);
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
