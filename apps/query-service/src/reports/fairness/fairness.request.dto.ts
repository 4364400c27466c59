import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { FAIRNESS_DIMENSIONS, type FairnessDimension } from '@app/analytics/kpi/fairness/fairness-report';
import { ReportPeriodParam } from '../executive/report-period.param';
import { BusinessLineFilter, OrgUnitFilter, PageNumber, PageSize, withCode } from '../shared/report-filters';

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

  @PageNumber()
  page?: number;

  @PageSize(200, 'Causes')
  pageSize?: number;
}
