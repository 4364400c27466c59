import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, Matches, MaxLength } from 'class-validator';
import { CODE, Code, Instant, LONG_TEXT, SHORT_TEXT, Text, VersionedRequest } from '../http/dto-helpers';

export class ProposeCorrectiveActionRequest extends VersionedRequest {
  @Code('Business line')
  businessLine!: string;

  @Instant('Date of the quality-analysis meeting that decided it')
  meetingDate!: string;

  @ApiProperty({ type: [String], description: 'Cause codes the action addresses' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: 'each value in $property must be a cause code' })
  causeCodes!: string[];

  @ApiProperty({ type: [String], description: 'Org units it applies to' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @MaxLength(SHORT_TEXT, { each: true })
  orgUnits!: string[];

  @Text('The measure (措施)', LONG_TEXT)
  description!: string;

  @Text('Owner (job number)', 64)
  owner!: string;

  @Instant('Due date')
  dueAt!: string;
}

export class CompleteCorrectiveActionRequest extends VersionedRequest {
  @Text('What was done', LONG_TEXT)
  note!: string;
}

export class VerifyCorrectiveActionRequest extends VersionedRequest {
  @ApiProperty({ description: 'Did the cause go down?' })
  @IsBoolean()
  effective!: boolean;

  @Text('Verification note', LONG_TEXT)
  note!: string;
}
