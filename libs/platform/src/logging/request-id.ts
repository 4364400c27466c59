import { randomUUID } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';
import { IDENTIFIER } from '../auth/auth.config';
import { requestHeader } from '../request-header';

export const REQUEST_ID_HEADER = 'X-Request-Id';

type WithId = { id?: unknown };

/**
 * Gives every request an id before anything else runs: the caller's `X-Request-Id` when it is a plain
 * identifier (a gateway's id follows the request through), a new UUID otherwise. The id is echoed in
 * the answer's `X-Request-Id`, bound to each log line of the request and named in error bodies, so a
 * user's report of an error finds its log line without anybody quoting what they sent.
 */
export const assignRequestId = (request: Request, response: Response, next: NextFunction): void => {
  const offered = requestHeader(request, REQUEST_ID_HEADER);
  const id = offered !== undefined && IDENTIFIER.test(offered) ? offered : randomUUID();
  (request as WithId).id = id;
  response.setHeader(REQUEST_ID_HEADER, id);
  next();
};

/** The id `assignRequestId` gave the request (undefined outside an HTTP request). */
export const requestIdOf = (request: unknown): string | undefined => {
  const id = (request as WithId | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};
