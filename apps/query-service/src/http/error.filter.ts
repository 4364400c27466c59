import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type Response } from 'express';
import { AnalyticsStoreError } from '@app/analytics';
import { InvalidQueryError } from '@app/analytics/kpi/iso-week';
import { type ApiErrorBody } from './api-error';

/** The one place where errors become HTTP answers; every body names field, reason and a stable code. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // A CSV route has set its content type before failing; the error body is JSON all the same.
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
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
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response)
        return response as ApiErrorBody;
      const statusCode = exception.getStatus();
      const code = statusCode === HttpStatus.NOT_FOUND ? 'ROUTE.NOT_FOUND' : `HTTP.${statusCode}`;
      return {
        statusCode,
        code,
        message: exception.message,
        errors: [{ field: '', reason: exception.message, code }],
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL',
      message: 'Internal error',
      errors: [],
    };
  }
}
