import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { listComplaints } from '@app/analytics/complaint-list/complaint-list.sql';
import { drillDown } from '@app/analytics/kpi/drill-down';
import { InvalidQueryError, parseIsoWeek, parseReportPeriod } from '@app/analytics/kpi/shared';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { type DrillDownReport, GetDrillDownQuery } from './get-drill-down.query';

@QueryHandler(GetDrillDownQuery)
export class GetDrillDownHandler implements IQueryHandler<GetDrillDownQuery, DrillDownReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ request, scope }: GetDrillDownQuery): Promise<DrillDownReport> {
    const { week, period, ...rest } = request;
    const zone = this.config.REPORTING_TIME_ZONE;
    // The request DTO says so first; a caller on the bus without it is told the same.
    if ((week === undefined) === (period === undefined))
      throw new InvalidQueryError('QUERY.PERIOD_REQUIRED', 'week', 'give exactly one of week and period');
    const [unit, { id, start, end }] =
      week !== undefined
        ? (['week', parseIsoWeek(week, zone)] as const)
        : (['period', parseReportPeriod(period as string, zone)] as const);
    const page = await drillDown(this.store, this.config.ANALYTICS_DATABASE, {
      ...rest,
      scope,
      period: { start, end },
    });
    // The rows of the listed ids, from the same current-state table; a page holds at most 200 ids.
    const rows =
      page.complaintIds.length === 0
        ? []
        : (
            await listComplaints(this.store, this.config.ANALYTICS_DATABASE, {
              filters: { ids: page.complaintIds },
              limit: page.complaintIds.length,
              scope,
              subject: '',
              now: new Date(),
            })
          ).items;
    const byId = new Map(rows.map((row) => [row.complaintId, row]));
    const complaints = page.complaintIds.flatMap((complaintId) => byId.get(complaintId) ?? []);
    return unit === 'week' ? { ...page, week: id, complaints } : { ...page, period: id, complaints };
  }
}
