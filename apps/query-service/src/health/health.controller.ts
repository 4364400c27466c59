import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { QueryErrorFilter } from '../http/error.filter';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { probe, Public } from '@app/platform';
import { type AnalyticsStore } from '@app/analytics';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';

@ApiTags('health')
@Public()
@UseFilters(QueryErrorFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => probe(this.indicator, 'analyticsStore', () => this.store.ping())]);
  }
}
