import { Controller, Get } from '@nestjs/common';
import { AllUnits, RequirePermission } from '@app/platform';
import { RelayReport, type RelayReportBody } from '../relay-events/relay-report.service';

@RequirePermission('ops:metrics')
@AllUnits()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly report: RelayReport) {}

  @Get()
  metrics(): Promise<RelayReportBody> {
    return this.report.current();
  }
}
