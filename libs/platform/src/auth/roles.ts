/**
 * Who may do what: six roles, and one table granting each its permissions. A route names the
 * permission it needs; nothing else in the services knows which role holds it.
 */
export const ROLES = ['agent', 'supervisor', 'analyst', 'executive', 'system', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Register a complaint (受理). */
  'complaint:register',
  /** The handling steps of an existing complaint: classify, acknowledge, dispatch, investigate, reply… */
  'complaint:handle',
  /** Decisions beyond a handler's authority: approvals, escalation, merges, appeal decisions. */
  'complaint:supervise',
  /** A complaint's state and timeline. */
  'complaint:read',
  /** Customer details and free text in what is read (others get them redacted). */
  'personal-data:read',
  /** Erase one customer's personal data on request. */
  'personal-data:erase',
  'corrective-action:write',
  'corrective-action:read',
  /** Record a quality-analysis meeting, its findings and decisions (which propose corrective actions). */
  'quality-meeting:hold',
  /** Upstream systems' messages (batch ingress). */
  'ingress:write',
  /** Weekly pack and root-cause trends. */
  'analytics:read',
  /** The complaint ids behind a figure. */
  'drill-down:read',
  /** Executive reports by month, quarter, half-year and year. */
  'report:executive',
  /** The taxonomy and its labels. */
  'taxonomy:read',
  'taxonomy:admin',
  /** Relay and projector metrics. */
  'ops:metrics',
  /** Who read which complaint's personal data. */
  'audit:read',
  /** Issue role tokens (POST /auth/tokens). */
  'auth:issue-tokens',
  /** Acknowledge an alert of one's units (reading the alert list is `analytics:read`). */
  'alert:acknowledge',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: readonly Permission[] = [
  'complaint:register',
  'complaint:handle',
  'complaint:read',
  'personal-data:read',
  'corrective-action:read',
  'taxonomy:read',
];

/** The one table of grants. A supervisor does everything an agent does. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: AGENT,
  supervisor: [
    ...AGENT,
    'complaint:supervise',
    'corrective-action:write',
    'quality-meeting:hold',
    'analytics:read',
    'drill-down:read',
    'alert:acknowledge',
  ],
  analyst: [
    'complaint:read',
    'corrective-action:read',
    'corrective-action:write',
    'quality-meeting:hold',
    'analytics:read',
    'drill-down:read',
    'report:executive',
    'taxonomy:read',
    'alert:acknowledge',
  ],
  executive: ['report:executive', 'taxonomy:read'],
  system: ['ingress:write'],
  admin: [
    'complaint:read',
    'corrective-action:read',
    'analytics:read',
    'drill-down:read',
    'report:executive',
    'taxonomy:read',
    'taxonomy:admin',
    'ops:metrics',
    'audit:read',
    'auth:issue-tokens',
    'personal-data:erase',
  ],
};

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * The first of `roles` (in the principal's order) that holds one of `permissions`, with the permission
 * it holds; undefined when none does. The role becomes the actor's role in the events it writes.
 */
export const grantOf = (
  roles: readonly Role[],
  permissions: readonly Permission[],
): { role: Role; permission: Permission } | undefined => {
  for (const role of roles) {
    const permission = permissions.find((p) => ROLE_PERMISSIONS[role].includes(p));
    if (permission) return { role, permission };
  }
  return undefined;
};

export const permissionsOf = (roles: readonly Role[]): Permission[] =>
  PERMISSIONS.filter((p) => roles.some((r) => ROLE_PERMISSIONS[r].includes(p)));
