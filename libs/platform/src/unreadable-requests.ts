import { type Server, STATUS_CODES, maxHeaderSize } from 'node:http';
import { type Duplex } from 'node:stream';
import { type ApiErrorBody } from './api-error';

const answerOf = (error: NodeJS.ErrnoException): ApiErrorBody => {
  const problem = (statusCode: number, code: string, field: string, reason: string): ApiErrorBody => ({
    statusCode,
    code,
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code }],
  });
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return problem(
      431,
      'REQUEST.HEADERS_TOO_LARGE',
      'headers',
      `the request line and headers exceed the ${maxHeaderSize / 1024} KiB the server reads`,
    );
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return problem(408, 'REQUEST.TIMEOUT', 'request', 'the request did not arrive in time');
  return problem(400, 'REQUEST.MALFORMED', 'request', 'not a well-formed HTTP request');
};

/**
 * Node answers a request it cannot read (request line and headers past its limit, a broken request
 * line) by itself, before any application code runs, with an empty body. This answers it like every
 * other error: a JSON body naming the field, the reason and a stable code.
 */
export const answerUnreadableRequests = (server: Server): void => {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = answerOf(error);
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
};
