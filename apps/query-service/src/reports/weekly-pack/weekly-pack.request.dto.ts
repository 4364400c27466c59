import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { parseIsoWeek } from '@app/analytics/kpi/shared';
import {
  BUSINESS_LINE_CODE as CODE,
  ORG_UNIT_MAX,
  ORG_UNIT_TEXT as TEXT,
  withCode as code,
} from '../shared/report-filters';

const isIsoWeek = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    parseIsoWeek(value, 'UTC');
    return true;
  } catch {
    return false;
  }
};

export class WeeklyPackRequest {
  @ApiProperty({
    description: 'ISO week `YYYY-Www` (week 53 only in long years), read in the reporting time zone',
    example: '2026-W10',
    pattern: '^\\d{4}-W\\d{2}$',
  })
  @IsDefined(code('QUERY.REQUIRED'))
  @ValidateBy(
    { name: 'isIsoWeek', validator: { validate: isIsoWeek } },
    {
      message: 'week must be an ISO week that exists, like 2026-W10',
      ...code('QUERY.INVALID_WEEK'),
    },
  )
  week!: string;

  @ApiPropertyOptional({ description: 'Business line code; every line when omitted', pattern: CODE.source })
  @IsOptional()
  @IsString(code('QUERY.INVALID_BUSINESS_LINE'))
  @Matches(CODE, {
    message: 'businessLine must be a lower-case code (letters, digits, dashes; at most 64)',
    ...code('QUERY.INVALID_BUSINESS_LINE'),
  })
  businessLine?: string;

  @ApiPropertyOptional({
    description: 'Receiving org unit; every unit when omitted',
    maxLength: ORG_UNIT_MAX,
  })
  @IsOptional()
  @IsString(code('QUERY.INVALID_ORG_UNIT'))
  @MaxLength(ORG_UNIT_MAX, code('QUERY.INVALID_ORG_UNIT'))
  @Matches(TEXT, {
    message: 'orgUnit must not contain control characters',
    ...code('QUERY.INVALID_ORG_UNIT'),
  })
  orgUnit?: string;
}
