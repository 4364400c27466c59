import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, ValidateBy, type ValidationArguments } from 'class-validator';
import { InvalidQueryError, parseReportPeriod } from '@app/analytics/kpi/shared';
import { withCode } from '../shared/report-filters';

/** Why a value is no report period, or nothing when it is one (the zone does not change which ids exist). */
export const reportPeriodProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return 'period must be text like 2026-Q1';
  try {
    parseReportPeriod(value, 'UTC');
    return undefined;
  } catch (error) {
    if (error instanceof InvalidQueryError) return error.reason;
    throw error;
  }
};

const DESCRIPTION =
  'A month `YYYY-MM`, quarter `YYYY-Qn`, half-year `YYYY-Hn` or year `YYYY`, read in the reporting time zone';
const PATTERN = '^\\d{4}(-(\\d{2}|Q[1-4]|H[12]))?$';

/**
 * A report period parameter: QUERY.INVALID_PERIOD with the parser's reason when it names no period;
 * QUERY.REQUIRED when required and missing.
 */
export const ReportPeriodParam = ({
  required,
  description = DESCRIPTION,
}: {
  required: boolean;
  description?: string;
}) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example: '2026-Q1', pattern: PATTERN })
      : ApiPropertyOptional({ description, example: '2026-Q1', pattern: PATTERN }),
    required ? IsDefined(withCode('QUERY.REQUIRED')) : IsOptional(),
    ValidateBy(
      {
        name: 'isReportPeriod',
        validator: { validate: (value: unknown) => reportPeriodProblem(value) === undefined },
      },
      {
        message: ({ property, value }: ValidationArguments) =>
          reportPeriodProblem(value) ?? `${property} must be a report period`,
        ...withCode('QUERY.INVALID_PERIOD'),
      },
    ),
  );
