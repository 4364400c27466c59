import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SHORT_TEXT } from '../http/dto-helpers';

export class EraseCustomerRequest {
  @ApiProperty({ description: "The customer's reference, as registered with their complaints" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SHORT_TEXT)
  customerReference!: string;
}
