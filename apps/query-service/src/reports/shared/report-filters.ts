import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Business-line codes as the taxonomy writes them (`postal`, `telecom`). */
export const BUSINESS_LINE_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Org units are free text (up to 200 characters) on registration, so only control characters are refused. */
export const ORG_UNIT_TEXT = /^[^\p{Cc}]+$/u;
export const ORG_UNIT_MAX = 200;

/** Names the stable code a constraint reports (read by the validation pipe). */
export const withCode = (code: string) => ({ context: { code } });

/** The optional `businessLine` filter of every report: QUERY.INVALID_BUSINESS_LINE when malformed. */
export const BusinessLineFilter = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'Business line code; every line when omitted',
      pattern: BUSINESS_LINE_CODE.source,
    }),
    IsOptional(),
    IsString(withCode('QUERY.INVALID_BUSINESS_LINE')),
    Matches(BUSINESS_LINE_CODE, {
      message: 'businessLine must be a lower-case code (letters, digits, dashes; at most 64)',
      ...withCode('QUERY.INVALID_BUSINESS_LINE'),
    }),
  );

/** The optional receiving `orgUnit` filter of every report: QUERY.INVALID_ORG_UNIT when malformed. */
export const OrgUnitFilter = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'Receiving org unit; every unit when omitted',
      maxLength: ORG_UNIT_MAX,
    }),
    IsOptional(),
    IsString(withCode('QUERY.INVALID_ORG_UNIT')),
    MaxLength(ORG_UNIT_MAX, withCode('QUERY.INVALID_ORG_UNIT')),
    Matches(ORG_UNIT_TEXT, {
      message: 'orgUnit must not contain control characters',
      ...withCode('QUERY.INVALID_ORG_UNIT'),
    }),
  );
