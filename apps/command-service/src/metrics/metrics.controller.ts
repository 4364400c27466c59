import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllUnits, RequirePermission } from '@app/platform';
import { CommandErrorFilter } from '../http/error.filter';
import { CommandMetrics, type CommandMetricsBody } from './command-metrics';

@ApiTags('operations')
@UseFilters(CommandErrorFilter)
@RequirePermission('ops:metrics')
@AllUnits()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: CommandMetrics) {}

  @Get()
  @ApiOperation({
    summary:
      "This instance's counts since it started: commands and events appended, idempotent replays, " +
      'conflicts retried and answered 409 (every unit: an unscoped credential only)',
  })
  get(): CommandMetricsBody {
    return this.metrics.snapshot();
  }
}
