import { ApiPropertyOptional, ApiProperty, OmitType } from '@nestjs/swagger';

import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { DRILL_DOWN_METRIC_NAMES, type DrillDownMetric, MAX_PAGE_SIZE } from '@app/analytics/kpi/drill-down';
import { parseIsoWeek } from '@app/analytics/kpi/shared';
import { ReportPeriodParam } from '../executive/report-period.param';
import { WeeklyPackRequest } from '../weekly-pack/weekly-pack.request.dto';
import { PageNumber, PageSize } from '../shared/report-filters';

const code = (value: string) => ({ context: { code: value } });
const KEY_MAX = 400;

const isIsoWeekOrAbsent = (value: unknown): boolean => {
  if (value === undefined) return true;
  if (typeof value !== 'string') return false;
  try {
    parseIsoWeek(value, 'UTC');
    return true;
  } catch {
    return false;
  }
};

/** A figure belongs to one report period: a week of the weekly pack, or a period of the executive report. */
const oneReportPeriod = (_: unknown, { object }: ValidationArguments): boolean => {
  const { week, period } = object as { week?: unknown; period?: unknown };
  return (week === undefined) !== (period === undefined);
};

/** The figure to open: which metric of which report, narrowed by its key, one page of the list. */
export class DrillDownRequest extends OmitType(WeeklyPackRequest, ['week'] as const) {
  @ApiPropertyOptional({
    description:
      'ISO week `YYYY-Www` of a weekly-pack figure, read in the reporting time zone; exactly one of week and period',
    example: '2026-W10',
    pattern: '^\\d{4}-W\\d{2}$',
  })
  @ValidateBy(
    { name: 'oneReportPeriod', validator: { validate: oneReportPeriod } },
    {
      message: 'give exactly one of week (like 2026-W10) and period (like 2026-03, 2026-Q1, 2026-H1, 2026)',
      ...code('QUERY.PERIOD_REQUIRED'),
    },
  )
  @ValidateBy(
    { name: 'isIsoWeek', validator: { validate: isIsoWeekOrAbsent } },
    { message: 'week must be an ISO week that exists, like 2026-W10', ...code('QUERY.INVALID_WEEK') },
  )
  week?: string;

  @ReportPeriodParam({
    required: false,
    description:
      'Month `YYYY-MM`, quarter `YYYY-Qn`, half-year `YYYY-Hn` or year `YYYY` of an executive-report figure, ' +
      'read in the reporting time zone; exactly one of week and period',
  })
  period?: string;

  @ApiProperty({ enum: DRILL_DOWN_METRIC_NAMES, description: 'The figure whose complaints to list' })
  @IsDefined(code('QUERY.REQUIRED'))
  @IsIn(DRILL_DOWN_METRIC_NAMES, {
    message: `metric must be one of ${DRILL_DOWN_METRIC_NAMES.join(', ')}`,
    ...code('QUERY.UNKNOWN_METRIC'),
  })
  metric!: DrillDownMetric;

  @ApiPropertyOptional({
    description:
      'Breakdown key of the figure: a channel/category/severity/responsibility/org unit for breakdowns, an age bucket ' +
      'for overdueOpen, a level for escalation, question:answer for satisfaction, family/causeCode/responsibleUnit ' +
      'for rootCausePareto',
    maxLength: KEY_MAX,
  })
  @IsOptional()
  @IsString(code('QUERY.INVALID_KEY'))
  @MaxLength(KEY_MAX, code('QUERY.INVALID_KEY'))
  @Matches(/^[^\p{Cc}]+$/u, {
    message: 'key must not contain control characters',
    ...code('QUERY.INVALID_KEY'),
  })
  key?: string;

  @PageNumber()
  page?: number;

  @PageSize(MAX_PAGE_SIZE, 'Ids')
  pageSize?: number;
}
