import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { type EventStore } from '@app/event-store';
import { EVENT_STORE } from '../store/event-store.provider';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStore()]);
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('eventStore');
    try {
      await this.store.ping();
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
