import {
  type ArgumentMetadata,
  HttpStatus,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ApiError, type FieldError, badRequest } from './api-error';
import { MALFORMED_TEXT_REASON, isWellFormedText } from '@app/event-store';

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

/**
 * Keys no body or query may hold: they reach `Object.prototype` if anything copies them naively, and
 * class-transformer silently drops a key that names an inherited method (`toString`), so the unknown-field
 * check would never see it.
 */
const FORBIDDEN_KEYS = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** Deeper than any request of the services nests; refused before anything walks the value recursively. */
const MAX_NESTING = 32;

const isIllFormed = (text: string): boolean => !isWellFormedText(text);

const MALFORMED_TEXT = MALFORMED_TEXT_REASON;

const PER_ITEM_TEXT = Symbol('validation:per-item-text');

/**
 * On a body DTO: the values under these fields are items the handler checks one by one, each answered
 * with its own error (the ingress batch), so text that is not well-formed there refuses that item, not
 * the request. Forbidden keys and nesting depth are still refused for the whole request.
 */
export const TextCheckedPerItem =
  (...fields: string[]): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(PER_ITEM_TEXT, fields, target);

const perItemTextFields = (metatype: unknown): readonly string[] =>
  typeof metatype === 'function'
    ? ((Reflect.getMetadata(PER_ITEM_TEXT, metatype) as string[] | undefined) ?? [])
    : [];

/** How a field is named in an error: `a.b`, `a[0]`; an empty key shows as `""` so it is still named. */
const childField = (path: string, key: string, inArray: boolean): string => {
  if (inArray) return `${path}[${key}]`;
  const name = key === '' ? '""' : key;
  return path ? `${path}.${name}` : name;
};

/**
 * What no request may hold anywhere, checked before anything copies or walks it: a key that reaches
 * `Object.prototype` (JSON.parse keeps `__proto__` as an own key), text that is not well-formed, or
 * nesting deeper than MAX_NESTING. Returns the first problem, named by its field.
 */
const findHazard = (
  value: unknown,
  path: string,
  depth = 1,
  textCheckedLater: (key: string, depth: number) => boolean = () => false,
  checkText = true,
): FieldError | undefined => {
  if (typeof value === 'string')
    return checkText && isIllFormed(value)
      ? { field: path || 'body', reason: MALFORMED_TEXT, code: 'VALIDATION.MALFORMED_TEXT' }
      : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_NESTING)
    return {
      field: path || 'body',
      reason: `nests deeper than ${MAX_NESTING} levels`,
      code: 'VALIDATION.TOO_DEEP',
    };
  for (const key of Object.keys(value)) {
    const field = childField(path, key, Array.isArray(value));
    if (FORBIDDEN_KEYS.has(key))
      return { field, reason: 'is a forbidden key', code: 'VALIDATION.FORBIDDEN_KEY' };
    if (checkText && isIllFormed(key))
      return { field, reason: MALFORMED_TEXT, code: 'VALIDATION.MALFORMED_TEXT' };
    const nested = findHazard(
      (value as Record<string, unknown>)[key],
      field,
      depth + 1,
      textCheckedLater,
      checkText && !textCheckedLater(key, depth),
    );
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
    const field = childField(prefix, error.property, Boolean(prefix) && /^\d+$/.test(error.property));
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
    if (metadata.type === 'custom') return Promise.resolve(value);
    if (metadata.type === 'body' && Array.isArray(value))
      throw badRequest('body', 'must be a JSON object', 'VALIDATION.NOT_AN_OBJECT');
    const perItem = metadata.type === 'body' ? perItemTextFields(metadata.metatype) : [];
    const hazard = findHazard(
      value,
      metadata.type === 'param' ? (metadata.data ?? '') : '',
      1,
      (key, depth) => depth === 1 && perItem.includes(key),
    );
    if (hazard) throw badRequest(hazard.field, hazard.reason, hazard.code);
    return (metadata.type === 'query' ? this.query : this.body).transform(value, metadata);
  }
}

export const createValidationPipe = (): PipeTransform => new StrictValidationPipe();
