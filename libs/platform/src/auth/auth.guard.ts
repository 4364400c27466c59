import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Response } from 'express';
import { requestHeader } from '../request-header';
import { CredentialRejected, allUnitsOnly, forbidden, unauthenticated } from './auth-errors';
import { Authenticator } from './authenticator';
import { RevocationList } from './revocation/revocation-list';
import {
  ALL_UNITS_KEY,
  AUTHENTICATED_KEY,
  type AuthenticatedRequest,
  PERMISSIONS_KEY,
  PUBLIC_KEY,
} from './auth.decorators';
import { grantOf, type Permission } from './roles';

/**
 * The global guard: it denies by default. A route passes only when it is `@Public()`, or when the
 * caller's credential verifies (else 401) and one of its roles holds one of the route's permissions
 * (else 403). A route that declares neither is refused with 403 and logged: it was forgotten.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(RevocationList) private readonly revocations: RevocationList,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);

    let principal;
    try {
      principal = this.authenticator.authenticate({
        authorization: requestHeader(request, 'authorization'),
        apiKey: requestHeader(request, 'x-api-key'),
      });
    } catch (error) {
      if (!(error instanceof CredentialRejected)) throw error;
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw unauthenticated(error.field, error.reason);
    }
    if (principal.tokenId !== undefined && this.revocations.isRevoked(principal.tokenId)) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw unauthenticated('Authorization', 'the token was revoked');
    }

    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets)) {
      request.grant = { principal, role: principal.roles[0]!, permission: 'authenticated' };
      return true;
    }
    if (!permissions || permissions.length === 0) {
      this.logger.error(
        `${request.method} ${request.path} declares no permission and is not public: refused`,
      );
      throw forbidden(['(none declared)']);
    }
    const grant = grantOf(principal.roles, permissions);
    if (!grant) throw forbidden(permissions);
    if (principal.orgUnits !== 'all' && this.reflector.getAllAndOverride<boolean>(ALL_UNITS_KEY, targets))
      throw allUnitsOnly();
    request.grant = { principal, role: grant.role, permission: grant.permission };
    return true;
  }
}
