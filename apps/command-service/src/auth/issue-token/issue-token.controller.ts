import { Body, Controller, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiError,
  CurrentPrincipal,
  type IssuedToken,
  type Principal,
  RequirePermission,
  TokenIssuer,
  assertWithinScope,
  outOfScope,
} from '@app/platform';
import { CommandErrorFilter } from '../../http/error.filter';
import { DEFAULT_TOKEN_TTL_SECONDS, IssueTokenRequest } from './issue-token.request.dto';

@ApiTags('auth')
@UseFilters(CommandErrorFilter)
@Controller('auth')
export class IssueTokenController {
  constructor(private readonly issuer: TokenIssuer) {}

  /**
   * An admin issues a role token for a staff member or a system. A scoped admin can only hand out
   * tokens limited to units of its own: it cannot widen its reach through the tokens it issues.
   */
  @Post('tokens')
  @RequirePermission('auth:issue-tokens')
  @ApiOperation({
    summary: 'Issue a JWT for a subject with roles, optional org units and a lifetime ≤ 30 days',
  })
  issue(@Body() body: IssueTokenRequest, @CurrentPrincipal() issuer: Principal): IssuedToken {
    if (issuer.orgUnits !== 'all') {
      if (body.orgUnits === undefined) throw outOfScope('orgUnits', []);
      assertWithinScope(issuer, body.orgUnits, 'orgUnits');
    }
    if (!this.issuer.canIssue)
      throw new ApiError(HttpStatus.CONFLICT, {
        code: 'AUTH.NO_SIGNING_KEY',
        message: 'No AUTH_JWT_SECRETS configured: this service cannot sign tokens',
        errors: [{ field: '', reason: 'no signing key configured', code: 'AUTH.NO_SIGNING_KEY' }],
      });
    // Tokens are checked against the wall clock by every service, so they are issued by it too.
    const nowSeconds = Math.floor(Date.now() / 1000);
    return this.issuer.issue(
      {
        subject: body.subject,
        roles: body.roles,
        ...(body.orgUnits === undefined ? {} : { orgUnits: body.orgUnits }),
        ttlSeconds: body.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      },
      nowSeconds,
    );
  }
}
