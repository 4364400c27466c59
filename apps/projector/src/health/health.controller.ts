import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@app/platform';
import { ProjectorHealth } from './projector-health';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly projector: ProjectorHealth,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.projector.analyticsStore(), () => this.projector.projectionFeed()]);
  }
}
