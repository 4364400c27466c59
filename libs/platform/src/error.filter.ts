import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { type ApiErrorBody } from './api-error';
import { requestIdOf } from './logging/request-id';

/**
 * What goes wrong below the controllers (body-parser, the router) is the client's request, never the
 * server: each kind answers a 4xx naming the header or part of the request at fault, and none repeats
 * what the client sent. Keys are body-parser's error `type`s, plus two it leaves untyped.
 */
const PARSER_ERRORS: Record<string, { code: string; status: HttpStatus; field: string; reason: string }> = {
  'entity.parse.failed': {
    code: 'REQUEST.MALFORMED_JSON',
    status: HttpStatus.BAD_REQUEST,
    field: 'body',
    reason: 'not valid JSON',
  },
  'entity.too.large': {
    code: 'REQUEST.TOO_LARGE',
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    field: 'body',
    reason: 'too large',
  },
  'encoding.unsupported': {
    code: 'REQUEST.UNSUPPORTED_ENCODING',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    field: 'Content-Encoding',
    reason: 'unsupported content encoding: send identity, gzip, deflate or br, once',
  },
  'charset.unsupported': {
    code: 'REQUEST.UNSUPPORTED_CHARSET',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    field: 'Content-Type',
    reason: 'unsupported charset: JSON bodies are read as utf-8',
  },
  'request.aborted': {
    code: 'REQUEST.ABORTED',
    status: HttpStatus.BAD_REQUEST,
    field: 'body',
    reason: 'the connection closed before the whole body arrived',
  },
  // The request was gone before its body was read: a client that closed the connection early.
  'stream.not.readable': {
    code: 'REQUEST.ABORTED',
    status: HttpStatus.BAD_REQUEST,
    field: 'body',
    reason: 'the connection closed before the whole body arrived',
  },
  'request.size.invalid': {
    code: 'REQUEST.LENGTH_MISMATCH',
    status: HttpStatus.BAD_REQUEST,
    field: 'Content-Length',
    reason: 'the body is not as long as Content-Length says',
  },
  // body-parser passes a failed decompression on as a bare 400 carrying zlib's or brotli's error code.
  'encoding.malformed': {
    code: 'REQUEST.MALFORMED_ENCODING',
    status: HttpStatus.BAD_REQUEST,
    field: 'body',
    reason: 'does not decompress under its Content-Encoding',
  },
  // The router's URIError, which Nest turns into a bare 400 carrying the undecodable text.
  'path.malformed': {
    code: 'REQUEST.MALFORMED_PATH',
    status: HttpStatus.BAD_REQUEST,
    field: 'path',
    reason: 'a path segment is not valid percent-encoded UTF-8',
  },
};

/** What body-parser and the router throw: http-errors carry a `status`, and `expose` when it is a 4xx. */
type RequestError = { type?: unknown; status?: unknown; expose?: unknown; code?: unknown };

const DECOMPRESSION_CODES = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;

/** The kind of a request error in PARSER_ERRORS, if it is one. */
const parserErrorKind = (exception: unknown): string | undefined => {
  if (exception instanceof BadRequestException) {
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) return undefined;
    if (exception.message.startsWith('Failed to decode param')) return 'path.malformed';
    // Nest turns body-parser's SyntaxError into a bare 400, so a bare 400 about JSON is a body that did not parse.
    return /JSON/i.test(exception.message) ? 'entity.parse.failed' : undefined;
  }
  const error = exception as RequestError | null;
  if (typeof error?.type === 'string' && error.type in PARSER_ERRORS) return error.type;
  if (error?.status === 400 && typeof error.code === 'string' && DECOMPRESSION_CODES.test(error.code))
    return 'encoding.malformed';
  return undefined;
};

/** Any other client error of the HTTP layer (an http-error with `expose`): its own 4xx, never a 500. */
const exposedClientStatus = (exception: unknown): number | undefined => {
  const { status, expose } = (exception ?? {}) as RequestError;
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
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
    const kind = parserErrorKind(exception);
    const known = kind ? PARSER_ERRORS[kind] : undefined;
    if (known)
      return {
        statusCode: known.status,
        code: known.code,
        message: `${known.field}: ${known.reason}`,
        errors: [{ field: known.field, reason: known.reason, code: known.code }],
      };
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response)
        return response as ApiErrorBody;
      const statusCode = exception.getStatus();
      if (statusCode === HttpStatus.BAD_REQUEST) {
        const code = 'REQUEST.MALFORMED';
        return {
          statusCode,
          code,
          message: exception.message,
          errors: [{ field: 'request', reason: exception.message, code }],
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
    const clientStatus = exposedClientStatus(exception);
    if (clientStatus !== undefined) {
      const code = clientStatus === HttpStatus.BAD_REQUEST ? 'REQUEST.MALFORMED' : `HTTP.${clientStatus}`;
      const reason = (STATUS_CODES[clientStatus] ?? 'refused').toLowerCase();
      return {
        statusCode: clientStatus,
        code,
        message: `request: ${reason}`,
        errors: [{ field: 'request', reason, code }],
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
