import { ROLES, type Permission, grantOf } from '@app/platform';
import { AGENT, ANALYST, SUPERVISOR, bearer } from '@app/platform/auth/test-support';
import { type Harness, registration, startCommandService } from './command-service.harness';

type Route = { method: 'get' | 'post'; path: string };
type RouterLayer = { route?: { path: string; methods: Record<string, boolean> } };

/** Every route the running application answers, read from its router: a new route cannot be missed. */
const routesOf = (h: Harness): Route[] => {
  const express = h.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  // `/{*path}` is the request logger, a middleware Nest mounts on every path, not a route.
  return express.router.stack.flatMap((layer) =>
    layer.route && layer.route.path !== '/{*path}'
      ? Object.keys(layer.route.methods)
          .filter((m) => m === 'get' || m === 'post')
          .map((method) => ({ method: method as Route['method'], path: layer.route!.path }))
      : [],
  );
};

/** Open to anyone by design: the health probe and the OpenAPI document. */
const isPublic = ({ path }: Route) => path === '/health' || path === '/docs' || path.startsWith('/docs');

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * Bodies that would be accepted if the guard let them through, so that "nothing appended" after a
 * denial proves the guard stopped a real write. Routes not listed get an empty body.
 */
const validBodies: Record<string, object> = {
  'post /complaints': registration(),
  'post /complaints/:id/classify': {
    category: 'item-delayed',
    severity: 'minor',
    responsibility: 'at-fault',
    form: 'quality',
  },
  'post /complaints/:id/flag-abnormal': { reason: 'no real need' },
  'post /complaints/:id/withdraw': { reason: 'parcel found' },
  'post /complaints/:id/investigation-finding': { sources: ['customer'], what: 'Missorted' },
  'post /complaints/:id/escalate': { toLevel: 1, reason: 'serious' },
  'post /complaints/:id/consequences': { causeId: 'C1', level: 'warning' },
  'post /corrective-actions': {
    businessLine: 'postal',
    meetingDate: '2026-03-02T00:00:00Z',
    causeCodes: ['sorting-error'],
    orgUnits: ['hub-2'],
    description: 'Re-train the night shift',
    owner: 'M3001',
    dueAt: '2026-03-20T00:00:00Z',
  },
  'post /corrective-actions/:id/start': {},
  'post /ingress/batch': { messages: [{}] },
  'post /auth/tokens': { subject: 'X9999', roles: ['admin'] },
};

