import { Query } from '@nestjs/cqrs';
import { type ComplaintListItem } from '@app/analytics/complaint-list/complaint-list.sql';
import { type DrillDownMetric, type DrillDownPage } from '@app/analytics/kpi/drill-down';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';

/**
 * The list behind one figure, with the report period it belongs to (a week or a month, quarter…), and
 * each listed complaint as every complaint table shows it, in the order of `complaintIds`.
 */
export type DrillDownReport = DrillDownPage &
  ({ week: string } | { period: string }) & { complaints: ComplaintListItem[] };

export class GetDrillDownQuery extends Query<DrillDownReport> {
  constructor(
    readonly request: {
      metric: DrillDownMetric;
      key?: string;
      /** Exactly one of `week` and `period`. */
      week?: string;
      period?: string;
      businessLine?: string;
      orgUnit?: string;
      page?: number;
      pageSize?: number;
    },
    /** The receiving org units the caller may read (its principal's). */
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
