import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { rootCauseTrends, TREND_DEFINITIONS } from '@app/analytics/kpi/trends';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { GetTrendsQuery, type TrendsReport } from './get-trends.query';

@QueryHandler(GetTrendsQuery)
export class GetTrendsHandler implements IQueryHandler<GetTrendsQuery, TrendsReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ request, scope }: GetTrendsQuery): Promise<TrendsReport> {
    const { dimension, granularity, from, to, businessLine, orgUnit, top } = request;
    const trends = await rootCauseTrends(this.store, this.config.ANALYTICS_DATABASE, {
      dimension,
      granularity,
      from,
      to,
      timeZone: this.config.REPORTING_TIME_ZONE,
      businessLine,
      orgUnit,
      scope,
      top,
    });
    return { trends, definitions: Object.values(TREND_DEFINITIONS) };
  }
}
