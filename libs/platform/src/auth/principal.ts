import { type Role } from './roles';

/** Who is calling, as established from a verified token or API key. */
export type Principal = Readonly<{
  /** The staff member's job number, or the upstream system's id. */
  subject: string;
  roles: readonly Role[];
  /** The org units the principal may act on; 'all' when unscoped. An empty list reaches nothing. */
  orgUnits: readonly string[] | 'all';
  via: 'jwt' | 'api-key';
  /**
   * The upstream systems (`source.system` codes) the principal may speak for: only these may name a
   * complaint by its upstream (system, external id) pair. Empty for staff.
   */
  sources: readonly string[];
  /** The token's id (`jti`), by which it can be revoked; absent for API keys and tokens made elsewhere. */
  tokenId?: string;
  /** Who issued the token (`POST /auth/tokens`): the issuer's subject; absent when not issued here. */
  issuedBy?: string;
}>;

/** The principal and the role through which the route's permission was granted. */
export type Grant = Readonly<{ principal: Principal; role: Role; permission: string }>;
