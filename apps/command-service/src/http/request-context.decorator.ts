import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { newId } from '../shared/ids';
import { type RequestContext } from '../shared/request-context';
import { badRequest, grantOfRequest } from '@app/platform';

const TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;
const ETAG = /^(?:W\/)?"?(\d{1,15})"?$/;

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

const token = (request: Request, name: string): string | undefined => {
  const value = header(request, name);
  if (value === undefined) return undefined;
  if (!TOKEN.test(value))
    throw badRequest(name, 'must be 1–128 letters, digits or ._:@-', 'VALIDATION.INVALID_HEADER');
  return value;
};

/**
 * The actor and its org-unit scope (from the verified principal: its job number, and the role through
 * which the route's permission was granted), correlation and causation ids, the Idempotency-Key and the
 * expected version (If-Match, or `expectedVersion` in the body).
 */
export const requestContextOf = (request: Request): RequestContext => {
  const { principal, role } = grantOfRequest(request);
  const ifMatch = header(request, 'If-Match');
  let expectedVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = ETAG.exec(ifMatch.trim());
    if (!match)
      throw badRequest('If-Match', 'must be a version number such as "3"', 'VALIDATION.INVALID_HEADER');
    expectedVersion = Number(match[1]);
  }
  const bodyVersion = (request.body as { expectedVersion?: unknown } | undefined)?.expectedVersion;
  if (bodyVersion !== undefined) {
    if (!Number.isSafeInteger(bodyVersion) || (bodyVersion as number) < -1)
      throw badRequest('expectedVersion', 'must be an integer ≥ -1', 'VALIDATION.IS_INT');
    expectedVersion ??= bodyVersion as number;
  }
  const requestId = newId();
  return {
    actor: { id: principal.subject, role },
    scope: principal.orgUnits,
    correlationId: token(request, 'X-Correlation-Id') ?? requestId,
    causationId: requestId,
    idempotencyKey: token(request, 'Idempotency-Key'),
    expectedVersion,
  };
};

export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  requestContextOf(ctx.switchToHttp().getRequest<Request>()),
);
