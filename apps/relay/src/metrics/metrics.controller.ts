import { Controller, Get } from '@nestjs/common';
import { RelayReport, type RelayReportBody } from '../relay-events/relay-report.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly report: RelayReport) {}

  @Get()
  metrics(): Promise<RelayReportBody> {
    return this.report.current();
  }
}
