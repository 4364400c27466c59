import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { KPI_DEFINITIONS } from '@app/analytics/kpi/kpi-definitions';
import { weeklyPack } from '@app/analytics/kpi/weekly-pack.query';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { GetWeeklyPackQuery, type WeeklyPackReport } from './get-weekly-pack.query';

@QueryHandler(GetWeeklyPackQuery)
export class GetWeeklyPackHandler implements IQueryHandler<GetWeeklyPackQuery, WeeklyPackReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ week, scope, businessLine, orgUnit }: GetWeeklyPackQuery): Promise<WeeklyPackReport> {
    const pack = await weeklyPack(this.store, this.config.ANALYTICS_DATABASE, {
      week,
      timeZone: this.config.REPORTING_TIME_ZONE,
      businessLine,
      orgUnit,
      scope,
    });
    return { pack, definitions: Object.values(KPI_DEFINITIONS) };
  }
}
