import fc from 'fast-check';
import { type INestApplication } from '@nestjs/common';
import { type Pool } from 'pg';
import request from 'supertest';
import {
  FOLLOW_UP_METHODS,
  FORMS,
  INVESTIGATION_SOURCES,
  RESOLUTION_OPTION_KINDS,
  RESPONSIBILITIES,
  REUSE,
  SATISFACTION,
  SEVERITIES,
  TIMELINESS,
} from '@app/complaints';
import { type EventStore, PgPoolExecutor, PostgresEventStore } from '@app/event-store';
import { MAX_TOKEN_TTL_SECONDS, ROLES } from '@app/platform';
import { AGENT, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  eventRowCount,
  freshSchemaName,
} from '../../../libs/event-store/src/test-support/postgres-test-database';
import {
  SQL_LIKE,
  UNICODE_EDGES,
  percentEncode,
  stringsIn,
  toJson,
} from '../../../test/support/fuzz/hostile-values';
import {
  BOOL,
  CODE,
  type Fields,
  INSTANT,
  type Invalidation,
  UUID,
  VERSIONED,
  array,
  badUuid,
  int,
  invalidBodies,
  object,
  oneOf,
  opt,
  req,
  text,
} from '../../../test/support/fuzz/invalid-bodies';
import { watchErrorAnswers } from '../../../test/support/fuzz/error-answers';
import { hostileRequests } from '../../../test/support/fuzz/hostile-requests';
import { rawRequest } from '../../../test/support/fuzz/raw-http';
import { RecordingSqlExecutor, StatementLog } from '../../../test/support/fuzz/recording-stores';
import { RecordingLogger } from '../../../test/support/recording-logger';
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
import { withTestLogging } from '@app/platform/logging/test-support';
import { createHttpApp } from '../src/bootstrap';
import { CommandServiceModule } from '../src/command-service.module';
import { loadCommandServiceConfig } from '../src/config/command-service.config';
import { TestClock, registration } from './command-service.harness';

/**
 * Bad input at scale: for every route of the command service, read from its router, bodies, ids and
 * headers that are invalid by construction (each generator derives from the route's DTO only values it
 * refuses). Every answer must be a 400, 413 or 431 naming field, reason and a stable code; afterwards the
 * store's event rows and streams are unchanged, no statement reached PostgreSQL, the process is
 * healthy and `Object.prototype` is untouched.
 */
/** Fixed, so a run is repeatable; FUZZ_SEED explores another sequence by hand. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const MIN_REQUESTS = 1_000;
const MIN_HOSTILE_REQUESTS = 300;

const CONTACT_METHODS = ['phone', 'sms', 'email', 'letter', 'in-person'];
const SHORT = 200;
const LONG = 4000;
const reason = { ...VERSIONED, reason: req(text(LONG)) };
const proposal = { ...VERSIONED, proposalId: req(CODE) };

/** A route's body: what its DTO declares, and one body it accepts. */
type BodySpec = { fields: Fields; valid: Record<string, unknown> };

