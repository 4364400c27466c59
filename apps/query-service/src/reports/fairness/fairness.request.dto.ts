import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FAIRNESS_DIMENSIONS, type FairnessDimension } from '@app/analytics/kpi/fairness/fairness-report';
import { ReportPeriodParam } from '../executive/report-period.param';
import { BusinessLineFilter, OrgUnitFilter, withCode } from '../shared/report-filters';

const TEXT = /^[^\p{Cc}]+$/u;

/** The fairness report's parameters: the period its decisions were made in, and a business line. */
export class FairnessRequest {
  @ReportPeriodParam({ required: true })
  period!: string;

  @BusinessLineFilter()
  businessLine?: string;

  @OrgUnitFilter()
  orgUnit?: string;
}

const Text = (description: string, code: string, required: boolean) => [
  required
    ? ApiProperty({ description, maxLength: 200 })
    : ApiPropertyOptional({ description, maxLength: 200 }),
  required ? IsDefined(withCode('QUERY.REQUIRED')) : IsOptional(),
  IsString(withCode(code)),
  MaxLength(200, withCode(code)),
  Matches(TEXT, { message: '$property must not contain control characters', ...withCode(code) }),
];

const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((decorator) => decorator(target, key));

/** One cell of the report: a cause code and severity, an org unit or a decider, optionally one level. */
export class FairnessDrillDownRequest extends FairnessRequest {
  @apply(Text('Cause code of the stratum', 'QUERY.INVALID_CAUSE_CODE', true))
  causeCode!: string;

  @apply(Text('Severity of the stratum', 'QUERY.INVALID_SEVERITY', true))
  severity!: string;

  @ApiProperty({ enum: FAIRNESS_DIMENSIONS })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @IsIn(FAIRNESS_DIMENSIONS, {
    message: `dimension must be one of ${FAIRNESS_DIMENSIONS.join(', ')}`,
    ...withCode('QUERY.UNKNOWN_DIMENSION'),
  })
  dimension!: FairnessDimension;

  @apply(Text('The org unit or the decider’s job number', 'QUERY.INVALID_KEY', true))
  key!: string;

  @apply(Text('One ladder level; every level when omitted', 'QUERY.INVALID_LEVEL', false))
  level?: string;

  @ApiPropertyOptional({ description: '1-based page', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number', ...withCode('QUERY.INVALID_PAGE') })
  @Min(1, withCode('QUERY.INVALID_PAGE'))
  @Max(1_000_000, withCode('QUERY.INVALID_PAGE'))
  page?: number;

  @ApiPropertyOptional({ description: 'Causes per page', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number', ...withCode('QUERY.INVALID_PAGE_SIZE') })
  @Min(1, withCode('QUERY.INVALID_PAGE_SIZE'))
  @Max(200, withCode('QUERY.INVALID_PAGE_SIZE'))
  pageSize?: number;
}
