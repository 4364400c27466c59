import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { type AnalyticsStore } from '@app/analytics';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';

@ApiTags('health')
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
    return this.health.check([() => this.analyticsStore()]);
  }

  private async analyticsStore(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('analyticsStore');
    try {
      await this.store.ping();
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