const actions: Record<string, BodySpec> = {
  classify: {
    fields: {
      ...VERSIONED,
      category: req(CODE),
      severity: req(oneOf(SEVERITIES)),
      responsibility: req(oneOf(RESPONSIBILITIES)),
      form: req(oneOf(FORMS)),
      incidentId: opt(text(SHORT)),
    },
    valid: {
      category: 'item-delayed',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
      incidentId: 'storm-3',
      expectedVersion: 0,
    },
  },
  'flag-abnormal': { fields: reason, valid: { reason: 'no real need' } },
  acknowledge: {
    fields: {
      ...VERSIONED,
      mode: req(oneOf(['immediate', 'deferred'])),
      contactMethod: req(oneOf(CONTACT_METHODS)),
      replyDeadline: opt(INSTANT),
      reply: opt(text(LONG)),
    },
    valid: { mode: 'deferred', contactMethod: 'phone', replyDeadline: '2026-03-03T00:00:00Z', reply: 'soon' },
  },
  'interim-reply': {
    fields: { ...VERSIONED, statusTold: req(text(LONG)), nextDeadline: req(INSTANT) },
    valid: { statusTold: 'still looking', nextDeadline: '2026-03-05T00:00:00+08:00' },
  },
  dispatch: {
    fields: {
      ...VERSIONED,
      dispatchId: req(CODE),
      assigneeKind: req(oneOf(['handler', 'department'])),
      assignee: req(text(SHORT)),
      instructions: req(text(LONG)),
      dueAt: req(INSTANT),
    },
    valid: {
      dispatchId: 'wo-1',
      assigneeKind: 'department',
      assignee: 'sorting-centre',
      instructions: 'Find the parcel',
      dueAt: '2026-03-04T00:00:00Z',
    },
  },
  'return-dispatch': {
    fields: { ...VERSIONED, dispatchId: req(CODE), result: req(text(LONG)) },
    valid: { dispatchId: 'wo-1', result: 'found' },
  },
  escalate: {
    fields: { ...VERSIONED, toLevel: req(int(1, 20)), reason: req(text(LONG)), urgent: opt(BOOL) },
    valid: { toLevel: 1, reason: 'serious', urgent: false },
  },
  'notify-superior': { fields: { ...VERSIONED, level: req(int(0, 20)) }, valid: { level: 1 } },
  'investigation-finding': {
    fields: {
      ...VERSIONED,
      sources: req(array(oneOf(INVESTIGATION_SOURCES), 1, INVESTIGATION_SOURCES.length)),
      when: opt(text(SHORT)),
      where: opt(text(SHORT)),
      who: opt(text(SHORT)),
      what: req(text(LONG)),
      customerWants: opt(text(LONG)),
    },
    valid: {
      sources: ['customer', 'records'],
      when: 'Monday',
      where: 'hub 2',
      who: 'A1001',
      what: 'Missorted',
      customerWants: 'the parcel',
    },
  },
  'root-causes': {
    fields: {
      ...VERSIONED,
      causes: req(
        array(
          object({
            causeCode: req(CODE),
            responsibleUnit: req(text(SHORT)),
            staffJobNumber: opt(text(64)),
          }),
          1,
          20,
        ),
      ),
    },
    valid: { causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: 'A1001' }] },
  },
  'propose-resolution': {
    fields: {
      ...proposal,
      options: req(
        array(
          object({
            kind: req(oneOf(RESOLUTION_OPTION_KINDS)),
            amount: opt({ t: 'amount', max: 100_000_000 }),
            note: opt(text(LONG)),
          }),
          1,
          8,
        ),
      ),
    },
    valid: {
      proposalId: 'p-1',
      options: [{ kind: RESOLUTION_OPTION_KINDS[0], amount: 12.5, note: 'refund' }],
    },
  },
  'approve-resolution': {
    fields: { ...proposal, note: opt(text(LONG)) },
    valid: { proposalId: 'p-1', note: 'ok' },
  },
  'reject-resolution': {
    fields: { ...proposal, reason: req(text(LONG)) },
    valid: { proposalId: 'p-1', reason: 'too much' },
  },
  'customer-acceptance': {
    fields: { ...proposal, agreementSigned: opt(BOOL) },
    valid: { proposalId: 'p-1', agreementSigned: true },
  },
  'customer-rejection': {
    fields: { ...proposal, reason: req(text(LONG)) },
    valid: { proposalId: 'p-1', reason: 'not enough' },
  },
  'implement-resolution': {
    fields: { ...proposal, implementedBy: req(text(SHORT)), note: opt(text(LONG)) },
    valid: { proposalId: 'p-1', implementedBy: 'finance', note: 'paid' },
  },
  'final-reply': {
    fields: { ...VERSIONED, summary: req(text(LONG)), contactMethod: req(oneOf(CONTACT_METHODS)) },
    valid: { summary: 'Delivered', contactMethod: 'sms' },
  },
  'follow-up': {
    fields: {
      ...VERSIONED,
      method: req(oneOf(FOLLOW_UP_METHODS)),
      level: req(CODE),
      answers: req(
        object({
          resultSatisfaction: req(oneOf(SATISFACTION)),
          timeliness: req(oneOf(TIMELINESS)),
          attitudeSatisfaction: req(oneOf(SATISFACTION)),
          wouldReuse: req(oneOf(REUSE)),
        }),
      ),
      comment: opt(text(LONG)),
    },
    valid: {
      method: 'phone',
      level: 'team-lead',
      answers: {
        resultSatisfaction: 'satisfied',
        timeliness: 'timely',
        attitudeSatisfaction: 'neutral',
        wouldReuse: 'yes',
      },
      comment: 'fine',
    },
  },
  close: { fields: VERSIONED, valid: { expectedVersion: 3 } },
  reopen: { fields: reason, valid: { reason: 'came back' } },
  withdraw: { fields: reason, valid: { reason: 'found it' } },
  merge: {
    fields: { ...VERSIONED, intoComplaintId: req(UUID), reason: req(text(LONG)) },
    valid: { intoComplaintId: '0b7c6a4e-2f64-4a8e-9a3c-5d1e2f3a4b5c', reason: 'duplicate' },
  },
  appeals: {
    fields: { ...VERSIONED, causeId: req(text(16)), staffJobNumber: req(text(64)), reason: req(text(LONG)) },
    valid: { causeId: 'C1', staffJobNumber: 'A1001', reason: 'not me' },
  },
  'appeal-decision': {
    fields: {
      ...VERSIONED,
      causeId: req(text(16)),
      outcome: req(oneOf(['upheld', 'rejected'])),
      note: req(text(LONG)),
      revisedConsequence: opt(object({ level: req(CODE), points: opt(int(1, 1000)) })),
    },
    valid: { causeId: 'C1', outcome: 'upheld', note: 'agreed', revisedConsequence: { level: 'none' } },
  },
  consequences: {
    fields: { ...VERSIONED, causeId: req(text(16)), level: req(CODE), points: opt(int(1, 1000)) },
    valid: { causeId: 'C1', level: 'points-deducted', points: 2 },
  },
};

