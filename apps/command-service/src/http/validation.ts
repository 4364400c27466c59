import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';

const CODE_BY_CONSTRAINT: Record<string, string> = {
  whitelistValidation: 'VALIDATION.UNKNOWN_FIELD',
  isDefined: 'VALIDATION.REQUIRED',
  nestedValidation: 'VALIDATION.NOT_AN_OBJECT',
};

const codeFor = (constraint: string): string =>
  CODE_BY_CONSTRAINT[constraint] ?? `VALIDATION.${constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

const flatten = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
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
  new ValidationPipe({
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