describe('access control of every command-service route (PGlite)', () => {
  let h: Harness;
  let complaintId: string;
  let actionId: string;
  let routes: Route[];
  let permissionsOf: Map<string, Permission[]>;

  beforeAll(async () => {
    h = await startCommandService('pglite');
    complaintId = (await h.http().post('/complaints').set(AGENT).send(registration()).expect(201)).body
      .complaintId;
    actionId = (
      await h
        .http()
        .post('/corrective-actions')
        .set(ANALYST)
        .send(validBodies['post /corrective-actions']!)
        .expect(201)
    ).body.actionId;
    routes = routesOf(h);
    const document = (await h.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-permissions'?: Permission[] }>>;
    };
    permissionsOf = new Map(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => [`${method} ${path}`, op['x-permissions'] ?? []]),
      ),
    );
  });
  afterAll(() => h.close());

  const url = (path: string) =>
    path.replace(':id', path.startsWith('/corrective-actions') ? actionId : complaintId);
  const send = (route: Route, headers: Record<string, string>) => {
    const body = validBodies[`${route.method} ${route.path}`] ?? {};
    const request = h.http()[route.method](url(route.path)).set(headers);
    return route.method === 'post' ? request.send(body) : request;
  };
  const protectedRoutes = () => routes.filter((r) => !isPublic(r));

  it('finds the routes, and every protected one names its permission in the OpenAPI document', () => {
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(35);
    const undeclared = protectedRoutes().filter(
      (r) => (permissionsOf.get(`${r.method} ${openApiPath(r.path)}`) ?? []).length === 0,
    );
    expect(undeclared).toEqual([]);
  });

  it('answers 401 to every protected route without a credential, and appends nothing', async () => {
    const head = await h.store.headPosition();
    const answers = [];
    for (const route of protectedRoutes()) {
      const response = await send(route, {});
      answers.push({ ...route, status: response.status, code: response.body.code });
    }
    expect(answers.filter((a) => a.status !== 401 || a.code !== 'AUTH.UNAUTHENTICATED')).toEqual([]);
    expect(await h.store.headPosition()).toBe(head);
    console.log(`access control: ${answers.length} routes × no credential → 401, head unchanged`);
  });

  it('answers 403 to every role that lacks the route’s permission, and appends nothing', async () => {
    const head = await h.store.headPosition();
    const answers = [];
    for (const route of protectedRoutes()) {
      const needed = permissionsOf.get(`${route.method} ${openApiPath(route.path)}`)!;
      const lacking = ROLES.filter((role) => grantOf([role], needed) === undefined);
      expect({ route, lacking: lacking.length > 0 }).toEqual({ route, lacking: true });
      for (const role of lacking) {
        const response = await send(route, bearer({ roles: [role] }));
        answers.push({ ...route, role, status: response.status, code: response.body.code });
      }
    }
    expect(answers.filter((a) => a.status !== 403 || a.code !== 'AUTH.FORBIDDEN')).toEqual([]);
    expect(await h.store.headPosition()).toBe(head);
    console.log(`access control: ${answers.length} (route, role) pairs without the permission → 403`);
  });

  it('lets every role that holds the permission past the guard', async () => {
    const answers = [];
    for (const route of protectedRoutes()) {
      const needed = permissionsOf.get(`${route.method} ${openApiPath(route.path)}`)!;
      for (const role of ROLES.filter((r) => grantOf([r], needed) !== undefined)) {
        const response = await send(route, bearer({ roles: [role] }));
        answers.push({ ...route, role, status: response.status });
      }
    }
    expect(answers.filter((a) => a.status === 401 || a.status === 403)).toEqual([]);
  });

  it('answers 401 to an expired token, a foreign signature and an unknown role', async () => {
    const head = await h.store.headPosition();
    const route: Route = { method: 'post', path: '/complaints/:id/classify' };
    const refused = [
      bearer({ roles: ['agent'], ttlSeconds: -60 }),
      bearer({ roles: ['agent'], secret: 'a-secret-this-service-never-heard-of!' }),
      bearer({ roles: ['root'] }),
      { Authorization: 'Bearer not.a.token' },
      { 'X-Api-Key': 'cak_unknown' },
    ];
    for (const headers of refused) {
      const response = await send(route, headers);
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 401,
        code: 'AUTH.UNAUTHENTICATED',
      });
    }
    expect((await send(route, bearer({ roles: ['agent'], ttlSeconds: -60 }))).body.message).toBe(
      'Authorization: the token has expired',
    );
    expect(await h.store.headPosition()).toBe(head);
  });

  it('leaves /health and the OpenAPI document open', async () => {
    expect(routes.filter(isPublic).length).toBeGreaterThanOrEqual(2);
    expect((await h.http().get('/health')).status).toBe(200);
    expect((await h.http().get('/docs-json')).status).toBe(200);
  });

  it('records the verified principal as the actor, whatever X-Actor headers say', async () => {
    const id = (await h.http().post('/complaints').set(AGENT).send(registration()).expect(201)).body
      .complaintId;
    const response = await h
      .http()
      .post(`/complaints/${id}/flag-abnormal`)
      .set({ ...SUPERVISOR, 'X-Actor-Id': 'EVIL', 'X-Actor-Role': 'admin' })
      .send({ reason: 'testing the actor' })
      .expect(200);
    const timeline = await h.http().get(`/complaints/${id}/events`).set(AGENT).expect(200);
    const last = timeline.body.events[response.body.version];
    expect(last.actor).toEqual({ id: 'S2001', role: 'supervisor' });
  });
});

