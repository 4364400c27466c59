import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  IDENTIFIER,
  MAX_TOKEN_TTL_SECONDS,
  ORG_UNIT_MAX_LENGTH,
  ROLES,
  type Role,
} from '@app/platform';

export class IssueTokenRequest {
  @ApiProperty({
    description: 'The staff job number, or the system id, the token stands for',
    example: 'A1001',
  })
  @IsString()
  @Matches(IDENTIFIER, { message: '$property must be 1–128 letters, digits or ._:@-' })
  subject!: string;

  @ApiProperty({ description: 'Roles the token carries', enum: ROLES, isArray: true, example: ['agent'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `each value in $property must be one of ${ROLES.join(', ')}` })
  roles!: Role[];

  @ApiPropertyOptional({
    description:
      'Org units the token is limited to; omitted: unscoped (a scoped issuer must name units of its own)',
    type: [String],
    example: ['beijing-branch-3'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: '$property must name at least one org unit; omit it for an unscoped token' })
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(ORG_UNIT_MAX_LENGTH, { each: true })
  orgUnits?: string[];

  @ApiPropertyOptional({
    description: `Lifetime in seconds, 60 to ${MAX_TOKEN_TTL_SECONDS} (${MAX_TOKEN_TTL_SECONDS / 3600} h)`,
    default: DEFAULT_TOKEN_TTL_SECONDS,
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(MAX_TOKEN_TTL_SECONDS)
  ttlSeconds?: number;
}
