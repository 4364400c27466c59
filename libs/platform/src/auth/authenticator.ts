import { type KeyObject, createHash, createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import { findApiKey, MAX_API_KEY_LENGTH } from './api-keys';
import {
  AUTH_CONFIG,
  type AuthConfig,
  IDENTIFIER,
  ORG_UNIT_MAX_LENGTH,
  SOURCE_SYSTEM,
  sourcesOf,
} from './auth.config';
import { CredentialRejected } from './auth-errors';
import { type Principal } from './principal';
import { MAX_TOKEN_TTL_SECONDS } from './token-issuer';
import { isRole, type Role } from './roles';

/** The claims a token must carry besides iss, aud (checked by the verifier) and a signature. */
const claimsSchema = z.object({
  sub: z.string().regex(IDENTIFIER, 'sub must be 1–128 letters, digits or ._:@-'),
  roles: z.array(z.string()).min(1, 'roles must name at least one role'),
  orgUnits: z
    .array(z.string().min(1).max(ORG_UNIT_MAX_LENGTH), { message: 'orgUnits must be a list of org units' })
    .optional(),
  exp: z.number({ message: 'exp is required: every token expires' }),
  sources: z
    .array(z.string().regex(SOURCE_SYSTEM), { message: 'sources must be source system codes' })
    .optional(),
  jti: z.string().regex(IDENTIFIER, 'jti must be 1–128 letters, digits or ._:@-').optional(),
  issuedBy: z.string().regex(IDENTIFIER, 'issuedBy must be 1–128 letters, digits or ._:@-').optional(),
});

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

type JwtError = Error & { name: string; message: string };

const reasonOf = (error: JwtError): string => {
  if (error.name === 'TokenExpiredError') return 'the token has expired';
  if (error.name === 'NotBeforeError') return 'the token is not valid yet';
  if (/audience/.test(error.message)) return 'the token is for another audience';
  if (/issuer/.test(error.message)) return 'the token is from another issuer';
  if (/algorithm/.test(error.message)) return 'the token must be signed with HS256';
  return 'the token is malformed';
};

export type Credentials = { authorization?: string; apiKey?: string };

/** How long a verified token's principal is reused without verifying its signature and claims again. */
export const VERIFIED_TOKEN_TTL_MS = 10_000;
/** Verified tokens remembered at most; past it the oldest is forgotten. */
const VERIFIED_TOKENS_MAX = 10_000;

type Verified = { principal: Principal; until: number };

/** A remembered principal handed out: its lists are the caller's own to change. */
const copyOf = (principal: Principal): Principal => ({
  ...principal,
  roles: [...principal.roles],
  orgUnits: principal.orgUnits === 'all' ? 'all' : [...principal.orgUnits],
  sources: [...principal.sources],
});

/**
 * Turns a credential into a Principal, or refuses it with the reason. A JWT is checked against every
 * configured secret (the first signs, the others are kept during a rotation); an API key against the
 * configured hashes.
 *
 * The secrets are imported as key objects once (the verifier would otherwise parse each as a public key,
 * fail, and import it as a secret on every request). A token that verified is remembered by its SHA-256
 * for `VERIFIED_TOKEN_TTL_MS` at most and never past its `exp`, so that a client's next requests skip the
 * signature and the claims; only successes are remembered, and revocation is not: the guard checks the
 * revocation list on every request, remembered token or not.
 */
@Injectable()
export class Authenticator {
  private readonly jwt = new JwtService();
  private readonly keys: KeyObject[];
  private readonly verified = new Map<string, Verified>();

  /** The clock the remembered tokens expire by (tests move it). */
  now: () => number = () => Date.now();

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {
    this.keys = config.AUTH_JWT_SECRETS.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
  }

  authenticate({ authorization, apiKey }: Credentials): Principal {
    if (authorization !== undefined && apiKey !== undefined)
      throw new CredentialRejected('Authorization', 'send either a bearer token or an API key, not both');
    if (apiKey !== undefined) return this.fromApiKey(apiKey);
    if (authorization !== undefined) return this.fromBearer(authorization);
    throw new CredentialRejected('Authorization', 'a bearer token or an X-Api-Key is required');
  }

  fromBearer(header: string): Principal {
    const match = BEARER.exec(header.trim());
    if (!match) throw new CredentialRejected('Authorization', 'must be "Bearer <JWT>"');
    const token = match[1]!;
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.now();
    const known = this.verified.get(key);
    if (known !== undefined) {
      if (now < known.until) return copyOf(known.principal);
      this.verified.delete(key);
    }
    const { principal, exp } = this.verifyBearer(token);
    const until = Math.min(now + VERIFIED_TOKEN_TTL_MS, exp * 1000);
    if (until > now) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(key, { principal, until });
    }
    return copyOf(principal);
  }

  /** The principal a token names, once its signature and claims verify, and when it expires (`exp`, s). */
  private verifyBearer(token: string): { principal: Principal; exp: number } {
    const payload = this.verify(token);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new CredentialRejected('Authorization', claims.error.issues[0]?.message ?? 'bad claims');
    const unknown = claims.data.roles.find((r) => !isRole(r));
    if (unknown !== undefined) throw new CredentialRejected('Authorization', `unknown role "${unknown}"`);
    const { sub, roles, orgUnits, sources, jti, issuedBy, exp } = claims.data;
    if (exp - Date.now() / 1000 > MAX_TOKEN_TTL_SECONDS)
      throw new CredentialRejected(
        'Authorization',
        `the token lives longer than the ${MAX_TOKEN_TTL_SECONDS / 3600} h a token may`,
      );
    const principal: Principal = {
      subject: sub,
      roles: roles as Role[],
      orgUnits: orgUnits ?? 'all',
      via: 'jwt',
      sources: sourcesOf(sub, roles, sources),
      ...(jti === undefined ? {} : { tokenId: jti }),
      ...(issuedBy === undefined ? {} : { issuedBy }),
    };
    return { principal, exp };
  }

  fromApiKey(key: string): Principal {
    if (key.length === 0 || key.length > MAX_API_KEY_LENGTH)
      throw new CredentialRejected('X-Api-Key', 'is not a valid API key');
    const entry = findApiKey(this.config.AUTH_API_KEYS, key);
    if (!entry) throw new CredentialRejected('X-Api-Key', 'is not a valid API key');
    return {
      subject: entry.id,
      roles: entry.roles,
      orgUnits: entry.orgUnits ?? 'all',
      via: 'api-key',
      sources: sourcesOf(entry.id, entry.roles, entry.sources),
    };
  }

  private verify(token: string): unknown {
    if (this.keys.length === 0)
      throw new CredentialRejected('Authorization', 'no token can be verified here');
    for (const key of this.keys) {
      try {
        return this.jwt.verify(token, {
          // A key object: the verifier takes it as it is (`secret` is typed for strings and buffers).
          secret: key as unknown as string,
          algorithms: ['HS256'],
          issuer: this.config.AUTH_JWT_ISSUER,
          audience: this.config.AUTH_JWT_AUDIENCE,
        });
      } catch (error) {
        const jwtError = error as JwtError;
        // Signed with another key: the next configured secret may be the one.
        if (jwtError.message === 'invalid signature') continue;
        throw new CredentialRejected('Authorization', reasonOf(jwtError));
      }
    }
    throw new CredentialRejected('Authorization', 'the token’s signature does not verify');
  }
}