describe('org-unit scoping in the command service (PGlite)', () => {
  let h: Harness;
  const BEIJING = 'beijing-branch-3';
  const SHANGHAI = 'shanghai-branch-1';
  const scopedAgent = bearer({ roles: ['agent'], subject: 'A2002', orgUnits: [BEIJING] });
  const scopedSupervisor = bearer({ roles: ['supervisor'], subject: 'S3003', orgUnits: [BEIJING] });
  const atUnit = (orgUnit: string) => registration({ receivedBy: { jobNumber: 'A1001', orgUnit } });
  const classify = {
    category: 'item-delayed',
    severity: 'minor',
    responsibility: 'at-fault',
    form: 'quality',
  };

  beforeAll(async () => {
    h = await startCommandService('pglite');
  });
  afterAll(() => h.close());

  const post = (path: string, headers: Record<string, string>, body: object) =>
    h.http().post(path).set(headers).send(body);
  const get = (path: string, headers: Record<string, string>) => h.http().get(path).set(headers);
  const register = async (orgUnit: string) =>
    (await post('/complaints', AGENT, atUnit(orgUnit)).expect(201)).body.complaintId as string;

  type Answer = { status: number; body: Record<string, unknown> };

  /** Runs a request that must be refused out of scope, and proves nothing was appended. */
  const refused = async (run: () => Promise<Answer>, status: number, code: string) => {
    const head = await h.store.headPosition();
    const response = await run();
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await h.store.headPosition()).toBe(head);
    return response;
  };
  /** What the caller names itself (a unit to register in): refused as out of its units. */
  const refusedOutOfScope = (run: () => Promise<Answer>) => refused(run, 403, 'AUTH.OUT_OF_SCOPE');
  /** Another unit's complaint or action: answered as one that does not exist. */
  const refusedAsUnknown = (run: () => Promise<Answer>, code = 'COMPLAINT.NOT_FOUND') =>
    refused(run, 404, code);

  it('lets a scoped agent register only for its own units', async () => {
    const accepted = await post('/complaints', scopedAgent, atUnit(BEIJING));
    expect(accepted.status).toBe(201);
    const refused = await refusedOutOfScope(() => post('/complaints', scopedAgent, atUnit(SHANGHAI)));
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'receivedBy.orgUnit', code: 'AUTH.OUT_OF_SCOPE' }),
    ]);
  });

  it('lets a scoped agent act on and read its units’ complaints only', async () => {
    const own = await register(BEIJING);
    const other = await register(SHANGHAI);
    expect((await post(`/complaints/${own}/classify`, scopedAgent, classify)).status).toBe(200);
    await refusedAsUnknown(() => post(`/complaints/${other}/classify`, scopedAgent, classify));
    // Replaying a key of another unit's complaint teaches nothing either.
    await refusedAsUnknown(() =>
      post(`/complaints/${other}/classify`, { ...scopedAgent, 'Idempotency-Key': 'k-1' }, classify),
    );
    expect((await get(`/complaints/${own}`, scopedAgent)).status).toBe(200);
    await refusedAsUnknown(() => get(`/complaints/${other}`, scopedAgent));
    await refusedAsUnknown(() => get(`/complaints/${other}/events`, scopedAgent));
    // An id that does not exist looks the same as one out of scope.
    await refusedAsUnknown(() => get('/complaints/00000000-0000-4000-8000-000000000000', scopedAgent));
  });

  it('opens a complaint to the units it was dispatched to', async () => {
    const other = await register(SHANGHAI);
    await post(`/complaints/${other}/classify`, AGENT, classify).expect(200);
    await post(`/complaints/${other}/acknowledge`, AGENT, {
      mode: 'deferred',
      contactMethod: 'phone',
    }).expect(200);
    await refusedAsUnknown(() => get(`/complaints/${other}`, scopedAgent));
    await post(`/complaints/${other}/dispatch`, AGENT, {
      dispatchId: 'wo-1',
      assigneeKind: 'department',
      assignee: BEIJING,
      instructions: 'Trace the item',
      dueAt: '2026-03-04T00:00:00Z',
    }).expect(200);
    expect((await get(`/complaints/${other}`, scopedAgent)).status).toBe(200);
    const returned = await post(`/complaints/${other}/return-dispatch`, scopedAgent, {
      dispatchId: 'wo-1',
      result: 'Found at the branch',
    });
    expect(returned.status).toBe(200);
  });

  it('refuses a scoped supervisor’s merge into another unit’s complaint', async () => {
    const own = await register(BEIJING);
    const other = await register(SHANGHAI);
    const intoOther = await refused(
      () =>
        post(`/complaints/${own}/merge`, scopedSupervisor, { intoComplaintId: other, reason: 'same parcel' }),
      422,
      'MERGE.TARGET_NOT_FOUND',
    );
    expect(intoOther.body.errors).toEqual([expect.objectContaining({ field: 'intoComplaintId' })]);
    const survivor = await register(BEIJING);
    const merged = await post(`/complaints/${own}/merge`, scopedSupervisor, {
      intoComplaintId: survivor,
      reason: 'same parcel',
    });
    expect(merged.status).toBe(200);
  });

  it('scopes corrective actions by the units they name', async () => {
    const action = (orgUnits: string[]) => ({
      businessLine: 'postal',
      meetingDate: '2026-03-02T00:00:00Z',
      causeCodes: ['sorting-error'],
      orgUnits,
      description: 'Re-train the night shift',
      owner: 'M3001',
      dueAt: '2026-03-20T00:00:00Z',
    });
    const own = await post('/corrective-actions', scopedSupervisor, action([BEIJING]));
    expect(own.status).toBe(201);
    await refusedOutOfScope(() => post('/corrective-actions', scopedSupervisor, action([BEIJING, SHANGHAI])));
    const other = (await post('/corrective-actions', SUPERVISOR, action([SHANGHAI])).expect(201)).body
      .actionId;
    await refusedAsUnknown(
      () => post(`/corrective-actions/${other}/start`, scopedSupervisor, {}),
      'CORRECTIVE_ACTION.NOT_FOUND',
    );
    await refusedAsUnknown(
      () => get(`/corrective-actions/${other}`, scopedSupervisor),
      'CORRECTIVE_ACTION.NOT_FOUND',
    );
    expect((await get(`/corrective-actions/${own.body.actionId}`, scopedSupervisor)).status).toBe(200);
  });
});

