import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';

const CODE_BY_CONSTRAINT: Record<string, string> = {
  whitelistValidation: 'QUERY.UNKNOWN_PARAMETER',
  isDefined: 'QUERY.REQUIRED',
};

/** A DTO names a parameter's code in the validator's context; otherwise it follows the constraint. */
const codeFor = (error: ValidationError, constraint: string): string => {
  const context = error.contexts?.[constraint] as { code?: string } | undefined;
  return (
    context?.code ??
    CODE_BY_CONSTRAINT[constraint] ??
    `QUERY.${constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`
  );
};

const toFieldErrors = (errors: ValidationError[]): FieldError[] =>
  errors.flatMap((error) =>
    Object.entries(error.constraints ?? {}).map(([constraint, reason]) => ({
      field: error.property,
      reason,
      code: codeFor(error, constraint),
    })),
  );

/**
 * Query strings are validated against their DTO: unknown parameters are refused (not silently dropped),
 * the first problem of each parameter is named by field, reason and code.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = toFieldErrors(errors);
      return new ApiError(HttpStatus.BAD_REQUEST, {
        code: 'VALIDATION.FAILED',
        message: fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: fieldErrors,
      });
    },
  });
