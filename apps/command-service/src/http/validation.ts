import { type ArgumentMetadata, HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError, badRequest } from './api-error';

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

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const forbidden = metadata.type === 'body' ? findForbiddenKey(value, '') : undefined;
    if (forbidden) throw badRequest(forbidden, 'is a forbidden key', 'VALIDATION.FORBIDDEN_KEY');
    return super.transform(value, metadata);
  }
}

const CODE_BY_CONSTRAINT: Record<string, string> = {
  whitelistValidation: 'VALIDATION.UNKNOWN_FIELD',
  isDefined: 'VALIDATION.REQUIRED',
  nestedValidation: 'VALIDATION.NOT_AN_OBJECT',
};

const codeFor = (constraint: string): string =>
  CODE_BY_CONSTRAINT[constraint] ??
  `VALIDATION.${constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

const flatten = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, reason]) => ({
      field,
      reason,
      code: codeFor(constraint),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Bodies are validated against their DTO: unknown fields are refused (not silently dropped), nested
 * objects are validated, and every problem is named by field, reason and code.
 */
export const createValidationPipe = (): ValidationPipe =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new ApiError(HttpStatus.BAD_REQUEST, {
        code: 'VALIDATION.FAILED',
        message: fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: fieldErrors,
      });
    },
  });