describe('POST /auth/tokens (PGlite)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommandService('pglite');
  });
  afterAll(() => h.close());

  // An issuer hands out only permissions it holds: an admin who is also a supervisor issues agent tokens.
  const OWNER = bearer({ roles: ['admin', 'supervisor'], subject: 'OWNER-1' });
  const issue = (body: object, headers: Record<string, string> = OWNER) =>
    h.http().post('/auth/tokens').set(headers).send(body);

  it('issues a scoped role token that the service then accepts', async () => {
    const issued = await issue({ subject: 'A3003', roles: ['agent'], orgUnits: ['hub-2'], ttlSeconds: 600 });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      subject: 'A3003',
      roles: ['agent'],
      orgUnits: ['hub-2'],
      issuedBy: 'OWNER-1',
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const lifetime = Date.parse(issued.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(590_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);
    const headers = { Authorization: `Bearer ${issued.body.token}` };
    const registered = await h
      .http()
      .post('/complaints')
      .set(headers)
      .send(registration({ receivedBy: { jobNumber: 'A3003', orgUnit: 'hub-2' } }));
    expect(registered.status).toBe(201);
    const elsewhere = await h.http().post('/complaints').set(headers).send(registration());
    expect(elsewhere.body.code).toBe('AUTH.OUT_OF_SCOPE');
  });

  it.each([
    [{ roles: ['agent'] }, 'subject', 'VALIDATION.IS_STRING'],
    [{ subject: 'has space', roles: ['agent'] }, 'subject', 'VALIDATION.MATCHES'],
    [{ subject: 'A1', roles: [] }, 'roles', 'VALIDATION.ARRAY_MIN_SIZE'],
    [{ subject: 'A1', roles: ['root'] }, 'roles', 'VALIDATION.IS_IN'],
    [{ subject: 'A1', roles: ['agent'], orgUnits: [] }, 'orgUnits', 'VALIDATION.ARRAY_MIN_SIZE'],
    [{ subject: 'A1', roles: ['agent'], ttlSeconds: 12 * 3600 + 1 }, 'ttlSeconds', 'VALIDATION.MAX'],
    [{ subject: 'A1', roles: ['agent'], ttlSeconds: 1.5 }, 'ttlSeconds', 'VALIDATION.IS_INT'],
    [{ subject: 'A1', roles: ['agent'], admin: true }, 'admin', 'VALIDATION.UNKNOWN_FIELD'],
  ])('refuses %j with 400 naming %s', async (body, field, code) => {
    const response = await issue(body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ field, reason: expect.any(String), code });
  });

  it('is for admins only, and a scoped admin issues only within its units', async () => {
    const body = { subject: 'A1', roles: ['agent'] };
    expect((await issue(body, {})).status).toBe(401);
    for (const headers of [AGENT, SUPERVISOR, ANALYST]) expect((await issue(body, headers)).status).toBe(403);
    const branchAdmin = bearer({ roles: ['admin', 'supervisor'], subject: 'B-ADMIN', orgUnits: ['hub-2'] });
    expect((await issue(body, branchAdmin)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await issue({ ...body, orgUnits: ['hub-2', 'hub-3'] }, branchAdmin)).body.code).toBe(
      'AUTH.OUT_OF_SCOPE',
    );
    expect((await issue({ ...body, orgUnits: ['hub-2'] }, branchAdmin)).status).toBe(201);
  });
});
