import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AUTH_CONFIG, type AuthConfig } from './auth.config';
import { type Role } from './roles';

/** The longest a token may live. */
export const MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

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
  subject: string;
  roles: readonly Role[];
  orgUnits: readonly string[] | 'all';
  expiresAt: string;
};

/** Signs HS256 tokens with the first configured secret. */
@Injectable()
export class TokenIssuer {
  private readonly jwt = new JwtService();

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  get canIssue(): boolean {
    return this.config.AUTH_JWT_SECRETS.length > 0;
  }

  /** `nowSeconds` is the issuing instant in seconds since the epoch (a clock at the edge gives it). */
  issue(request: TokenRequest, nowSeconds: number): IssuedToken {
    const secret = this.config.AUTH_JWT_SECRETS[0];
    if (secret === undefined) throw new Error('No AUTH_JWT_SECRETS configured: tokens cannot be issued');
    if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds < 1)
      throw new Error('ttlSeconds must be a positive integer');
    if (request.ttlSeconds > MAX_TOKEN_TTL_SECONDS)
      throw new Error(`ttlSeconds must be at most ${MAX_TOKEN_TTL_SECONDS}`);
    const exp = nowSeconds + request.ttlSeconds;
    const token = this.jwt.sign(
      {
        sub: request.subject,
        roles: [...request.roles],
        ...(request.orgUnits === undefined ? {} : { orgUnits: [...request.orgUnits] }),
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
      subject: request.subject,
      roles: request.roles,
      orgUnits: request.orgUnits ?? 'all',
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }
}
