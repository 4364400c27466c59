import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { type Principal, grantOfRequest, permissionsOf } from '@app/platform';
import { requestContextOf } from '../http/request-context.decorator';

/** Who reads a complaint, and whether the answer may hold its personal data. */
export type PersonalDataReader = Readonly<{
  principal: Principal;
  /** Holds `personal-data:read`: customer details and free text in clear (and the read audited). */
  mayRead: boolean;
  /** Method and route template, for the audit: `GET /complaints/:id`. */
  route: string;
  correlationId: string;
}>;

export const personalDataReaderOf = (request: Request): PersonalDataReader => {
  const { principal } = grantOfRequest(request);
  const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
  return {
    principal,
    mayRead: permissionsOf(principal.roles).includes('personal-data:read'),
    route: `${request.method} ${route}`,
    correlationId: requestContextOf(request).correlationId,
  };
};

export const Reader = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  personalDataReaderOf(ctx.switchToHttp().getRequest<Request>()),
);
