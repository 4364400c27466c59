import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  ALERT_LIST_MAX_PAGE_SIZE,
  ALERT_STATUSES,
  type AlertStatus,
} from '@app/analytics/alerts/alert-list.query';
import { ALERT_RULES, type AlertRule } from '@app/analytics/alerts/alert-rules';
import { BusinessLineFilter, withCode } from '../reports/shared/report-filters';

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

  @ApiPropertyOptional({ description: '1-based page', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number', ...withCode('QUERY.INVALID_PAGE') })
  @Min(1, withCode('QUERY.INVALID_PAGE'))
  @Max(1_000_000, withCode('QUERY.INVALID_PAGE'))
  page?: number;

  @ApiPropertyOptional({
    description: 'Alerts per page',
    minimum: 1,
    maximum: ALERT_LIST_MAX_PAGE_SIZE,
    default: 50,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number', ...withCode('QUERY.INVALID_PAGE_SIZE') })
  @Min(1, withCode('QUERY.INVALID_PAGE_SIZE'))
  @Max(ALERT_LIST_MAX_PAGE_SIZE, withCode('QUERY.INVALID_PAGE_SIZE'))
  pageSize?: number;
}
