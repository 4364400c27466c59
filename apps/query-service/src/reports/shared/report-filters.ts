import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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

/** An optional whole number in [min, max], from the query string, refused with `code` otherwise. */
export const WholeNumber = (
  name: string,
  range: { min: number; max: number; default: number },
  code: string,
  description?: string,
) =>
  applyDecorators(
    ApiPropertyOptional({ description, minimum: range.min, maximum: range.max, default: range.default }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: `${name} must be a whole number`, ...withCode(code) }),
    Min(range.min, withCode(code)),
    Max(range.max, withCode(code)),
  );

/** `page`: 1-based. */
export const PageNumber = () =>
  applyDecorators(
    ApiPropertyOptional({ description: '1-based page', minimum: 1, default: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'page must be a whole number', ...withCode('QUERY.INVALID_PAGE') }),
    Min(1, withCode('QUERY.INVALID_PAGE')),
    Max(1_000_000, withCode('QUERY.INVALID_PAGE')),
  );

/** `pageSize`: 1 to `max`, 50 by default; `what` says what a page holds. */
export const PageSize = (max: number, what: string) =>
  WholeNumber('pageSize', { min: 1, max, default: 50 }, 'QUERY.INVALID_PAGE_SIZE', `${what} per page`);
