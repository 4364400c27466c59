import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { newId } from '../shared/ids';
import { type RequestContext } from '../shared/request-context';
import {
  IDENTIFIER,
  type Principal,
  badRequest,
  grantOfRequest,
  requestHeader,
  requestIdOf,
} from '@app/platform';

const ETAG = /^(?:W\/)?"?(\d{1,15})"?$/;

const token = (request: Request, name: string): string | undefined => {
  const value = requestHeader(request, name);
  if (value === undefined) return undefined;
  if (!IDENTIFIER.test(value))
    throw badRequest(name, 'must be 1–128 letters, digits or ._:@-', 'VALIDATION.INVALID_HEADER');
  return value;
};

/**
 * An Idempotency-Key is the caller's own: the same key from two principals is two keys, so one caller
 * can neither replay nor block another's request by guessing its key. (Identifiers never hold `|`.)
 */
const principalKey = (principal: Principal, key: string | undefined): string | undefined =>
  key === undefined ? undefined : `${principal.via}:${principal.subject}|${key}`;

/**
 * The actor and its org-unit scope (from the verified principal: its job number, and the role through
 * which the route's permission was granted), correlation and causation ids, the Idempotency-Key and the
 * expected version (If-Match, or `expectedVersion` in the body).
 */
export const requestContextOf = (request: Request): RequestContext => {
  const { principal, role } = grantOfRequest(request);
  const ifMatch = requestHeader(request, 'If-Match');
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
  const requestId = requestIdOf(request) ?? newId();
  return {
    actor: { id: principal.subject, role },
    scope: principal.orgUnits,
    sources: principal.sources,
    correlationId: token(request, 'X-Correlation-Id') ?? requestId,
    causationId: requestId,
    idempotencyKey: principalKey(principal, token(request, 'Idempotency-Key')),
    expectedVersion,
  };
};

export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  requestContextOf(ctx.switchToHttp().getRequest<Request>()),
);
