import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type Request } from 'express';
import { unauthenticated } from './auth-errors';
import { type Grant, type Principal } from './principal';
import { type Permission } from './roles';

export const PERMISSIONS_KEY = 'auth:permissions';
export const PUBLIC_KEY = 'auth:public';
export const AUTHENTICATED_KEY = 'auth:authenticated';
export const ALL_UNITS_KEY = 'auth:all-units';

/** The security scheme names the OpenAPI documents declare (see `withAuthSchemes`). */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

/**
 * The route (or every route of the controller) needs one of these permissions. The permissions are
 * also written into the OpenAPI operation as `x-permissions`.
 */
export const RequirePermission = (...permissions: [Permission, ...Permission[]]) =>
  applyDecorators(
    SetMetadata(PERMISSIONS_KEY, permissions),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiExtension('x-permissions', permissions),
    ApiUnauthorizedResponse({ description: 'AUTH.UNAUTHENTICATED: no, malformed or expired credential' }),
    ApiForbiddenResponse({ description: `AUTH.FORBIDDEN: needs ${permissions.join(' or ')}` }),
  );

/**
 * The route needs a verified credential but no permission: it answers about the caller itself (who am
 * I), so every role may call it and no anonymous caller.
 */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(AUTHENTICATED_KEY, true),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiExtension('x-authenticated', true),
    ApiUnauthorizedResponse({ description: 'AUTH.UNAUTHENTICATED: no, malformed or expired credential' }),
  );

/**
 * The route answers about every org unit at once and cannot be narrowed to some (process metrics): a
 * principal limited to some units is refused with 403 AUTH.OUT_OF_SCOPE, like any other act beyond its
 * units.
 */
export const AllUnits = () =>
  applyDecorators(SetMetadata(ALL_UNITS_KEY, true), ApiExtension('x-all-units', true));

/** The route is open to anyone: health probes, static pages. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/** What the guard leaves on the request for the handler. */
export type AuthenticatedRequest = Request & { grant?: Grant };

export const grantOfRequest = (request: Request): Grant => {
  const grant = (request as AuthenticatedRequest).grant;
  // Only reached on a route the guard let through without a principal: a public route asking for one.
  if (!grant) throw unauthenticated('Authorization', 'a bearer token or an X-Api-Key is required');
  return grant;
};

/** The caller, as the guard verified it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal =>
    grantOfRequest(ctx.switchToHttp().getRequest<Request>()).principal,
);

/** The caller and the role through which the route's permission was granted. */
export const CurrentGrant = createParamDecorator((_data: unknown, ctx: ExecutionContext): Grant =>
  grantOfRequest(ctx.switchToHttp().getRequest<Request>()),
);