const REGISTRATION: BodySpec = {
  fields: {
    ...VERSIONED,
    businessLine: req(CODE),
    channel: req(CODE),
    receivedAt: opt(INSTANT),
    customer: req(
      object({
        reference: req(text(SHORT)),
        name: req(text(SHORT)),
        contact: req(
          object({ phone: opt({ t: 'phone' }), email: opt({ t: 'email' }), address: opt(text(SHORT)) }),
        ),
      }),
    ),
    description: req(text(LONG)),
    demand: req(text(LONG)),
    receivedBy: req(object({ jobNumber: req(text(64)), orgUnit: req(text(SHORT)) })),
    source: opt(object({ system: req(CODE), externalId: req(text(SHORT)) })),
  },
  valid: registration({
    customer: {
      reference: 'CUST-0001',
      name: '王小明',
      contact: { phone: '+86 138 0000 0000', email: 'wang@example.com', address: 'Beijing' },
    },
    source: { system: 'hotline-platform', externalId: 'HL-1' },
    expectedVersion: -1,
  }),
};

const CORRECTIVE_ACTION: BodySpec = {
  fields: {
    ...VERSIONED,
    businessLine: req(CODE),
    meetingDate: req(INSTANT),
    causeCodes: req(array(CODE, 1, 20)),
    orgUnits: req(array({ t: 'text', max: SHORT, allowEmpty: true }, 1, 50)),
    description: req(text(LONG)),
    owner: req(text(64)),
    dueAt: req(INSTANT),
  },
  valid: {
    businessLine: 'postal',
    meetingDate: '2026-03-02T00:00:00Z',
    causeCodes: ['sorting-error'],
    orgUnits: ['hub-2'],
    description: 'Re-train the night shift',
    owner: 'M3001',
    dueAt: '2026-03-20T00:00:00Z',
  },
};

const UNITS = array({ t: 'text', max: SHORT, allowEmpty: true }, 1, 50);

const QUALITY_MEETING: BodySpec = {
  fields: {
    ...VERSIONED,
    businessLine: req(CODE),
    week: req(text(8)),
    orgUnits: req(UNITS),
    heldAt: req(INSTANT),
    attendees: req(array(text(64), 1, 100)),
    reviewedArchiveId: opt(text(400)),
  },
  valid: {
    businessLine: 'postal',
    week: '2026-W10',
    orgUnits: ['hub-2'],
    heldAt: '2026-03-09T02:00:00Z',
    attendees: ['S2001'],
    reviewedArchiveId: 'postal.2026-W10.*',
  },
};

const MEETING_FINDING: BodySpec = {
  fields: { ...VERSIONED, causeCodes: req(array(CODE, 1, 20)), summary: req(text(LONG)) },
  valid: { causeCodes: ['sorting-error'], summary: 'Sorting errors doubled' },
};

