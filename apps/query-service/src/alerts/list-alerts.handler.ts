import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { type AlertList, listAlerts } from '@app/analytics/alerts/alert-list.sql';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../config/query-service.config';
import { ListAlertsQuery } from './list-alerts.query';

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, AlertList> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  execute({ request, scope }: ListAlertsQuery): Promise<AlertList> {
    return listAlerts(this.store, this.config.ANALYTICS_DATABASE, scope, {
      status: request.status ?? 'open',
      ...(request.rule ? { rule: request.rule } : {}),
      ...(request.businessLine ? { businessLine: request.businessLine } : {}),
      page: request.page ?? 1,
      pageSize: request.pageSize ?? 50,
    });
  }
}
