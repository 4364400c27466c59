import { Catch, HttpStatus } from '@nestjs/common';
import { AnalyticsStoreError } from '@app/analytics';
import { InvalidQueryError } from '@app/analytics/kpi/shared';
import { type ApiErrorBody, ErrorFilter } from '@app/platform';

/** A parameter the query cannot use is a 400; an analytics store that cannot answer a 503. */
@Catch()
export class QueryErrorFilter extends ErrorFilter {
  protected override mapKnown(exception: unknown): ApiErrorBody | undefined {
    // A parameter the DTO let through but the query cannot use (a zone or week it does not know).
    if (exception instanceof InvalidQueryError)
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'VALIDATION.FAILED',
        message: exception.message,
        errors: [{ field: exception.field ?? '', reason: exception.reason, code: exception.code }],
      };
    if (exception instanceof AnalyticsStoreError)
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: exception.code,
        message: 'The analytics store could not answer',
        errors: [],
      };
    return undefined;
  }
}
