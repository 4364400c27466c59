import { createHash } from 'node:crypto';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { ROLES, type Role } from '@app/platform';
import { bearer, TEST_JWT_SECRET } from '@app/platform/auth/test-support';
import {
  type ComplaintListPage,
  type WorklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';
import { type TrendsReport } from '../src/reports/trends/get-trends.query';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';
import { type Credential, type QueryServiceUnderTest, startQueryService } from './query-service.harness';

/**
 * Who may read what, route by route: every route the service serves is listed here with the roles that
 * may call it (or `public`), and the test fails when the router serves a route this table does not name.
 * Scenario: the weekly pack's (2026-W10, postal: k01…k08, of which branch-7 received k03 and k07).
 */
const ANALYTICS: readonly Role[] = ['analyst', 'supervisor', 'admin'];
const EXECUTIVE_REPORT: readonly Role[] = ['executive', 'analyst', 'admin'];
const COMPLAINT_READ: readonly Role[] = ['agent', 'supervisor', 'analyst', 'admin'];

type Access = {
  roles: readonly Role[] | 'public';
  permissions?: readonly string[];
  sample: string;
  /** What an allowed caller gets when not 200: an archive this scenario never made is a 404 past the guard. */
  allowed?: number;
};

const WEEK = 'week=2026-W10&businessLine=postal';
const TRENDS = 'dimension=causeCode&granularity=week&from=2026-03-02&to=2026-03-08&businessLine=postal';
const DRILL = 'metric=volume&week=2026-W10&businessLine=postal';
const PERIOD = 'period=2026-03&businessLine=postal';

const ROUTES: Readonly<Record<string, Access>> = {
  '/health': { roles: 'public', sample: '/health' },
  '/reports/weekly-pack': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/weekly-pack?${WEEK}`,
  },
  '/reports/weekly-pack.csv': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/weekly-pack.csv?${WEEK}`,
  },
  '/reports/weekly-pack.pdf': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/weekly-pack.pdf?${WEEK}&lang=en`,
  },
  '/reports/weekly-pack.xlsx': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/weekly-pack.xlsx?${WEEK}`,
  },
  '/reports/archive': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: '/reports/archive?businessLine=postal',
  },
  '/reports/archive/pack': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/archive/pack?${WEEK}`,
    allowed: 404,
  },
  '/reports/archive/pack.pdf': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/archive/pack.pdf?${WEEK}&lang=en`,
    allowed: 404,
  },
  '/reports/archive/pack.xlsx': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/archive/pack.xlsx?${WEEK}`,
    allowed: 404,
  },
  '/reports/quality-meetings': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: '/reports/quality-meetings?businessLine=postal',
  },
  '/reports/quality-meetings/meeting': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: '/reports/quality-meetings/meeting?id=00000000-0000-4000-8000-000000000000',
    allowed: 404,
  },
  '/reports/trends': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/trends?${TRENDS}`,
  },
  '/reports/trends.csv': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/trends.csv?${TRENDS}`,
  },
  '/reports/trends/top-movers.csv': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/trends/top-movers.csv?${TRENDS}`,
  },
  '/reports/drill-down': {
    roles: ANALYTICS,
    permissions: ['drill-down:read'],
    sample: `/reports/drill-down?${DRILL}`,
  },
  '/reports/drill-down.csv': {
    roles: ANALYTICS,
    permissions: ['drill-down:read'],
    sample: `/reports/drill-down.csv?${DRILL}`,
  },
  '/reports/executive': {
    roles: EXECUTIVE_REPORT,
    permissions: ['report:executive'],
    sample: `/reports/executive?${PERIOD}`,
  },
  '/reports/executive.csv': {
    roles: EXECUTIVE_REPORT,
    permissions: ['report:executive'],
    sample: `/reports/executive.csv?${PERIOD}`,
  },
  '/alerts': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: '/alerts?status=all',
  },
  '/reports/fairness': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/fairness?${PERIOD}`,
  },
  '/reports/fairness.csv': {
    roles: ANALYTICS,
    permissions: ['analytics:read'],
    sample: `/reports/fairness.csv?${PERIOD}`,
  },
  '/reports/fairness/drill-down': {
    roles: ANALYTICS,
    permissions: ['drill-down:read'],
    sample: `/reports/fairness/drill-down?${PERIOD}&causeCode=sorting-error&severity=minor&dimension=orgUnit&key=branch-7`,
  },
  '/reports/labels': {
    roles: ['agent', 'supervisor', 'analyst', 'executive', 'admin'],
    permissions: ['taxonomy:read'],
    sample: '/reports/labels',
  },
  '/complaints': {
    roles: COMPLAINT_READ,
    permissions: ['complaint:read'],
    sample: '/complaints?businessLine=postal',
  },
  '/complaints.csv': {
    roles: COMPLAINT_READ,
    permissions: ['complaint:read'],
    sample: '/complaints.csv?businessLine=postal',
  },
  '/worklists': {
    roles: COMPLAINT_READ,
    permissions: ['complaint:read'],
    sample: '/worklists?dueWithinHours=24',
  },
  '/auth/me': { roles: ROLES, sample: '/auth/me' },
  '/dashboard': { roles: 'public', sample: '/dashboard' },
  '/dashboard/weekly-pack': { roles: 'public', sample: '/dashboard/weekly-pack' },
  '/dashboard/drill-down': { roles: 'public', sample: '/dashboard/drill-down' },
  '/dashboard/trends': { roles: 'public', sample: '/dashboard/trends' },
  '/dashboard/executive': { roles: 'public', sample: '/dashboard/executive' },
  '/dashboard/fairness': { roles: 'public', sample: '/dashboard/fairness' },
  '/dashboard/worklists': { roles: 'public', sample: '/dashboard/worklists' },
  '/dashboard/alerts': { roles: 'public', sample: '/dashboard/alerts' },
  '/dashboard/complaints/:id': { roles: 'public', sample: '/dashboard/complaints/k03' },
  '/dashboard/config.json': { roles: 'public', sample: '/dashboard/config.json' },
  '/dashboard/assets/:file': { roles: 'public', sample: '/dashboard/assets/api.js' },
};

const PROTECTED = Object.entries(ROUTES).filter(
  (entry): entry is [string, Access & { roles: readonly Role[] }] => entry[1].roles !== 'public',
);
const PUBLIC = Object.entries(ROUTES).filter(([, access]) => access.roles === 'public');

const as = (role: Role, orgUnits?: string[]) => bearer({ roles: [role], orgUnits });

/** An API key for a reporting tool restricted to branch-7, configured by its hash as operators do. */
const BI_TOOL_KEY = 'bi-tool-key-for-tests-only-0123456789';
const API_KEYS = JSON.stringify([
  {
    id: 'bi-tool',
    sha256: createHash('sha256').update(BI_TOOL_KEY).digest('hex'),
    roles: ['analyst'],
    orgUnits: ['branch-7'],
  },
]);

describe('query service: access control', () => {
  let service: QueryServiceUnderTest;
  const get = (path: string, credential: Credential = {}) => service.as(credential).get(path);

  beforeAll(async () => {
    service = await startQueryService('access', recordScenario(), { AUTH_API_KEYS: API_KEYS });
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('the route table', () => {
    it('names every route the router serves, and nothing else', () => {
      type Layer = { route?: { path: string; methods: Record<string, boolean> } };
      const router = (service.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
      const served = router.stack
        .filter((layer) => layer.route !== undefined)
        .map((layer) => layer.route!)
        // `/{*path}` is the request logger, a middleware Nest mounts on every path, not a route.
        .filter((route) => !route.path.startsWith('/docs') && route.path !== '/{*path}');
      expect(served.every((route) => Object.keys(route.methods).every((m) => m === 'get'))).toBe(true);
      expect(served.map((route) => route.path).sort()).toEqual(Object.keys(ROUTES).sort());
    });

    it('names every operation of the OpenAPI document, with the permission it declares', async () => {
      const response = await get('/docs-json');
      expect(response.status).toBe(200);
      type Operation = { 'x-permissions'?: string[]; 'x-public'?: boolean; security?: unknown[] };
      const paths = (response.body as { paths: Record<string, { get: Operation }> }).paths;
      const documented = Object.keys(paths).map((path) => path.replace(/\{(\w+)\}/g, ':$1'));
      expect(documented.every((path) => path in ROUTES)).toBe(true);
      for (const [path, access] of PROTECTED) {
        const operation = paths[path]?.get;
        expect(operation).toBeDefined();
        if (access.permissions) expect(operation?.['x-permissions']).toEqual(access.permissions);
        expect(operation?.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
      }
      expect(paths['/health']?.get['x-public']).toBe(true);
    });
  });

  describe.each(PROTECTED)('%s', (path, { roles, sample, allowed = 200 }) => {
    it('no credential → 401 AUTH.UNAUTHENTICATED, asking for a bearer token', async () => {
      const response = await get(sample);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).toMatchObject({
        statusCode: 401,
        code: 'AUTH.UNAUTHENTICATED',
        errors: [{ field: 'Authorization', code: 'AUTH.UNAUTHENTICATED' }],
      });
    });

    it.each<[string, Credential]>([
      ['a malformed header', { Authorization: 'Bearer not-a-token' }],
      ['an expired token', bearer({ roles: ['admin'], ttlSeconds: -60 })],
      ['a token signed with another secret', bearer({ roles: ['admin'], secret: `x${TEST_JWT_SECRET}` })],
      ['an unknown API key', { 'X-Api-Key': 'no-such-key' }],
    ])('%s → 401', async (_, credential) => {
      const response = await get(sample, credential);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    });

    const refused = ROLES.filter((role) => !roles.includes(role));
    if (refused.length > 0)
      it.each(refused)(`role %s → 403 AUTH.FORBIDDEN`, async (role) => {
        const response = await get(sample, as(role));
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
        expect(response.body.errors[0].reason).toMatch(/requires the permission/);
      });
    // Who am I answers any verified caller: no role is refused there, and that is the rule, not a gap.
    else
      it('refuses no role', () => {
        expect(roles).toEqual(ROLES);
      });

    it.each([...roles])(`role %s → ${allowed}`, async (role) => {
      const response = await get(sample, as(role));
      expect(response.status).toBe(allowed);
    });
  });

  it.each(PUBLIC)('%s is public: answered without a credential', async (path, { sample }) => {
    const response = await get(sample);
    expect(response.status).toBe(path === '/dashboard' ? 302 : 200);
  });

  describe('a principal restricted to branch-7', () => {
    const SCOPED = as('analyst', ['branch-7']);

    it('sees only the complaints branch-7 received, and is told the scope', async () => {
      const [scoped, all] = await Promise.all([
        get(`/reports/weekly-pack?${WEEK}`, SCOPED),
        get(`/reports/weekly-pack?${WEEK}`, as('analyst')),
      ]);
      const pack = (scoped.body as WeeklyPackReport).pack;
      expect(pack.filters).toEqual({ businessLine: 'postal', orgUnit: null, scope: ['branch-7'] });
      expect(pack.volume.count).toBe(2);
      expect(pack.breakdowns.orgUnit).toEqual([{ key: 'branch-7', count: 2 }]);
      // k07 repeats p09a, received by branch-12: out of sight, so no repeat here.
      expect(pack.repeatCustomer).toEqual({ numerator: 0, denominator: 2, rate: 0 });
      expect((all.body as WeeklyPackReport).pack.volume.count).toBe(8);
    });

    it('drills down only to branch-7 complaints, whatever the figure', async () => {
      const lists = await Promise.all(
        [
          'metric=volume',
          'metric=breakdowns.orgUnit&key=branch-12',
          'metric=closed',
          'metric=overdueOpen',
        ].map(async (figure) => {
          const response = await get(`/reports/drill-down?week=2026-W10&${figure}`, SCOPED);
          expect(response.status).toBe(200);
          return (response.body as DrillDownReport).complaintIds;
        }),
      );
      expect(lists).toEqual([['k03', 'k07'], [], ['k03'], []]);
      const csv = await get(`/reports/drill-down.csv?${DRILL}`, SCOPED);
      expect(
        csv.text
          .trimEnd()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(',')[0]),
      ).toEqual(['k03', 'k07']);
    });

    it('lists and counts only the complaints branch-7 received', async () => {
      const list = await get('/complaints?sort=registeredAt', SCOPED);
      expect(list.status).toBe(200);
      expect((list.body as ComplaintListPage).items.map((item) => item.complaintId).sort()).toEqual([
        'k03',
        'k07',
      ]);
      expect(list.body).toMatchObject({ total: 2, filters: { scope: ['branch-7'] } });
      const other = await get('/complaints?acceptanceNumber=PO-k01', SCOPED);
      expect(other.body).toMatchObject({ total: 0, items: [] });
      expect((await get('/complaints?acceptanceNumber=PO-k01', as('analyst'))).body).toMatchObject({
        total: 1,
      });
      const empty = await get('/complaints', as('supervisor', []));
      expect(empty.body).toMatchObject({ total: 0, items: [] });
      const counts = (await get('/worklists', as('supervisor', []))).body as WorklistCounts;
      expect(Object.values(counts.counts).every((count) => count === 0)).toBe(true);
    });

    it('trends by org unit show branch-7 alone', async () => {
      const response = await get(
        '/reports/trends?dimension=orgUnit&granularity=week&from=2026-02-23&to=2026-03-08',
        SCOPED,
      );
      const { trends } = response.body as TrendsReport;
      expect(trends.series.map((series) => series.key)).toEqual(['branch-7']);
      expect(trends.filters.scope).toEqual(['branch-7']);
    });

    it.each(
      PROTECTED.filter(
        ([path]) =>
          // A meeting read by its id takes no filter: its own org units decide (tested with the meetings).
          (path.startsWith('/reports/') &&
            path !== '/reports/labels' &&
            path !== '/reports/quality-meetings/meeting') ||
          path.startsWith('/complaints'),
      ),
    )(
      '%s with orgUnit=branch-12 → 403 AUTH.OUT_OF_SCOPE; with orgUnit=branch-7 → allowed',
      async (path, { sample, allowed = 200 }) => {
        const outside = await get(`${sample}&orgUnit=branch-12`, SCOPED);
        expect(outside.status).toBe(403);
        expect(outside.body).toMatchObject({
          code: 'AUTH.OUT_OF_SCOPE',
          errors: [{ field: 'orgUnit', code: 'AUTH.OUT_OF_SCOPE' }],
        });
        expect(outside.body.errors[0].reason).toContain('"branch-12"');
        expect((await get(`${sample}&orgUnit=branch-7`, SCOPED)).status).toBe(allowed);
      },
    );

    it('through an API key restricted to branch-7, the same', async () => {
      const response = await get(`/reports/weekly-pack?${WEEK}`, { 'X-Api-Key': BI_TOOL_KEY });
      expect(response.status).toBe(200);
      expect((response.body as WeeklyPackReport).pack.volume.count).toBe(2);
      expect(
        (await get(`/reports/weekly-pack?${WEEK}&orgUnit=branch-12`, { 'X-Api-Key': BI_TOOL_KEY })).status,
      ).toBe(403);
    });

    it('a principal with an empty list of units sees nothing (fail closed)', async () => {
      const response = await get(`/reports/weekly-pack?${WEEK}`, as('supervisor', []));
      expect(response.status).toBe(200);
      const { pack } = response.body as WeeklyPackReport;
      expect(pack.filters.scope).toEqual([]);
      expect(pack.volume.count).toBe(0);
      expect(pack.correctiveActions).toMatchObject({ due: 0, overdue: 0, completed: 0, effects: [] });
    });
  });
});
