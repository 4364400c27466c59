import { Catch, HttpStatus } from '@nestjs/common';
import { DomainError } from '@app/complaints';
import { type ApiErrorBody, ErrorFilter } from '@app/platform';
import { StaleVersionError } from '../command-loop/command-errors';

const STATUS_BY_KIND = {
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
} as const;

/** Domain errors become 422 (404, 409 by kind); a stale expected version a 409 with the current one. */
@Catch()
export class CommandErrorFilter extends ErrorFilter {
  protected override mapKnown(exception: unknown): ApiErrorBody | undefined {
    if (exception instanceof DomainError)
      return {
        statusCode: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        message: exception.message,
        errors: [{ field: exception.field ?? '', reason: exception.message, code: exception.code }],
      };
    if (exception instanceof StaleVersionError)
      return {
        statusCode: HttpStatus.CONFLICT,
        code: exception.code,
        message: exception.message,
        currentVersion: exception.currentVersion,
        errors: [{ field: 'If-Match', reason: exception.message, code: exception.code }],
      };
    return undefined;
  }
}
