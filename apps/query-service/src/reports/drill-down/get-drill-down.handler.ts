import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { drillDown } from '@app/analytics/kpi/drill-down.query';
import { parseIsoWeek } from '@app/analytics/kpi/iso-week';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { type DrillDownReport, GetDrillDownQuery } from './get-drill-down.query';

@QueryHandler(GetDrillDownQuery)
export class GetDrillDownHandler implements IQueryHandler<GetDrillDownQuery, DrillDownReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ request }: GetDrillDownQuery): Promise<DrillDownReport> {
    const week = parseIsoWeek(request.week, this.config.REPORTING_TIME_ZONE);
    const page = await drillDown(this.store, this.config.ANALYTICS_DATABASE, {
      ...request,
      period: { start: week.start, end: week.end },
    });
    return { ...page, week: week.id };
  }
}
