import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { CommandErrorFilter } from '../http/error.filter';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public, probe } from '@app/platform';
import { type EventStore } from '@app/event-store';
import { EVENT_STORE } from '../store/event-store.provider';

@ApiTags('health')
@Public()
@UseFilters(CommandErrorFilter)
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
    return this.health.check([() => probe(this.indicator, 'eventStore', () => this.store.ping())]);
  }
}
