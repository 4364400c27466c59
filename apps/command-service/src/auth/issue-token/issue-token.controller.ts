import { Body, Controller, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  ApiError,
  CurrentPrincipal,
  DEFAULT_TOKEN_TTL_SECONDS,
  type IssuedToken,
  type Principal,
  RequirePermission,
  TokenIssuer,
  assertWithinScope,
  outOfScope,
  permissionsOf,
  requestIdOf,
} from '@app/platform';
import { CommandErrorFilter } from '../../http/error.filter';
import { newId } from '../../shared/ids';
import { AccessTokenRecords } from '../access-token-records';
import { IssueTokenRequest } from './issue-token.request.dto';

/** 403: the roles asked for grant permissions the issuer does not hold itself. */
const beyondIssuer = (permissions: readonly string[]): ApiError => {
  const reason = `the roles grant ${permissions.join(', ')}, which the issuer does not hold itself`;
  return new ApiError(HttpStatus.FORBIDDEN, {
    code: 'AUTH.BEYOND_ISSUER',
    message: `roles: ${reason}`,
    errors: [{ field: 'roles', reason, code: 'AUTH.BEYOND_ISSUER' }],
  });
};

@ApiTags('auth')
@UseFilters(CommandErrorFilter)
@Controller('auth')
export class IssueTokenController {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly records: AccessTokenRecords,
  ) {}

  /**
   * A principal holding `auth:issue-tokens` issues a role token for a staff member. It hands out no
   * more than it holds: only roles whose every permission it holds itself, and, when it is scoped,
   * only within its own units. The token carries its id and its issuer, and is recorded in the event
   * store before it is returned.
   */
  @Post('tokens')
  @RequirePermission('auth:issue-tokens')
  @ApiOperation({
    summary:
      'Issue a JWT for a subject with roles the issuer holds, within its units, for at most 12 h (default 1 h)',
  })
  async issue(
    @Body() body: IssueTokenRequest,
    @CurrentPrincipal() issuer: Principal,
    @Req() request: Request,
  ): Promise<IssuedToken> {
    if (issuer.orgUnits !== 'all') {
      if (body.orgUnits === undefined) throw outOfScope('orgUnits', []);
      assertWithinScope(issuer, body.orgUnits, 'orgUnits');
    }
    const held = permissionsOf(issuer.roles);
    const beyond = permissionsOf(body.roles).filter((permission) => !held.includes(permission));
    if (beyond.length > 0) throw beyondIssuer(beyond);
    if (!this.issuer.canIssue)
      throw new ApiError(HttpStatus.CONFLICT, {
        code: 'AUTH.NO_SIGNING_KEY',
        message: 'No AUTH_JWT_SECRETS configured: this service cannot sign tokens',
        errors: [{ field: '', reason: 'no signing key configured', code: 'AUTH.NO_SIGNING_KEY' }],
      });
    // Tokens are checked against the wall clock by every service, so they are issued by it too.
    const nowSeconds = Math.floor(Date.now() / 1000);
    const issued = this.issuer.issue(
      {
        subject: body.subject,
        roles: body.roles,
        ...(body.orgUnits === undefined ? {} : { orgUnits: body.orgUnits }),
        ttlSeconds: body.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      },
      issuer,
      nowSeconds,
    );
    await this.records.recordIssued(issued, issuer, requestIdOf(request) ?? newId());
    return issued;
  }
}
