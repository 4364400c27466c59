import {
  grantOf,
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from './roles';

describe('role → permission table', () => {
  it('grants only known permissions, and every permission to some role', () => {
    const granted = new Set(Object.values(ROLE_PERMISSIONS).flat());
    expect([...granted].every((p) => (PERMISSIONS as readonly string[]).includes(p))).toBe(true);
    expect(PERMISSIONS.filter((p) => !granted.has(p))).toEqual([]);
  });

  it('lets a supervisor do everything an agent does', () => {
    expect(ROLE_PERMISSIONS.agent.filter((p) => !ROLE_PERMISSIONS.supervisor.includes(p))).toEqual([]);
  });

  // The table as the README states it: a change to a grant must change this on purpose.
  const expected: Record<Permission, Role[]> = {
    'complaint:register': ['agent', 'supervisor'],
    'complaint:handle': ['agent', 'supervisor'],
    'complaint:supervise': ['supervisor'],
    'complaint:read': ['agent', 'supervisor', 'analyst', 'admin'],
    'personal-data:read': ['agent', 'supervisor'],
    'personal-data:erase': ['admin'],
    'corrective-action:write': ['supervisor', 'analyst'],
    'corrective-action:read': ['agent', 'supervisor', 'analyst', 'admin'],
    'quality-meeting:hold': ['supervisor', 'analyst'],
    'ingress:write': ['system'],
    'analytics:read': ['supervisor', 'analyst', 'admin'],
    'drill-down:read': ['supervisor', 'analyst', 'admin'],
    'report:executive': ['analyst', 'executive', 'admin'],
    'taxonomy:read': ['agent', 'supervisor', 'analyst', 'executive', 'admin'],
    'taxonomy:admin': ['admin'],
    'ops:metrics': ['admin'],
    'audit:read': ['admin'],
    'auth:issue-tokens': ['admin'],
    'alert:acknowledge': ['supervisor', 'analyst'],
  };

  it.each(PERMISSIONS)('%s is held by exactly the expected roles', (permission) => {
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission))).toEqual(expected[permission]);
  });

  it('keeps personal data and token issuing away from analysts, executives and systems', () => {
    for (const role of ['analyst', 'executive', 'system'] as const)
      expect(permissionsOf([role])).not.toEqual(
        expect.arrayContaining(['personal-data:read', 'auth:issue-tokens']),
      );
    expect(permissionsOf(['system'])).toEqual(['ingress:write']);
  });
});

describe('grantOf', () => {
  it('names the first of the principal’s roles that holds a permission', () => {
    expect(grantOf(['agent', 'supervisor'], ['complaint:handle'])).toEqual({
      role: 'agent',
      permission: 'complaint:handle',
    });
    expect(grantOf(['agent', 'supervisor'], ['complaint:supervise'])).toEqual({
      role: 'supervisor',
      permission: 'complaint:supervise',
    });
  });

  it('accepts any one of several permissions', () => {
    expect(grantOf(['executive'], ['analytics:read', 'report:executive'])?.permission).toBe(
      'report:executive',
    );
  });

  it('grants nothing to roles that hold none of them, or to no role', () => {
    expect(grantOf(['analyst', 'executive'], ['complaint:handle'])).toBeUndefined();
    expect(grantOf([], ['taxonomy:read'])).toBeUndefined();
  });
});
