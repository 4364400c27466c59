import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { UUID } from '../http/dto-helpers';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PersonalDataReadsQuery {
  @ApiPropertyOptional({ description: 'Only the reads of this complaint' })
  @IsOptional()
  @IsString()
  @Matches(UUID, { message: 'complaintId must be a UUID' })
  complaintId?: string;

  @ApiPropertyOptional({ description: 'First day (UTC), YYYY-MM-DD; default: `to`' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day (UTC), YYYY-MM-DD; default: today' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;
}
