import { Controller, Get } from '@nestjs/common';
import { AllUnits, RequirePermission } from '@app/platform';
import { ProjectorReport, type ProjectorReportBody } from '../project-events/projector-report.service';

@RequirePermission('ops:metrics')
@AllUnits()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly report: ProjectorReport) {}

  @Get()
  metrics(): Promise<ProjectorReportBody> {
    return this.report.current();
  }
}
