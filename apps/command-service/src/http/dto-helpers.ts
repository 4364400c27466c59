import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  isISO8601,
} from 'class-validator';

/** Lengths of text fields: codes and names are short, narratives long but bounded. */
export const SHORT_TEXT = 200;
export const LONG_TEXT = 4000;
export const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

const STRICT_ISO = { strict: true, strictSeparator: true } as const;

/**
 * Only a well-formed instant with a zone is normalised; anything else is left for the validators to
 * refuse. Date.parse alone is not enough: it rolls 2026-02-30 over into March, and the validators, which
 * run after the transform, would then see a valid date.
 */
const normalizeInstant = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string' || !WITH_ZONE.test(value) || !isISO8601(value, STRICT_ISO)) return value;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? value : new Date(millis).toISOString();
};

/** An ISO-8601 instant with a time zone, normalised to UTC. */
export const Instant = (description: string, optional = false) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ description, format: 'date-time' })
      : ApiProperty({ description, format: 'date-time' }),
    ...(optional ? [IsOptional()] : []),
    IsISO8601(STRICT_ISO),
    Matches(WITH_ZONE, { message: '$property must carry a time zone (Z or ±hh:mm)' }),
    Transform(normalizeInstant),
  );

export const Text = (description: string, max: number, optional = false) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ description, maxLength: max })
      : ApiProperty({ description, maxLength: max }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
  );

export const Code = (description: string, optional = false) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ description, pattern: CODE.source })
      : ApiProperty({ description, pattern: CODE.source }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(CODE, { message: '$property must be a lower-case code (letters, digits, dashes)' }),
  );

/** Every command body may pin the version the client saw (instead of an If-Match header). */
export class VersionedRequest {
  @ApiPropertyOptional({ description: 'Expected stream version (alternative to If-Match); stale → 409' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;
}
