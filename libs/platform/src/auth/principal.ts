import { type Role } from './roles';

/** Who is calling, as established from a verified token or API key. */
export type Principal = Readonly<{
  /** The staff member's job number, or the upstream system's id. */
  subject: string;
  roles: readonly Role[];
  /** The org units the principal may act on; 'all' when unscoped. An empty list reaches nothing. */
  orgUnits: readonly string[] | 'all';
  via: 'jwt' | 'api-key';
}>;

/** The principal and the role through which the route's permission was granted. */
export type Grant = Readonly<{ principal: Principal; role: Role; permission: string }>;