const MEETING_DECISION: BodySpec = {
  fields: {
    ...VERSIONED,
    findingId: opt(text(64)),
    summary: req(text(LONG)),
    causeCodes: req(array(CODE, 1, 20)),
    orgUnits: req(UNITS),
    description: req(text(LONG)),
    owner: req(text(64)),
    dueAt: req(INSTANT),
  },
  valid: {
    summary: 'Re-train the night shift',
    causeCodes: ['sorting-error'],
    orgUnits: ['hub-2'],
    description: 'Re-train the night shift',
    owner: 'M3001',
    dueAt: '2026-03-20T00:00:00Z',
  },
};

type QueryCase = { what: string; path: string; query: string };

/** Query strings the personal-data audit refuses: malformed or impossible days, ranges, ids, unknown names. */
const auditQueries = (): fc.Arbitrary<QueryCase> => {
  const notADay = fc.string({ maxLength: 40 }).filter((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v));
  return fc.oneof(
    notADay.map((v) => ({
      what: 'invalid value (day)',
      path: 'from',
      query: `from=${percentEncode(v)}`,
    })),
    notADay.map((v) => ({ what: 'invalid value (day)', path: 'to', query: `to=${percentEncode(v)}` })),
    fc
      .constantFrom('2026-02-30', '2026-13-01', '2025-02-29', '0000-00-00')
      .map((v) => ({ what: 'invalid value (calendar day)', path: 'from', query: `from=${v}&to=2026-03-02` })),
    badUuid().map((id) => ({
      what: 'invalid value (uuid)',
      path: 'complaintId',
      query: `complaintId=${percentEncode(id)}`,
    })),
    fc.constant({ what: 'reversed range', path: 'from', query: 'from=2026-03-03&to=2026-03-02' }),
    fc.constant({ what: 'range too long', path: 'from', query: 'from=2025-01-01&to=2026-03-02' }),
    fc.constant({ what: 'unknown field', path: 'subject', query: 'subject=A1001' }),
  );
};

/** How a route is fuzzed: its body, whether its path holds a complaint or action id, whether it reads If-Match & co. */
type RouteFuzz = {
  body?: BodySpec;
  id?: 'complaint' | 'action' | 'token' | 'alert';
  contextHeaders?: boolean;
  query?: () => fc.Arbitrary<QueryCase>;
};

const ROUTES: Record<string, RouteFuzz> = {
  'POST /complaints': { body: REGISTRATION, contextHeaders: true },
  'GET /complaints/:id': { id: 'complaint' },
  'GET /complaints/:id/events': { id: 'complaint' },
  ...Object.fromEntries(
    Object.entries(actions).map(([action, body]) => [
      `POST /complaints/:id/${action}`,
      { body, id: 'complaint', contextHeaders: true } satisfies RouteFuzz,
    ]),
  ),
  'POST /corrective-actions': { body: CORRECTIVE_ACTION, contextHeaders: true },
  'GET /corrective-actions/:id': { id: 'action' },
  'POST /corrective-actions/:id/start': {
    body: { fields: VERSIONED, valid: {} },
    id: 'action',
    contextHeaders: true,
  },
  'POST /corrective-actions/:id/complete': {
    body: { fields: { ...VERSIONED, note: req(text(LONG)) }, valid: { note: 'done' } },
    id: 'action',
    contextHeaders: true,
  },
  'POST /corrective-actions/:id/verify': {
    body: {
      fields: { ...VERSIONED, effective: req(BOOL), note: req(text(LONG)) },
      valid: { effective: true, note: 'ok' },
    },
    id: 'action',
    contextHeaders: true,
  },
  'POST /quality-meetings': { body: QUALITY_MEETING, contextHeaders: true },
  'POST /quality-meetings/:id/findings': { body: MEETING_FINDING, id: 'complaint', contextHeaders: true },
  'POST /quality-meetings/:id/decisions': { body: MEETING_DECISION, id: 'complaint', contextHeaders: true },
  'POST /ingress/batch': {
    body: {
      fields: { messages: req(array({ t: 'any-object' }, 1, 500)) },
      valid: { messages: [{ messageId: 'm-1', type: 'ComplaintReceived' }] },
    },
  },
  'POST /auth/tokens': {
    body: {
      fields: {
        subject: req({ t: 'identifier' }),
        roles: req(array(oneOf(ROLES), 1, ROLES.length, true)),
        orgUnits: opt(array(text(SHORT), 1, 200, true)),
        ttlSeconds: opt(int(60, MAX_TOKEN_TTL_SECONDS)),
      },
      valid: { subject: 'A1002', roles: ['agent'], orgUnits: ['hub-2'], ttlSeconds: 3600 },
    },
  },
  'POST /auth/tokens/:id/revoke': { id: 'token' },
  'POST /alerts/:id/ack': { id: 'alert' },
  'GET /audit/personal-data-reads': { query: auditQueries },
  'POST /personal-data/erasures': {
    body: { fields: { customerReference: req(text(SHORT)) }, valid: { customerReference: 'CUST-0001' } },
  },
};

