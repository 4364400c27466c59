import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  FOLLOW_UP_METHODS,
  FORMS,
  INVESTIGATION_SOURCES,
  RESOLUTION_OPTION_KINDS,
  RESPONSIBILITIES,
  REUSE,
  SATISFACTION,
  SEVERITIES,
  TIMELINESS,
} from '@app/complaints';
import { Code, Instant, LONG_TEXT, SHORT_TEXT, Text, UUID, VersionedRequest } from '../../http/dto-helpers';

const CONTACT_METHODS = ['phone', 'sms', 'email', 'letter', 'in-person'] as const;

export class ClassifyComplaintRequest extends VersionedRequest {
  @Code('Category code of the business line')
  category!: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: (typeof SEVERITIES)[number];

  @ApiProperty({ enum: RESPONSIBILITIES })
  @IsIn(RESPONSIBILITIES)
  responsibility!: (typeof RESPONSIBILITIES)[number];

  @ApiProperty({ enum: FORMS })
  @IsIn(FORMS)
  form!: (typeof FORMS)[number];

  @Text('Sudden incident this complaint belongs to', SHORT_TEXT, true)
  incidentId?: string;
}

export class ReasonRequest extends VersionedRequest {
  @Text('Reason', LONG_TEXT)
  reason!: string;
}

export class AcknowledgeComplaintRequest extends VersionedRequest {
  @ApiProperty({ enum: ['immediate', 'deferred'] })
  @IsIn(['immediate', 'deferred'])
  mode!: 'immediate' | 'deferred';

  @ApiProperty({ enum: CONTACT_METHODS })
  @IsIn(CONTACT_METHODS)
  contactMethod!: (typeof CONTACT_METHODS)[number];

  @Instant('Deferred only: the promised reply deadline; the SLA policy sets it when omitted', true)
  replyDeadline?: string;

  @Text('Immediate only: the answer given on the spot', LONG_TEXT, true)
  reply?: string;
}

export class InterimReplyRequest extends VersionedRequest {
  @Text('The status told to the customer', LONG_TEXT)
  statusTold!: string;

  @Instant('The next deadline, later than the one in force')
  nextDeadline!: string;
}

export class DispatchComplaintRequest extends VersionedRequest {
  @Code('Dispatch (work order) id, unique within the complaint')
  dispatchId!: string;

  @ApiProperty({ enum: ['handler', 'department'] })
  @IsIn(['handler', 'department'])
  assigneeKind!: 'handler' | 'department';

  @Text('Handler job number or department', SHORT_TEXT)
  assignee!: string;

  @Text('Instructions', LONG_TEXT)
  instructions!: string;

  @Instant('When the result is due back')
  dueAt!: string;
}

export class ReturnDispatchRequest extends VersionedRequest {
  @Code('Dispatch id')
  dispatchId!: string;

  @Text('The returned result (回单)', LONG_TEXT)
  result!: string;
}

export class EscalateComplaintRequest extends VersionedRequest {
  @ApiProperty({
    description: 'Target level on the escalation ladder (1 = team lead…)',
    minimum: 1,
    maximum: 20,
  })
  @IsInt()
  @Min(1)
  @Max(20)
  toLevel!: number;

  @Text('Reason', LONG_TEXT)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Urgent cases may skip levels; the direct superior is told afterwards',
  })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}

export class NotifySuperiorRequest extends VersionedRequest {
  @ApiProperty({ description: 'The skipped level whose holder was told', minimum: 0, maximum: 20 })
  @IsInt()
  @Min(0)
  @Max(20)
  level!: number;
}

export class InvestigationFindingRequest extends VersionedRequest {
  @ApiProperty({ enum: INVESTIGATION_SOURCES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INVESTIGATION_SOURCES.length)
  @IsIn(INVESTIGATION_SOURCES, { each: true })
  sources!: (typeof INVESTIGATION_SOURCES)[number][];

  @Text('When it happened', SHORT_TEXT, true)
  when?: string;

  @Text('Where', SHORT_TEXT, true)
  where?: string;

  @Text('Who was involved (job numbers)', SHORT_TEXT, true)
  who?: string;

  @Text('What happened, as found', LONG_TEXT)
  what!: string;

  @Text('What the customer wants', LONG_TEXT, true)
  customerWants?: string;
}

export class CauseRequest {
  @Code('Cause code of the business line')
  causeCode!: string;

  @Text('Responsible org unit', SHORT_TEXT)
  responsibleUnit!: string;

