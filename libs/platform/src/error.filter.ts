import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { type ApiErrorBody } from './api-error';
import { requestIdOf } from './logging/request-id';

/** Body-parser failures reach the filter as plain errors carrying a `type` and a `status`. */
type ParserError = { type?: string };

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

/** The route template that matched (`/complaints/:id`), or `(no route)`: never the path as sent. */
const routeOf = (request: Request): string => {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : '(no route)';
};

/**
 * The one place where errors become HTTP answers; every body names field, reason and a stable code.
 * A service extends it with `mapKnown` for its own exception types.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = requestIdOf(request);
    const body = { ...(this.mapKnown(exception) ?? this.toBody(exception)), requestId };
    // What failed and where, never what was sent: no headers (credentials), no query string, no body.
    if (body.statusCode >= 500)
      this.logger.error(
        {
          method: request.method,
          route: routeOf(request),
          status: body.statusCode,
          requestId,
          err: exception instanceof Error ? exception : new Error(String(exception)),
        },
        'request failed',
      );
    // A CSV route may have set its content type before failing; the error body is JSON all the same.
    response.status(body.statusCode).type('application/json').json(body);
  }

  /** The service's own exceptions; undefined leaves the exception to the common mapping. */
  protected mapKnown(_exception: unknown): ApiErrorBody | undefined {
    return undefined;
  }

  private toBody(exception: unknown): ApiErrorBody {
    const parser = (exception as ParserError | null)?.type;
    const known = parser ? PARSER_ERRORS[parser] : undefined;
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
