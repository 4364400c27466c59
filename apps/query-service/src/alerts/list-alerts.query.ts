import { Query } from '@nestjs/cqrs';
import { type AlertList } from '@app/analytics/alerts/alert-list.sql';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';
import { type ListAlertsRequest } from './list-alerts.request.dto';

export class ListAlertsQuery extends Query<AlertList> {
  constructor(
    readonly request: ListAlertsRequest,
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
