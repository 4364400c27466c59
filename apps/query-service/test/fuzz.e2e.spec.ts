import fc from 'fast-check';
import { FAIRNESS_DIMENSIONS } from '@app/analytics/kpi/fairness/fairness-report';
import { SEVERITIES } from '@app/complaints';
import { COMPLAINT_SORTS } from '@app/analytics/complaint-list/complaint-cursor';
import {
  COMPLAINT_LIST_MAX_LIMIT,
  COMPLAINT_STATUSES,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { DUE_SOON_HOURS, WORKLIST_NAMES } from '@app/analytics/complaint-list/worklists';
import { DRILL_DOWN_METRIC_NAMES, MAX_PAGE_SIZE } from '@app/analytics/kpi/drill-down';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { TOP_MOVERS, TREND_DIMENSIONS, TREND_GRANULARITIES } from '@app/analytics/kpi/trends';
import { ANALYST } from '@app/platform/auth/test-support';
import { SQL_LIKE, UNICODE_EDGES, percentEncode } from '../../../test/support/fuzz/hostile-values';
import { ALERT_STATUSES } from '@app/analytics/alerts/alert-list.sql';
import { ALERT_RULES } from '@app/analytics/alerts/alert-rules';
import { type QuerySpec, invalidQueries, queryString } from '../../../test/support/fuzz/invalid-queries';
import { watchErrorAnswers } from '../../../test/support/fuzz/error-answers';
import { hostileRequests } from '../../../test/support/fuzz/hostile-requests';
import { rawRequest } from '../../../test/support/fuzz/raw-http';
import {
  RecordingAnalyticsStore,
  StatementLog,
  boundStrings,
} from '../../../test/support/fuzz/recording-stores';
import {
  type OpenApiOperation,
  type Route,
  credentialFor,
  inheritedByPlainObjects,
  openApiOperations,
  problemWith,
  prototypeNames,
  routeKey,
  routesOf,
} from '../../../test/support/fuzz/routes';
import { RecordingLogger } from '../../../test/support/recording-logger';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';

/**
 * Bad input at scale for every report route, read from the router: query strings invalid by
 * construction (each generator derives from the route's DTO only values it refuses). Every answer must
 * be a 400 or 431 naming field, reason and a stable code; the analytics store, wrapped in a recording
 * decorator, receives no statement; its tables are unchanged, the process healthy, Object.prototype
 * untouched. Hostile but well-formed filter values reach ClickHouse only as bound parameters.
 */
/** Fixed, so a run is repeatable; FUZZ_SEED explores another sequence by hand. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_309);
const MIN_REQUESTS = 1_000;
const MIN_HOSTILE_REQUESTS = 200;

const week = { kind: { t: 'iso-week' }, required: true } as const;
const businessLine = { kind: { t: 'code' }, required: false } as const;
const orgUnit = { kind: { t: 'text', max: 200 }, required: false } as const;
const FILTERS = { businessLine: 'postal', orgUnit: 'branch-7' };

const WEEKLY_PACK: QuerySpec = {
  params: { week, businessLine, orgUnit },
  valid: { week: '2026-W10', ...FILTERS },
};

const WEEKLY_PACK_DOCUMENT: QuerySpec = {
  params: { ...WEEKLY_PACK.params, lang: { kind: { t: 'enum', values: ['zh-CN', 'en'] }, required: false } },
  valid: { ...WEEKLY_PACK.valid, lang: 'en' },
};

const optionalWeek = { kind: { t: 'iso-week' }, required: false } as const;

const ARCHIVE_LIST: QuerySpec = {
  params: { businessLine, orgUnit, from: optionalWeek, to: optionalWeek },
  valid: { ...FILTERS, from: '2026-W01', to: '2026-W10' },
};

const ARCHIVED_PACK: QuerySpec = {
  params: { week, businessLine: { kind: { t: 'code' }, required: true }, orgUnit },
  valid: { week: '2026-W10', ...FILTERS },
};

const ARCHIVED_PACK_DOCUMENT: QuerySpec = {
  params: { ...ARCHIVED_PACK.params, lang: WEEKLY_PACK_DOCUMENT.params.lang },
  valid: { ...ARCHIVED_PACK.valid, lang: 'en' },
};

const TRENDS: QuerySpec = {
  params: {
    dimension: { kind: { t: 'enum', values: TREND_DIMENSIONS }, required: true },
    granularity: { kind: { t: 'enum', values: TREND_GRANULARITIES }, required: true },
    from: { kind: { t: 'date' }, required: true },
    to: { kind: { t: 'date' }, required: true },
    businessLine,
    orgUnit,
    top: { kind: { t: 'int', min: 1, max: TOP_MOVERS.max }, required: false },
  },
  valid: {
    dimension: 'causeCode',
    granularity: 'week',
    from: '2026-03-02',
    to: '2026-03-08',
    ...FILTERS,
    top: '5',
  },
};

const DRILL_DOWN: QuerySpec = {
  params: {
    metric: { kind: { t: 'enum', values: DRILL_DOWN_METRIC_NAMES }, required: true },
    week: { ...week, required: false },
    period: { kind: { t: 'period' }, required: false },
    key: { kind: { t: 'text', max: 400 }, required: false },
    page: { kind: { t: 'int', min: 1, max: 1_000_000 }, required: false },
    pageSize: { kind: { t: 'int', min: 1, max: MAX_PAGE_SIZE }, required: false },
    businessLine,
    orgUnit,
  },
  valid: { metric: 'volume', week: '2026-W10', ...FILTERS, page: '1', pageSize: '50' },
  exactlyOne: ['week', 'period'],
};

const EXECUTIVE: QuerySpec = {
  params: { period: { kind: { t: 'period' }, required: true }, businessLine, orgUnit },
  valid: { period: '2026-03', ...FILTERS },
};

const FAIRNESS: QuerySpec = {
  params: { period: { kind: { t: 'period' }, required: true }, businessLine, orgUnit },
  valid: { period: '2026-03', ...FILTERS },
};

const ALERTS: QuerySpec = {
  params: {
    status: { kind: { t: 'enum', values: ALERT_STATUSES }, required: false },
    rule: { kind: { t: 'enum', values: ALERT_RULES }, required: false },
    businessLine,
    page: { kind: { t: 'int', min: 1, max: 1_000_000 }, required: false },
    pageSize: { kind: { t: 'int', min: 1, max: 200 }, required: false },
  },
  valid: { status: 'open', rule: 'cause-spike-daily', businessLine: 'postal', page: '1', pageSize: '50' },
};

const FAIRNESS_DRILL_DOWN: QuerySpec = {
  params: {
    period: { kind: { t: 'period' }, required: true },
    businessLine,
    orgUnit,
    causeCode: { kind: { t: 'text', max: 200 }, required: true },
    severity: { kind: { t: 'text', max: 200 }, required: true },
    dimension: { kind: { t: 'enum', values: FAIRNESS_DIMENSIONS }, required: true },
    key: { kind: { t: 'text', max: 200 }, required: true },
    level: { kind: { t: 'text', max: 200 }, required: false },
    page: { kind: { t: 'int', min: 1, max: 1_000_000 }, required: false },
    pageSize: { kind: { t: 'int', min: 1, max: 200 }, required: false },
  },
  valid: {
    period: '2026-03',
    ...FILTERS,
    causeCode: 'staff-attitude',
    severity: 'minor',
    dimension: 'orgUnit',
    key: 'branch-7',
    level: 'warning',
    page: '1',
    pageSize: '50',
  },
};

const text = { kind: { t: 'text', max: 200 }, required: false } as const;
const code = { kind: { t: 'code' }, required: false } as const;
const date = { kind: { t: 'date' }, required: false } as const;
const flag = { kind: { t: 'enum', values: ['true', 'false'] }, required: false } as const;
const dueWithinHours = {
  kind: { t: 'int', min: DUE_SOON_HOURS.min, max: DUE_SOON_HOURS.max },
  required: false,
} as const;

const COMPLAINT_LIST: QuerySpec = {
  // First: the HTTP-layer test sends its broken values in the first parameter, which must refuse them.
  params: {
    status: { kind: { t: 'enum', values: COMPLAINT_STATUSES }, required: false },
    complaintId: text,
    acceptanceNumber: text,
    sourceSystem: text,
    sourceExternalId: text,
    businessLine,
    orgUnit,
    channel: code,
    category: code,
    severity: { kind: { t: 'enum', values: SEVERITIES }, required: false },
    cause: code,
    assignee: text,
    registeredFrom: date,
    registeredTo: date,
    deadlineBefore: date,
    overdue: flag,
    awaitingApproval: flag,
    appealPending: flag,
    worklist: { kind: { t: 'enum', values: WORKLIST_NAMES }, required: false },
    dueWithinHours,
    sort: { kind: { t: 'enum', values: COMPLAINT_SORTS }, required: false },
    cursor: { kind: { t: 'text', max: 600 }, required: false },
    limit: { kind: { t: 'int', min: 1, max: COMPLAINT_LIST_MAX_LIMIT }, required: false },
  },
  valid: {
    status: 'acknowledged',
    ...FILTERS,
    channel: 'counter',
    registeredFrom: '2026-03-01',
    registeredTo: '2026-03-08',
    overdue: 'false',
    sort: 'deadline',
    limit: '20',
  },
};

const WORKLIST_COUNTS: QuerySpec = { params: { dueWithinHours }, valid: { dueWithinHours: '24' } };

const ROUTES: Readonly<Record<string, QuerySpec>> = {
  'GET /complaints': COMPLAINT_LIST,
  'GET /complaints.csv': COMPLAINT_LIST,
  'GET /worklists': WORKLIST_COUNTS,
  'GET /reports/weekly-pack': WEEKLY_PACK,
  'GET /reports/weekly-pack.csv': WEEKLY_PACK,
  'GET /reports/weekly-pack.pdf': WEEKLY_PACK_DOCUMENT,
  'GET /reports/weekly-pack.xlsx': WEEKLY_PACK_DOCUMENT,
  'GET /reports/archive': ARCHIVE_LIST,
  'GET /reports/quality-meetings': ARCHIVE_LIST,
  'GET /reports/quality-meetings/meeting': {
    params: { id: { kind: { t: 'text', max: 36 }, required: true } },
    valid: { id: '00000000-0000-4000-8000-000000000000' },
  },
  'GET /reports/archive/pack': ARCHIVED_PACK,
  'GET /reports/archive/pack.pdf': ARCHIVED_PACK_DOCUMENT,
  'GET /reports/archive/pack.xlsx': ARCHIVED_PACK_DOCUMENT,
  'GET /reports/trends': TRENDS,
  'GET /reports/trends.csv': TRENDS,
  'GET /reports/trends/top-movers.csv': TRENDS,
  'GET /reports/drill-down': DRILL_DOWN,
  'GET /reports/drill-down.csv': DRILL_DOWN,
  'GET /reports/executive': EXECUTIVE,
  'GET /reports/executive.csv': EXECUTIVE,
  'GET /alerts': ALERTS,
  'GET /reports/fairness': FAIRNESS,
  'GET /reports/fairness.csv': FAIRNESS,
  'GET /reports/fairness/drill-down': FAIRNESS_DRILL_DOWN,
};

/** Routes of the API that take no input at all (no parameter): nothing to make invalid. */
const NO_INPUT = new Set(['GET /health', 'GET /reports/labels', 'GET /auth/me']);

/** The dashboard's routes with a path parameter, and a value each serves. */
const DASHBOARD_PARAMS: Readonly<Record<string, string>> = {
  'GET /dashboard/complaints/:id': '0b7c6a4e-2f64-4a8e-9a3c-5d1e2f3a4b5c',
  'GET /dashboard/assets/:file': 'dashboard.css',
};

/** The dashboard: static pages and their assets, left out of the OpenAPI document; they read no data. */
const isDashboard = (key: string) => key === 'GET /dashboard' || key.startsWith('GET /dashboard/');

describe('bad input at scale to every query-service route (chDB, fast-check)', () => {
  let service: QueryServiceUnderTest;
  let recording: RecordingAnalyticsStore;
  const log = new StatementLog();
  let routes: Route[];
  let operations: Map<string, OpenApiOperation>;
  const logger = new RecordingLogger();
  let answers: ReturnType<typeof watchErrorAnswers>;

  const rowCounts = async () => {
    const tables = await service.db.store.query<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: service.db.database },
    );
    const counts: Record<string, string> = {};
    for (const { name } of tables)
      counts[name] = (
        await service.db.store.query<{ n: string }>(`SELECT count() AS n FROM ${service.db.database}.${name}`)
      )[0]!.n;
    return counts;
  };

  beforeAll(async () => {
    // Before the app exists: Nest binds its filters' methods as it starts.
    answers = watchErrorAnswers();
    service = await startQueryService('fuzz', recordScenario(), {}, (store) => {
      recording = new RecordingAnalyticsStore(store, log);
      return recording;
    });
    service.app.useLogger(logger);
    routes = routesOf(service.app);
    operations = openApiOperations((await service.as({}).get('/docs-json').expect(200)).body);
  });

  afterAll(async () => {
    answers?.restore();
    await service?.close();
  });

  it('has an arbitrary for every route that takes input, and names no route the router lacks', () => {
    const served = routes.map(routeKey);
    const api = served.filter((key) => !isDashboard(key));
    expect(api.filter((key) => !(key in ROUTES) && !NO_INPUT.has(key))).toEqual([]);
    expect([...Object.keys(ROUTES), ...NO_INPUT].filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter(isDashboard).filter((key) => operations.has(key))).toEqual([]);
    expect(served.filter((key) => isDashboard(key) && key.includes('/:'))).toEqual(
      Object.keys(DASHBOARD_PARAMS),
    );
    for (const key of NO_INPUT)
      expect({ key, parameters: operations.get(key)?.parameters ?? [] }).toEqual({ key, parameters: [] });
    for (const [key, spec] of Object.entries(ROUTES)) {
      const declared = (operations.get(key)?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      expect({ key, params: Object.keys(spec.params).sort() }).toEqual({ key, params: declared.sort() });
    }
  });

  it(`answers ≥ ${MIN_REQUESTS} invalid query strings with a 4xx naming field, reason and code, and reads nothing`, async () => {
    const before = await rowCounts();
    const prototypeBefore = prototypeNames();
    log.clear();
    const numRuns = Math.ceil(MIN_REQUESTS / Object.keys(ROUTES).length);
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    const sentValues: string[] = [];
    let sent = 0;

    for (const [index, [key, spec]] of Object.entries(ROUTES).entries()) {
      const path = key.split(' ')[1]!;
      const credential = credentialFor(operations.get(key)?.['x-permissions'] ?? []);
      await fc.assert(
        fc.asyncProperty(invalidQueries(spec), async (invalidation) => {
          const response = await service.as(credential).get(`${path}?${queryString(invalidation.pairs)}`);
          sent++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          kinds.set(invalidation.what, (kinds.get(invalidation.what) ?? 0) + 1);
          sentValues.push(...invalidation.pairs.flatMap((p) => [p.name, p.value]));
          const problem = problemWith(response.status, response.body);
          if (problem)
            throw new Error(
              `${key}: ${invalidation.what} (${invalidation.param}): ${problem}\n` +
                `answer: ${JSON.stringify(response.body).slice(0, 400)}\nsent: ${queryString(invalidation.pairs).slice(0, 400)}`,
            );
        }),
        { seed: SEED + index, numRuns },
      );
    }

    console.log(
      `query fuzz: seed ${SEED}, ${Object.keys(ROUTES).length} routes × ${numRuns} runs = ${sent} invalid requests; ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${log.byRequests().length} ClickHouse statements; ` +
        `cases ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Refused at the edge: no statement reached ClickHouse, so no value could be spliced into one.
    expect(log.byRequests()).toEqual([]);
    expect(log.splicing(sentValues)).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect(prototypeNames()).toEqual(prototypeBefore);
    expect(inheritedByPlainObjects()).toEqual([]);
    expect((await service.as({}).get('/health')).status).toBe(200);
  }, 300_000);

  it('binds hostile but well-formed filter values: answered, never part of the SQL text', async () => {
    // Org units are free text on registration: anything without control characters is a valid filter.
    const hostileUnit = fc
      .tuple(fc.constantFrom(...SQL_LIKE, ...UNICODE_EDGES), fc.string({ unit: 'grapheme', maxLength: 12 }))
      .map(([hostile, tail]) => `${hostile}${tail}`.replace(/\p{Cc}|[\uD800-\uDFFF]/gu, '').slice(0, 200))
      .filter((unit) => unit.length > 0);
    log.clear();
    const sent: string[] = [];
    await fc.assert(
      fc.asyncProperty(hostileUnit, async (unit) => {
        const response = await service
          .as(ANALYST)
          .get(`/reports/weekly-pack?week=2026-W10&orgUnit=${percentEncode(unit)}`);
        expect(response.status).toBe(200);
        expect(response.body.pack.filters.orgUnit).toBe(unit);
        expect(response.body.pack.volume.count).toBe(0);
        sent.push(unit);
      }),
      { seed: SEED, numRuns: 15 },
    );
    const bound = new Set(log.statements.flatMap(({ params }) => boundStrings(params)));
    console.log(
      `query fuzz: ${sent.length} hostile org units answered over ${log.statements.length} statements`,
    );
    expect(sent.filter((unit) => !bound.has(unit))).toEqual([]);
    expect(log.splicing(sent)).toEqual([]);
  });
  describe('security class 7: unexpected input never answers 5xx', () => {
    it(`answers ≥ ${MIN_HOSTILE_REQUESTS} requests that break the HTTP layer with a 4xx naming field, reason and code, logs no error, reads nothing`, async () => {
      const before = await rowCounts();
      const answered = answers.count();
      const logged = logger.lines.length;
      log.clear();
      const targets = [
        ...Object.entries(ROUTES).map(([key, spec]) => ({
          key,
          headers: credentialFor(operations.get(key)?.['x-permissions'] ?? []),
          queryParam: Object.keys(spec.params)[0],
        })),
        ...Object.entries(DASHBOARD_PARAMS).map(([key, paramValue]) => ({ key, headers: {}, paramValue })),
      ];
      const numRuns = Math.ceil(MIN_HOSTILE_REQUESTS / targets.length);
      const statuses = new Map<number, number>();
      const kinds = new Map<string, number>();
      const server = service.app.getHttpServer();
      let sent = 0;
      for (const [index, { key, ...target }] of targets.entries()) {
        const [method, path] = key.split(' ') as [string, string];
        await fc.assert(
          fc.asyncProperty(
            hostileRequests({ ...target, method, path, readsBodies: false }),
            async (hostile) => {
              const answer = (await rawRequest(server, hostile))!;
              sent++;
              statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
              kinds.set(hostile.what, (kinds.get(hostile.what) ?? 0) + 1);
              const body = answer.body as { code?: string; errors?: { field: string }[] };
              const problem =
                problemWith(answer.status, answer.body, [400, 431]) ??
                (hostile.expected && body.code !== hostile.expected.code
                  ? `code ${body.code}, expected ${hostile.expected.code}`
                  : undefined) ??
                (hostile.expected && body.errors?.[0]?.field !== hostile.expected.field
                  ? `field is not ${hostile.expected.field}`
                  : undefined) ??
                (hostile.notEchoed && answer.text.includes(hostile.notEchoed)
                  ? `the answer repeats ${hostile.notEchoed}`
                  : undefined);
              if (problem)
                throw new Error(
                  `${key}: ${hostile.what}: ${problem}\nanswer: ${answer.status} ${answer.text.slice(0, 400)}`,
                );
            },
          ),
          { seed: SEED + index, numRuns },
        );
      }
      console.log(
        `query fuzz, HTTP layer: seed ${SEED}, ${targets.length} routes × ${numRuns} runs = ${sent} hostile requests; ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${log.byRequests().length} ClickHouse statements; ` +
          `cases ${JSON.stringify(Object.fromEntries(kinds))}`,
      );
      expect(sent).toBeGreaterThanOrEqual(MIN_HOSTILE_REQUESTS);
      expect(answers.statuses(answered).filter((status) => status >= 500)).toEqual([]);
      expect(logger.errors(logged)).toEqual([]);
      expect(log.byRequests()).toEqual([]);
      expect(await rowCounts()).toEqual(before);
      expect((await service.as({}).get('/health')).status).toBe(200);
    });
  });
});
