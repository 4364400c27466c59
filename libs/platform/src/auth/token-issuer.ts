import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AUTH_CONFIG, type AuthConfig } from './auth.config';
import { type Principal } from './principal';
import { type Role } from './roles';

/**
 * The longest a token may live: a working shift and some. A token is a bearer credential; whoever holds
 * a copy acts as its subject until it expires. Revocation stops one whose id is known; a short life
 * bounds the rest (a copy nobody knows of). The guard refuses any token that lives longer than this
 * from now, wherever it was made.
 */
export const MAX_TOKEN_TTL_SECONDS = 12 * 3600;
/** Unless asked for a longer one: an hour. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export type TokenRequest = {
  subject: string;
  roles: readonly Role[];
  /** Omitted: unscoped. */
  orgUnits?: readonly string[];
  ttlSeconds: number;
};

export type IssuedToken = {
  token: string;
  tokenType: 'Bearer';
  /** The token's `jti`: what `POST /auth/tokens/{id}/revoke` takes. */
  tokenId: string;
  subject: string;
  roles: readonly Role[];
  orgUnits: readonly string[] | 'all';
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
};

/** Signs HS256 tokens with the first configured secret; each carries its id and its issuer. */
@Injectable()
export class TokenIssuer {
  private readonly jwt = new JwtService();

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  get canIssue(): boolean {
    return this.config.AUTH_JWT_SECRETS.length > 0;
  }

  /** `nowSeconds` is the issuing instant in seconds since the epoch (a clock at the edge gives it). */
  issue(request: TokenRequest, issuer: Pick<Principal, 'subject'>, nowSeconds: number): IssuedToken {
    const secret = this.config.AUTH_JWT_SECRETS[0];
    if (secret === undefined) throw new Error('No AUTH_JWT_SECRETS configured: tokens cannot be issued');
    if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds < 1)
      throw new Error('ttlSeconds must be a positive integer');
    if (request.ttlSeconds > MAX_TOKEN_TTL_SECONDS)
      throw new Error(`ttlSeconds must be at most ${MAX_TOKEN_TTL_SECONDS}`);
    const exp = nowSeconds + request.ttlSeconds;
    const tokenId = randomUUID();
    const token = this.jwt.sign(
      {
        sub: request.subject,
        roles: [...request.roles],
        ...(request.orgUnits === undefined ? {} : { orgUnits: [...request.orgUnits] }),
        issuedBy: issuer.subject,
        jti: tokenId,
        iat: nowSeconds,
        exp,
      },
      {
        secret,
        algorithm: 'HS256',
        issuer: this.config.AUTH_JWT_ISSUER,
        audience: this.config.AUTH_JWT_AUDIENCE,
      },
    );
    return {
      token,
      tokenType: 'Bearer',
      tokenId,
      subject: request.subject,
      roles: request.roles,
      orgUnits: request.orgUnits ?? 'all',
      issuedBy: issuer.subject,
      issuedAt: new Date(nowSeconds * 1000).toISOString(),
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }
}
