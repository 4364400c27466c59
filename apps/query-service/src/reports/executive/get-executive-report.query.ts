import { Query } from '@nestjs/cqrs';
import type { ExecutiveReport, ReportDefinition } from '@app/analytics/kpi/executive';
import type { KpiDefinition, OrgUnitScope } from '@app/analytics/kpi/shared';
import { type ExecutiveReportRequest } from './executive-report.request.dto';

/**
 * The report and the definitions it rests on: the report's own (periods, changes, series, causes,
 * actions) and those of the KPIs it reads over the period, so that a reader sees what each figure means.
 */
export type ExecutiveReportResponse = {
  report: ExecutiveReport;
  definitions: (ReportDefinition | KpiDefinition)[];
};

export class GetExecutiveReportQuery extends Query<ExecutiveReportResponse> {
  constructor(
    readonly request: Readonly<ExecutiveReportRequest>,
    /** The receiving org units the caller may read (its principal's). */
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
