import { Controller, HttpCode, HttpStatus, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  ApiError,
  CurrentPrincipal,
  MAX_TOKEN_TTL_SECONDS,
  type Principal,
  RequirePermission,
  requestIdOf,
  withinScope,
} from '@app/platform';
import { CommandErrorFilter } from '../../http/error.filter';
import { UuidParamPipe } from '../../http/uuid-param.pipe';
import { newId } from '../../shared/ids';
import { AccessTokenRecords } from '../access-token-records';

/** The one answer for a token that was not issued here and for one outside the caller's units. */
const tokenNotFound = (): ApiError =>
  new ApiError(HttpStatus.NOT_FOUND, {
    code: 'AUTH.TOKEN_NOT_FOUND',
    message: 'id: no such token',
    errors: [{ field: 'id', reason: 'no such token', code: 'AUTH.TOKEN_NOT_FOUND' }],
  });

@ApiTags('auth')
@UseFilters(CommandErrorFilter)
@Controller('auth')
export class RevokeTokenController {
  constructor(private readonly records: AccessTokenRecords) {}

  /**
   * Revokes a token before it expires: every service refuses it within AUTH_REVOCATION_REFRESH_MS of the
   * revocation reaching it (this service at once). A scoped caller revokes only tokens issued within its
   * own units; an unscoped one also a token made elsewhere, by its `jti` (a UUID, like the ones issued here).
   */
  @Post('tokens/:id/revoke')
  @HttpCode(200)
  @RequirePermission('auth:issue-tokens')
  @ApiOperation({ summary: 'Revoke a token by its id (jti); every service refuses it within seconds' })
  async revoke(
    @Param('id', new UuidParamPipe()) tokenId: string,
    @CurrentPrincipal() by: Principal,
    @Req() request: Request,
  ) {
    const record = await this.records.issued(tokenId);
    const mayRevoke =
      by.orgUnits === 'all' ||
      (record !== undefined && record.orgUnits !== 'all' && withinScope(by, record.orgUnits));
    if (!mayRevoke) throw tokenNotFound();
    const now = Date.now();
    // A token made elsewhere expires, at the latest, as long from now as any token may live.
    const expiresAt = record?.expiresAt ?? new Date(now + MAX_TOKEN_TTL_SECONDS * 1000).toISOString();
    const revokedAt = new Date(now).toISOString();
    const revokedNow = await this.records.revoke(
      { tokenId, expiresAt, revokedAt },
      by,
      requestIdOf(request) ?? newId(),
    );
    return {
      tokenId,
      revoked: true,
      alreadyRevoked: !revokedNow,
      issuedHere: record !== undefined,
      expiresAt,
    };
  }
}