/** Routes that take no input at all (no parameter, no body): nothing to make invalid. */
const NO_INPUT = new Set(['GET /taxonomy', 'GET /health', 'GET /metrics']);

/** Values of If-Match, Idempotency-Key and X-Correlation-Id the service refuses (sendable as header bytes). */
const badHeader = (): fc.Arbitrary<[string, string]> =>
  fc.oneof(
    fc.tuple(
      fc.constant('If-Match'),
      fc.constantFrom(
        '',
        'abc',
        '3""',
        '-1',
        'W/"x"',
        '3; DROP TABLE events',
        '1'.repeat(16),
        '*',
        '"1", "2"',
        'ÿ',
      ),
    ),
    fc.tuple(
      fc.constantFrom('Idempotency-Key', 'X-Correlation-Id'),
      fc.oneof(
        fc.constantFrom('has space', 'semi;colon', "quote'--", 'x'.repeat(129), 'é', '{a}', '', '../../etc'),
        fc.constantFrom(...SQL_LIKE),
      ),
    ),
  );

type Case = { invalidation: Invalidation; id?: string; header?: [string, string]; query?: string };

describe('bad input at scale to every command-service route (PostgreSQL, fast-check)', () => {
  let app: INestApplication;
  let pool: Pool;
  let store: EventStore;
  const schema = freshSchemaName();
  const log = new StatementLog();
  let complaintId: string;
  let actionId: string;
  let routes: Route[];
  let operations: Map<string, OpenApiOperation>;
  const logger = new RecordingLogger();
  let answers: ReturnType<typeof watchErrorAnswers>;

  const streamCount = async () =>
    Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".streams`)).rows[0].n);

  beforeAll(async () => {
    pool = await connectTestPool();
    store = await new PostgresEventStore(new RecordingSqlExecutor(new PgPoolExecutor(pool, false), log), {
      schema,
    }).start();
    // Before the app exists: Nest binds its filters' methods as it starts.
    answers = watchErrorAnswers();
    const config = loadCommandServiceConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'silent',
      ...TEST_AUTH_ENV,
    });
    app = await createHttpApp(
      withTestLogging(
        'command-service-fuzz',
        CommandServiceModule.register({ config, clock: new TestClock(), eventStore: store }),
      ),
      config,
    );
    app.useLogger(logger);
    await app.init();
    const http = () => request(app.getHttpServer());
    complaintId = (await http().post('/complaints').set(AGENT).send(registration()).expect(201)).body
      .complaintId;
    actionId = (
      await http()
        .post('/corrective-actions')
        .set(credentialFor(['corrective-action:write']))
        .send(CORRECTIVE_ACTION.valid)
        .expect(201)
    ).body.actionId;
    routes = routesOf(app);
    operations = openApiOperations((await http().get('/docs-json').expect(200)).body);
  });

  afterAll(async () => {
    answers?.restore();
    await app?.close();
    await store?.close();
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('has an arbitrary for every route that takes input, and names no route the router lacks', () => {
    const served = routes.map(routeKey);
    expect(served.length).toBeGreaterThanOrEqual(35);
    expect(served.filter((key) => !(key in ROUTES) && !NO_INPUT.has(key))).toEqual([]);
    expect([...Object.keys(ROUTES), ...NO_INPUT].filter((key) => !served.includes(key))).toEqual([]);
    for (const key of NO_INPUT) {
      const operation = operations.get(key);
      expect({ key, parameters: operation?.parameters ?? [], body: operation?.requestBody }).toEqual({
        key,
        parameters: [],
        body: undefined,
      });
    }
  });

  it(`answers ≥ ${MIN_REQUESTS} invalid requests with a 4xx naming field, reason and code, and changes nothing`, async () => {
    const events = await eventRowCount(pool, schema);
    const streams = await streamCount();
    const prototypeBefore = prototypeNames();
    log.clear();
    const numRuns = Math.ceil(MIN_REQUESTS / Object.keys(ROUTES).length);
    const sentStrings: string[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let sent = 0;

    for (const [index, [key, fuzz]] of Object.entries(ROUTES).entries()) {
      const [method, path] = key.split(' ') as [string, string];
      const permissions = operations.get(key)?.['x-permissions'] ?? [];
      const credential = credentialFor(permissions);
      const validId = fuzz.id === 'action' ? actionId : complaintId;
      const validBody = fuzz.body?.valid;
      const ways: fc.WeightedArbitrary<Case>[] = [];
      if (fuzz.body)
        ways.push({
          arbitrary: invalidBodies(fuzz.body.fields, fuzz.body.valid, {
            bodyLimit: key === 'POST /ingress/batch' ? 4 * 1024 * 1024 : 64 * 1024,
          }).map((invalidation) => ({ invalidation })),
          weight: 6,
        });
      if (fuzz.id)
        ways.push({
          arbitrary: badUuid().map((id) => ({
            id,
            invalidation: { what: 'bad id', path: 'id', body: validBody },
          })),
          weight: fuzz.body ? 1 : 6,
        });
      if (fuzz.query)
        ways.push({
          arbitrary: fuzz
            .query()
            .map(({ what, path, query }) => ({ query, invalidation: { what, path, body: {} } })),
          weight: 6,
        });
      if (fuzz.contextHeaders)
        ways.push({
          arbitrary: badHeader().map((header) => ({
            header,
            invalidation: { what: 'bad header', path: header[0], body: validBody },
          })),
          weight: 1,
        });

      await fc.assert(
        fc.asyncProperty(fc.oneof(...ways), async ({ invalidation, id, header, query }) => {
          const url =
            path.replace(':id', id === undefined ? validId : percentEncode(id)) +
            (query === undefined ? '' : `?${query}`);
          let call = request(app.getHttpServer())[method === 'GET' ? 'get' : 'post'](url).set(credential);
          if (header) call = call.set(header[0], header[1]);
          if (method === 'POST')
            call = call.set('Content-Type', 'application/json').send(toJson(invalidation.body));
          const response = await call;
          sent++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          kinds.set(invalidation.what, (kinds.get(invalidation.what) ?? 0) + 1);
          sentStrings.push(
            ...stringsIn(invalidation.body),
            ...(id ? [id] : []),
            ...(header ? [header[1]] : []),
            ...(query ? [...new URLSearchParams(query).values()] : []),
          );
          const problem = problemWith(response.status, response.body);
          if (problem)
            throw new Error(
              `${key}: ${invalidation.what} at ${invalidation.path}: ${problem}\n` +
                `answer: ${JSON.stringify(response.body).slice(0, 400)}\nsent: ${toJson(invalidation.body).slice(0, 400)}`,
            );
        }),
        { seed: SEED + index, numRuns },
      );
    }

    console.log(
      `command fuzz: seed ${SEED}, ${Object.keys(ROUTES).length} routes × ${numRuns} runs = ${sent} invalid requests; ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${log.byRequests().length} SQL statements; ` +
        `cases ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Refused at the edge: not one statement reached PostgreSQL, so no value could be spliced into one.
    expect(log.byRequests()).toEqual([]);
    expect(log.splicing(sentStrings)).toEqual([]);
    expect(await eventRowCount(pool, schema)).toBe(events);
    expect(await streamCount()).toBe(streams);
    expect(prototypeNames()).toEqual(prototypeBefore);
    expect(inheritedByPlainObjects()).toEqual([]);
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.status).toBe(200);
  });

  it('binds hostile but well-formed text as a parameter: stored verbatim, never part of the SQL text', async () => {
    const wellFormed = (s: string) =>
      !s.includes('\u0000') &&
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
    const hostileText = fc
      .tuple(
        fc.constantFrom(...SQL_LIKE, ...UNICODE_EDGES.filter(wellFormed)),
        fc.string({ unit: 'grapheme', maxLength: 12 }),
      )
      .map(([hostile, tail]) => `${hostile}${tail}`);
    log.clear();
    const sentValues: string[] = [];
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(hostileText, hostileText, hostileText),
        async ([description, demand, orgUnit]) => {
          const body = registration({ description, demand, receivedBy: { jobNumber: 'A1001', orgUnit } });
          const created = await request(app.getHttpServer()).post('/complaints').set(AGENT).send(body);
          expect(created.status).toBe(201);
          accepted++;
          sentValues.push(description, demand, orgUnit);
          const view = await request(app.getHttpServer())
            .get(`/complaints/${created.body.complaintId}`)
            .set(AGENT);
          expect(view.body).toMatchObject({ description, demand, receivedBy: { orgUnit } });
        },
      ),
      { seed: SEED, numRuns: 25 },
    );
    const statements = log.statements.length;
    console.log(
      `command fuzz: ${accepted} hostile but valid registrations stored verbatim over ${statements} SQL statements`,
    );
    expect(statements).toBeGreaterThan(0);
    expect(log.splicing(sentValues)).toEqual([]);
  });
  describe('security class 7: unexpected input never answers 5xx', () => {
    it(`answers ≥ ${MIN_HOSTILE_REQUESTS} requests that break the HTTP layer with a 4xx naming field, reason and code, logs no error, changes nothing`, async () => {
      const events = await eventRowCount(pool, schema);
      const streams = await streamCount();
      const answered = answers.count();
      const logged = logger.lines.length;
      log.clear();
      const numRuns = Math.ceil(MIN_HOSTILE_REQUESTS / Object.keys(ROUTES).length);
      const statuses = new Map<number | string, number>();
      const kinds = new Map<string, number>();
      const server = app.getHttpServer();
      let sent = 0;
      for (const [index, [key, fuzz]] of Object.entries(ROUTES).entries()) {
        const [method, path] = key.split(' ') as [string, string];
        const target = {
          method,
          path,
          paramValue: fuzz.id === 'action' ? actionId : complaintId,
          headers: credentialFor(operations.get(key)?.['x-permissions'] ?? []),
          body: fuzz.body ? JSON.stringify(fuzz.body.valid) : undefined,
          readsBodies: true,
          contextHeaders: fuzz.contextHeaders,
          queryParam: fuzz.query ? 'from' : undefined,
        };
        await fc.assert(
          fc.asyncProperty(hostileRequests(target), async (hostile) => {
            const handled = answers.count();
            // An aborting client goes once the server has the request and is reading its body.
            const answer = await rawRequest(
              server,
              hostile,
              hostile.abort ? { abortWhen: new Promise((resolve) => server.once('request', resolve)) } : {},
            );
            sent++;
            kinds.set(hostile.what, (kinds.get(hostile.what) ?? 0) + 1);
            if (!answer) {
              // The client is gone: the server still reads the aborted body and answers it into the void.
              const deadline = Date.now() + 10_000;
              while (answers.count() === handled && Date.now() < deadline)
                await new Promise((resolve) => setTimeout(resolve, 5));
              statuses.set('aborted', (statuses.get('aborted') ?? 0) + 1);
              expect({ what: hostile.what, handled: answers.statuses(handled) }).toEqual({
                what: hostile.what,
                handled: [400],
              });
              return;
            }
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            const problem =
              problemWith(answer.status, answer.body, [400, 413, 415, 431]) ??
              (hostile.expected && (answer.body as { code?: string }).code !== hostile.expected.code
                ? `code ${(answer.body as { code?: string }).code}, expected ${hostile.expected.code}`
                : undefined) ??
              (hostile.expected &&
              (answer.body as { errors: { field: string }[] }).errors[0]?.field !== hostile.expected.field
                ? `field is not ${hostile.expected.field}`
                : undefined) ??
              (hostile.notEchoed && answer.text.includes(hostile.notEchoed)
                ? `the answer repeats ${hostile.notEchoed}`
                : undefined);
            if (problem)
              throw new Error(
                `${key}: ${hostile.what}: ${problem}\nanswer: ${answer.status} ${answer.text.slice(0, 400)}`,
              );
          }),
          { seed: SEED + index, numRuns },
        );
      }
      console.log(
        `command fuzz, HTTP layer: seed ${SEED}, ${Object.keys(ROUTES).length} routes × ${numRuns} runs = ${sent} hostile requests; ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${log.byRequests().length} SQL statements; ` +
          `cases ${JSON.stringify(Object.fromEntries(kinds))}`,
      );
      expect(sent).toBeGreaterThanOrEqual(MIN_HOSTILE_REQUESTS);
      expect(answers.statuses(answered).filter((status) => status >= 500)).toEqual([]);
      expect(logger.errors(logged)).toEqual([]);
      expect(log.byRequests()).toEqual([]);
      expect(await eventRowCount(pool, schema)).toBe(events);
      expect(await streamCount()).toBe(streams);
      expect((await request(server).get('/health')).status).toBe(200);
    });
  });
});
