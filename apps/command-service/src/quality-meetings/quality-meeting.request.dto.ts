import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches, MaxLength } from 'class-validator';
import { CODE, Code, Instant, LONG_TEXT, SHORT_TEXT, Text, VersionedRequest } from '../http/dto-helpers';

const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

const CauseCodes = () => (target: object, key: string) => {
  ApiProperty({ type: [String], description: 'Cause codes (of the meeting’s business line)' })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(20)(target, key);
  Matches(CODE, { each: true, message: 'each value in $property must be a cause code' })(target, key);
};

const OrgUnits = (description: string) => (target: object, key: string) => {
  ApiProperty({ type: [String], description })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(50)(target, key);
  MaxLength(SHORT_TEXT, { each: true })(target, key);
};

export class HoldQualityMeetingRequest extends VersionedRequest {
  @Code('Business line')
  businessLine!: string;

  @ApiProperty({ description: 'ISO week reviewed, YYYY-Www', example: '2026-W10' })
  @Matches(ISO_WEEK, { message: 'week must be an ISO week like 2026-W10' })
  week!: string;

  @OrgUnits('Org units whose quality the meeting covers')
  orgUnits!: string[];

  @Instant('When the meeting was held')
  heldAt!: string;

  @ApiProperty({ type: [String], description: 'Attendees (job numbers)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @MaxLength(64, { each: true })
  attendees!: string[];

  @Text('The archived pack reviewed (GET /reports/archive: archiveId)', SHORT_TEXT * 2, true)
  reviewedArchiveId?: string;
}

export class RecordMeetingFindingRequest extends VersionedRequest {
  @CauseCodes()
  causeCodes!: string[];

  @Text('What was found (找问题)', LONG_TEXT)
  summary!: string;
}

/** A decision and the corrective action it proposes (its line and meeting date are the meeting's). */
export class RecordMeetingDecisionRequest extends VersionedRequest {
  @Text('The finding it answers (its findingId)', 64, true)
  findingId?: string;

  @Text('What was decided (定措施)', LONG_TEXT)
  summary!: string;

  @CauseCodes()
  causeCodes!: string[];

  @OrgUnits('Org units the corrective action applies to')
  orgUnits!: string[];

  @Text('The measure (措施)', LONG_TEXT)
  description!: string;

  @Text('Owner (job number)', 64)
  owner!: string;

  @Instant('Due date of the corrective action')
  dueAt!: string;
}
