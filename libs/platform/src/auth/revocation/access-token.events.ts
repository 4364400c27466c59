import { AUDIT_STREAM_PREFIX } from '@app/complaints';

/**
 * The durable record of tokens, in the event store. Each token issued here gets an `AccessTokenIssued`
 * in its own audit stream (never published, never projected: it names who holds which roles where).
 * A revocation is an `AccessTokenRevoked` in the one stream every service follows: the relay publishes
 * it, the projector keeps it in ClickHouse for the query service, and each guard refuses the token.
 * Both hold staff job numbers, roles and units only.
 */
export const ACCESS_TOKEN_ISSUED = 'AccessTokenIssued';
export const ACCESS_TOKEN_REVOKED = 'AccessTokenRevoked';

/** Under the audit prefix: the relay and the projector leave it alone. */
export const ACCESS_TOKEN_STREAM_PREFIX = `${AUDIT_STREAM_PREFIX}token-`;
export const REVOCATIONS_STREAM = 'auth-revocations';

export const accessTokenStream = (tokenId: string): string => `${ACCESS_TOKEN_STREAM_PREFIX}${tokenId}`;

export type AccessTokenIssued = {
  tokenId: string;
  subject: string;
  roles: string[];
  /** The units the token is limited to; 'all' when unscoped. */
  orgUnits: string[] | 'all';
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
};

export type AccessTokenRevoked = {
  tokenId: string;
  /** Once past, the token is refused for having expired: the revocation can be forgotten. */
  expiresAt: string;
  revokedBy: string;
  revokedAt: string;
};

/** A revoked token as the lists keep it. */
export type Revocation = { tokenId: string; expiresAt: string };

/** The revocation an event records, or undefined for any other event. */
export const revocationOf = (event: { type: string; data: unknown }): Revocation | undefined => {
  if (event.type !== ACCESS_TOKEN_REVOKED) return undefined;
  const data = event.data as Partial<AccessTokenRevoked> | null;
  return typeof data?.tokenId === 'string' && typeof data.expiresAt === 'string'
    ? { tokenId: data.tokenId, expiresAt: data.expiresAt }
    : undefined;
};
