import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AlertList } from '@app/analytics/alerts/alert-list.sql';
import { CurrentPrincipal, type Principal, RequirePermission } from '@app/platform';
import { QueryErrorFilter } from '../http/error.filter';
import { ListAlertsQuery } from './list-alerts.query';
import { ListAlertsRequest } from './list-alerts.request.dto';

const DESCRIPTION =
  'Alerts raised as events arrive: cause spikes (the pack’s Poisson rule per day and per ISO week), replies at ' +
  'risk or overdue, repeat customers, corrective actions past due; each once per (rule, key, period), with its ' +
  'figures and a link to the dashboard page behind it, newest first. Only alerts concerning one of the caller’s ' +
  'org units are listed or counted. No customer data: codes, counts and complaint ids. Acknowledge with ' +
  'POST /alerts/{alertId}/ack. Bad parameters → 400 naming the field, the reason and a stable code ' +
  '(QUERY.INVALID_ALERT_STATUS, QUERY.INVALID_ALERT_RULE, QUERY.INVALID_BUSINESS_LINE, QUERY.INVALID_PAGE, ' +
  'QUERY.INVALID_PAGE_SIZE, QUERY.UNKNOWN_PARAMETER).';

@ApiTags('alerts')
@UseFilters(QueryErrorFilter)
@Controller('alerts')
export class AlertsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('analytics:read')
  @ApiOperation({
    summary: 'The alerts of your org units, with their acknowledgement',
    description: DESCRIPTION,
  })
  list(@Query() request: ListAlertsRequest, @CurrentPrincipal() principal: Principal): Promise<AlertList> {
    return this.queries.execute(new ListAlertsQuery(request, principal.orgUnits));
  }
}
