import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { Code, Instant, LONG_TEXT, SHORT_TEXT, Text, VersionedRequest } from '../../http/dto-helpers';

export class ContactDto {
  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{3,32}$/, { message: '$property must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: SHORT_TEXT })
  @IsOptional()
  @IsEmail()
  email?: string;

  @Text('Postal address', SHORT_TEXT, true)
  address?: string;
}

export class CustomerDto {
  @Text("The customer's reference in the organisation's systems", SHORT_TEXT)
  reference!: string;

  @Text('Name (personal data)', SHORT_TEXT)
  name!: string;

  @ApiProperty({ type: ContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;
}

export class StaffDto {
  @Text('Staff job number (staff are named by job number, never by name)', 64)
  jobNumber!: string;

  @Text('Org unit', SHORT_TEXT)
  orgUnit!: string;
}

export class SourceDto {
  @Code('Upstream system, e.g. hotline-platform')
  system!: string;

  @Text('The id of the complaint in the upstream system', SHORT_TEXT)
  externalId!: string;
}

export class RegisterComplaintRequest extends VersionedRequest {
  @Code('Business line from the taxonomy, e.g. postal')
  businessLine!: string;

  @Code('Channel code of the business line, e.g. hotline-11185')
  channel!: string;

  @Instant('When the complaint was received; now when omitted', true)
  receivedAt?: string;

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @Text('What happened', LONG_TEXT)
  description!: string;

  @Text('What the customer asks for', LONG_TEXT)
  demand!: string;

  @ApiProperty({ type: StaffDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StaffDto)
  receivedBy!: StaffDto;

  @ApiPropertyOptional({ type: SourceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SourceDto)
  source?: SourceDto;
}
