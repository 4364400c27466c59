import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import {
  parseCalendarDate,
  TOP_MOVERS,
  TREND_DIMENSIONS,
  TREND_GRANULARITIES,
  type TrendDimension,
  type TrendGranularity,
} from '@app/analytics/kpi/trends';
import { BusinessLineFilter, OrgUnitFilter, withCode } from '../shared/report-filters';

const isCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    parseCalendarDate(value, 'date');
    return true;
  } catch {
    return false;
  }
};

/** A required calendar day `YYYY-MM-DD`: QUERY.INVALID_DATE when it is not one. */
const CalendarDate = (description: string) =>
  applyDecorators(
    ApiProperty({ description, example: '2026-03-02', format: 'date' }),
    IsDefined(withCode('QUERY.REQUIRED')),
    ValidateBy(
      { name: 'isCalendarDate', validator: { validate: isCalendarDate } },
      {
        message: '$property must be a calendar date like 2026-03-02 (years 1970 to 2199)',
        ...withCode('QUERY.INVALID_DATE'),
      },
    ),
  );

/**
 * Root-cause trends parameters. Whether the range is too long for the granularity is the query's to
 * say (QUERY.RANGE_TOO_LONG, QUERY.INVALID_RANGE), as it lays out the buckets.
 */
export class TrendsRequest {
  @ApiProperty({ enum: TREND_DIMENSIONS, description: 'What a series counts' })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @IsIn(TREND_DIMENSIONS, {
    message: `dimension must be one of ${TREND_DIMENSIONS.join(', ')}`,
    ...withCode('QUERY.UNKNOWN_DIMENSION'),
  })
  dimension!: TrendDimension;

  @ApiProperty({ enum: TREND_GRANULARITIES, description: 'Bucket size, in the reporting time zone' })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @IsIn(TREND_GRANULARITIES, {
    message: `granularity must be one of ${TREND_GRANULARITIES.join(', ')}`,
    ...withCode('QUERY.UNKNOWN_GRANULARITY'),
  })
  granularity!: TrendGranularity;

  @CalendarDate('First calendar day of the range, in the reporting time zone')
  from!: string;

  @CalendarDate('Last calendar day of the range, included')
  to!: string;

  @BusinessLineFilter()
  businessLine?: string;

  @OrgUnitFilter()
  orgUnit?: string;

  @ApiPropertyOptional({
    description: 'How many top movers',
    type: 'integer',
    minimum: 1,
    maximum: TOP_MOVERS.max,
    default: TOP_MOVERS.default,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'top must be a whole number', ...withCode('QUERY.INVALID_TOP') })
  @Min(1, { message: `top must be from 1 to ${TOP_MOVERS.max}`, ...withCode('QUERY.INVALID_TOP') })
  @Max(TOP_MOVERS.max, {
    message: `top must be from 1 to ${TOP_MOVERS.max}`,
    ...withCode('QUERY.INVALID_TOP'),
  })
  top?: number;
}
