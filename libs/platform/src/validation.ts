import {
  type ArgumentMetadata,
  HttpStatus,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ApiError, type FieldError, badRequest } from './api-error';

export type ValidationCodes = {
  /** Prefix of codes derived from a constraint's name: `VALIDATION.MAX_LENGTH`. */
  prefix: string;
  /** A field the DTO does not declare. */
  unknownField: string;
  required: string;
};

const BODY_CODES: ValidationCodes = {
  prefix: 'VALIDATION',
  unknownField: 'VALIDATION.UNKNOWN_FIELD',
  required: 'VALIDATION.REQUIRED',
};

const QUERY_CODES: ValidationCodes = {
  prefix: 'QUERY',
  unknownField: 'QUERY.UNKNOWN_PARAMETER',
  required: 'QUERY.REQUIRED',
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse keeps `__proto__` as an own key; refuse such keys anywhere in a body before anything copies it. */
const findForbiddenKey = (value: unknown, path: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return field;
    const nested = findForbiddenKey((value as Record<string, unknown>)[key], field);
    if (nested) return nested;
  }
  return undefined;
};

/** A DTO may name a constraint's code in the validator's context; otherwise it follows the constraint. */
const codeFor = (codes: ValidationCodes, error: ValidationError, constraint: string): string => {
  const context = error.contexts?.[constraint] as { code?: string } | undefined;
  if (context?.code) return context.code;
  if (constraint === 'whitelistValidation') return codes.unknownField;
  if (constraint === 'isDefined') return codes.required;
  if (constraint === 'nestedValidation') return `${codes.prefix}.NOT_AN_OBJECT`;
  return `${codes.prefix}.${constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
};

const flatten = (codes: ValidationCodes, errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = !prefix
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, reason]) => ({
      field,
      reason,
      code: codeFor(codes, error, constraint),
    }));
    return [...own, ...flatten(codes, error.children ?? [], field)];
  });

const dtoPipe = (codes: ValidationCodes, stopAtFirstError: boolean): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(codes, errors);
      return new ApiError(HttpStatus.BAD_REQUEST, {
        code: 'VALIDATION.FAILED',
        message: fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: fieldErrors,
      });
    },
  });

/**
 * Requests are validated against their DTO: unknown fields are refused (not silently dropped), nested
 * objects are validated, forbidden keys never get in, and every problem is named by field, reason and
 * code. Bodies get `VALIDATION.*` codes and every problem; query strings `QUERY.*` codes and the first
 * problem of each parameter. One pipe serves every service, alone or composed in one process.
 */
class StrictValidationPipe implements PipeTransform {
  private readonly body = dtoPipe(BODY_CODES, false);
  private readonly query = dtoPipe(QUERY_CODES, true);

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const forbidden = metadata.type === 'custom' ? undefined : findForbiddenKey(value, '');
    if (forbidden) throw badRequest(forbidden, 'is a forbidden key', 'VALIDATION.FORBIDDEN_KEY');
    return (metadata.type === 'query' ? this.query : this.body).transform(value, metadata);
  }
}

export const createValidationPipe = (): PipeTransform => new StrictValidationPipe();