  @Text('Staff job number, where a staff member is responsible', 64, true)
  staffJobNumber?: string;
}

export class AttributeCausesRequest extends VersionedRequest {
  @ApiProperty({ type: [CauseRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CauseRequest)
  causes!: CauseRequest[];
}

export class ResolutionOptionRequest {
  @ApiProperty({ enum: RESOLUTION_OPTION_KINDS })
  @IsIn(RESOLUTION_OPTION_KINDS)
  kind!: (typeof RESOLUTION_OPTION_KINDS)[number];

  @ApiPropertyOptional({ description: 'Money amount (refund, compensation, discount)', minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100_000_000)
  amount?: number;

  @Text('Note', LONG_TEXT, true)
  note?: string;
}

export class ProposeResolutionRequest extends VersionedRequest {
  @Code('Proposal id, unique within the complaint')
  proposalId!: string;

  @ApiProperty({ type: [ResolutionOptionRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => ResolutionOptionRequest)
  options!: ResolutionOptionRequest[];
}

export class ProposalDecisionRequest extends VersionedRequest {
  @Code('Proposal id')
  proposalId!: string;

  @Text('Note', LONG_TEXT, true)
  note?: string;
}

export class ProposalRejectionRequest extends VersionedRequest {
  @Code('Proposal id')
  proposalId!: string;

  @Text('Reason', LONG_TEXT)
  reason!: string;
}

export class CustomerAcceptanceRequest extends VersionedRequest {
  @Code('Proposal id')
  proposalId!: string;

  @ApiPropertyOptional({ description: 'Whether a handling agreement (处理协议) was signed' })
  @IsOptional()
  @IsBoolean()
  agreementSigned?: boolean;
}

export class ImplementResolutionRequest extends VersionedRequest {
  @Code('Proposal id')
  proposalId!: string;

  @Text('Who carried it out (department or job number)', SHORT_TEXT)
  implementedBy!: string;

  @Text('Note', LONG_TEXT, true)
  note?: string;
}

export class FinalReplyRequest extends VersionedRequest {
  @Text('The answer given to the customer', LONG_TEXT)
  summary!: string;

  @ApiProperty({ enum: CONTACT_METHODS })
  @IsIn(CONTACT_METHODS)
  contactMethod!: (typeof CONTACT_METHODS)[number];
}

export class FollowUpAnswersRequest {
  @ApiProperty({ enum: SATISFACTION, description: 'Satisfied with the result?' })
  @IsIn(SATISFACTION)
  resultSatisfaction!: (typeof SATISFACTION)[number];

  @ApiProperty({ enum: TIMELINESS, description: 'Handled in time?' })
  @IsIn(TIMELINESS)
  timeliness!: (typeof TIMELINESS)[number];

  @ApiProperty({ enum: SATISFACTION, description: "Satisfied with the staff's attitude?" })
  @IsIn(SATISFACTION)
  attitudeSatisfaction!: (typeof SATISFACTION)[number];

  @ApiProperty({ enum: REUSE, description: 'Will you use this service again?' })
  @IsIn(REUSE)
  wouldReuse!: (typeof REUSE)[number];
}

export class FollowUpRequest extends VersionedRequest {
  @ApiProperty({ enum: FOLLOW_UP_METHODS })
  @IsIn(FOLLOW_UP_METHODS)
  method!: (typeof FOLLOW_UP_METHODS)[number];

  @Code('Follow-up level (a level of the escalation ladder, e.g. team-lead)')
  level!: string;

  @ApiProperty({ type: FollowUpAnswersRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => FollowUpAnswersRequest)
  answers!: FollowUpAnswersRequest;

  @Text('What would satisfy you more? (free text)', LONG_TEXT, true)
  comment?: string;
}

export class MergeComplaintRequest extends VersionedRequest {
  @ApiProperty({ format: 'uuid', description: 'The surviving complaint' })
  @Matches(UUID, { message: '$property must be a complaint id (UUID)' })
  intoComplaintId!: string;

  @Text('Reason', LONG_TEXT)
  reason!: string;
}

export class FileAppealRequest extends VersionedRequest {
  @Text('Attributed cause id, e.g. C1', 16)
  causeId!: string;

  @Text('Job number of the staff member the cause names', 64)
  staffJobNumber!: string;

  @Text('Grounds of the appeal', LONG_TEXT)
  reason!: string;
}

/** Points deducted, on a points rung of the accountability ladder only. */
const Points = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Points deducted, on a points rung only', minimum: 1, maximum: 1000 }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(1000),
  );

/** A rung of the business line's accountability ladder (policy `consequenceLadders`). */
export class ConsequenceRequest {
  @Code('Ladder level, e.g. none, notice, warning, points-deducted, referral')
  level!: string;

  @Points()
  points?: number;
}

export class DecideConsequenceRequest extends VersionedRequest {
  @Text('Attributed cause id, e.g. C1', 16)
  causeId!: string;

  @Code('Ladder level, e.g. none, notice, warning, points-deducted, referral')
  level!: string;

  @Points()
  points?: number;
}

export class DecideAppealRequest extends VersionedRequest {
  @Text('Attributed cause id, e.g. C1', 16)
  causeId!: string;

  @ApiProperty({ enum: ['upheld', 'rejected'] })
  @IsIn(['upheld', 'rejected'])
  outcome!: 'upheld' | 'rejected';

  @Text('Decision note', LONG_TEXT)
  note!: string;

  @ApiPropertyOptional({
    type: ConsequenceRequest,
    description: 'Upheld only: the lower rung the consequence becomes (default: the ladder’s lowest)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsequenceRequest)
  revisedConsequence?: ConsequenceRequest;
}

export class EmptyRequest extends VersionedRequest {}
