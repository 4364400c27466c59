import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type Response } from 'express';
import { DomainError } from '@app/complaints';
import { StaleVersionError } from '../shared/command-errors';
import { type ApiErrorBody } from './api-error';

const STATUS_BY_KIND = {
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
} as const;

/** Body-parser failures reach us as plain errors carrying a `type` and a `status`. */
type ParserError = { type?: string; status?: number; message?: string };

const PARSER_ERRORS: Record<string, { code: string; status: HttpStatus; reason: string }> = {
  'entity.parse.failed': {
    code: 'REQUEST.MALFORMED_JSON',
    status: HttpStatus.BAD_REQUEST,
    reason: 'not valid JSON',
  },
  'entity.too.large': {
    code: 'REQUEST.TOO_LARGE',
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    reason: 'too large',
  },
  'encoding.unsupported': {
    code: 'REQUEST.UNSUPPORTED_ENCODING',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    reason: 'unsupported encoding',
  },
};

/** The one place where errors become HTTP answers; every body names field, reason and a stable code. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      return {
        statusCode,
        code: exception.code,
        message: exception.message,
        errors: [{ field: exception.field ?? '', reason: exception.message, code: exception.code }],
      };
    }
    if (exception instanceof StaleVersionError)
      return {
        statusCode: HttpStatus.CONFLICT,
        code: exception.code,
        message: exception.message,
        currentVersion: exception.currentVersion,
        errors: [{ field: 'If-Match', reason: exception.message, code: exception.code }],
      };
    const parser = exception as ParserError;
    const known = parser?.type ? PARSER_ERRORS[parser.type] : undefined;
    if (known)
      return {
        statusCode: known.status,
        code: known.code,
        message: `Request body is ${known.reason}`,
        errors: [{ field: 'body', reason: known.reason, code: known.code }],
      };
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response)
        return response as ApiErrorBody;
      const statusCode = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a bare 400, so a bare 400 is a body that did not parse.
      if (statusCode === HttpStatus.BAD_REQUEST) {
        const code = /JSON/i.test(exception.message) ? 'REQUEST.MALFORMED_JSON' : 'REQUEST.MALFORMED';
        return {
          statusCode,
          code,
          message: exception.message,
          errors: [{ field: 'body', reason: exception.message, code }],
        };
      }
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
