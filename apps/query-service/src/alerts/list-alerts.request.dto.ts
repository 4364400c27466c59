import { ApiPropertyOptional } from '@nestjs/swagger';

import { IsIn, IsOptional } from 'class-validator';
import {
  ALERT_LIST_MAX_PAGE_SIZE,
  ALERT_STATUSES,
  type AlertStatus,
} from '@app/analytics/alerts/alert-list.sql';
import { ALERT_RULES, type AlertRule } from '@app/analytics/alerts/alert-rules';
import { BusinessLineFilter, PageNumber, PageSize, withCode } from '../reports/shared/report-filters';

/** `GET /alerts`: which alerts, a page at a time. */
export class ListAlertsRequest {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(ALERT_STATUSES, {
    message: `status must be one of ${ALERT_STATUSES.join(', ')}`,
    ...withCode('QUERY.INVALID_ALERT_STATUS'),
  })
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_RULES })
  @IsOptional()
  @IsIn(ALERT_RULES, {
    message: `rule must be one of ${ALERT_RULES.join(', ')}`,
    ...withCode('QUERY.INVALID_ALERT_RULE'),
  })
  rule?: AlertRule;

  @BusinessLineFilter()
  businessLine?: string;

  @PageNumber()
  page?: number;

  @PageSize(ALERT_LIST_MAX_PAGE_SIZE, 'Alerts')
  pageSize?: number;
}
