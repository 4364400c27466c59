import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { executiveReport } from '@app/analytics/kpi/executive';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { EXECUTIVE_DEFINITIONS } from './executive-definitions';
import { type ExecutiveReportResponse, GetExecutiveReportQuery } from './get-executive-report.query';

@QueryHandler(GetExecutiveReportQuery)
export class GetExecutiveReportHandler implements IQueryHandler<
  GetExecutiveReportQuery,
  ExecutiveReportResponse
> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ request, scope }: GetExecutiveReportQuery): Promise<ExecutiveReportResponse> {
    const { period, businessLine, orgUnit } = request;
    const report = await executiveReport(this.store, this.config.ANALYTICS_DATABASE, {
      period,
      timeZone: this.config.REPORTING_TIME_ZONE,
      businessLine,
      orgUnit,
      scope,
    });
    return { report, definitions: [...EXECUTIVE_DEFINITIONS] };
  }
}
