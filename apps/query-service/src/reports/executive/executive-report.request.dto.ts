import { BusinessLineFilter, OrgUnitFilter } from '../shared/report-filters';
import { ReportPeriodParam } from './report-period.param';

/** The executive report's parameters: the period, and optionally one business line and one org unit. */
export class ExecutiveReportRequest {
  @ReportPeriodParam({ required: true })
  period!: string;

  @BusinessLineFilter()
  businessLine?: string;

  @OrgUnitFilter()
  orgUnit?: string;
}
