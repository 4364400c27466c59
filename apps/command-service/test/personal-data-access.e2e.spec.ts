import { ADMIN, AGENT, ANALYST, EXECUTIVE, SUPERVISOR, bearer } from '@app/platform/auth/test-support';
import { ERASED, REDACTED, type PersonalDataEventStore, auditStream } from '@app/privacy';
import { type Harness, registration, startCommandService } from './command-service.harness';

/** In every personal field of the complaint: any copy of it in an answer is a leak. */
const MARK = 'QZXPII';
const PHONE = '+86 139 7531 8642';
const customer = {
  reference: `${MARK}-ref`,
  name: `${MARK}-name`,
  contact: { phone: PHONE, email: `${MARK}@example.com` },
};
const leaks = (body: unknown): string[] => {
  const text = JSON.stringify(body, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return [MARK, PHONE].filter((m) => text.includes(m));
};

describe.each(['postgres', 'pglite'] as const)('personal data on read, and its audit, on %s', (kind) => {
  let h: Harness;
  let id: string;
  let other: string;
  const get = (path: string, headers: Record<string, string>) => h.http().get(path).set(headers);
  const post = (path: string, body: object, headers: Record<string, string> = AGENT) =>
    h.http().post(path).set(headers).send(body);
  const today = () => h.clock.now().slice(0, 10);
  const auditOf = async (complaintId: string) => {
    const response = await get(
      `/audit/personal-data-reads?complaintId=${complaintId}&from=${today()}&to=${today()}`,
      ADMIN,
    );
    expect(response.status).toBe(200);
    return response.body.reads as Record<string, unknown>[];
  };

  beforeAll(async () => {
    h = await startCommandService(kind);
    const registered = await post(
      '/complaints',
      registration({ customer, description: `${MARK}-description`, demand: `${MARK}-demand` }),
    );
    id = registered.body.complaintId as string;
    h.clock.advanceHours(1);
    const steps: [string, object][] = [
      [
        'classify',
        { category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' },
      ],
      ['acknowledge', { mode: 'deferred', contactMethod: 'phone' }],
      [
        'investigation-finding',
        { sources: ['customer'], what: `${MARK}-what`, customerWants: `${MARK}-wants` },
      ],
      [
        'root-causes',
        { causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: 'S777' }] },
      ],
      ['propose-resolution', { proposalId: 'p1', options: [{ kind: 'apology', note: `${MARK}-note` }] }],
    ];
    for (const [action, body] of steps) {
      h.clock.advanceHours(1);
      expect((await post(`/complaints/${id}/${action}`, body)).status).toBe(200);
    }
    other = (await post('/complaints', registration({ customer: { ...customer, reference: 'OTHER-1' } })))
      .body.complaintId as string;
  }, 60_000);

  afterAll(() => h?.close());

  it('an analyst reads the facts with every personal field redacted; no read is audited for it', async () => {
    const view = await get(`/complaints/${id}`, ANALYST);
    expect(view.status).toBe(200);
    expect(leaks(view.body)).toEqual([]);
    expect(view.body).toMatchObject({
      status: 'acknowledged',
      customer: { reference: REDACTED, name: REDACTED, contact: { phone: REDACTED, email: REDACTED } },
      customerReference: REDACTED,
      description: REDACTED,
      demand: REDACTED,
      receivedBy: { jobNumber: 'A1001', orgUnit: 'beijing-branch-3' },
      causes: [{ causeCode: 'sorting-error', staffJobNumber: 'S777' }],
      resolution: { proposalId: 'p1', options: [{ kind: 'apology', note: REDACTED }] },
    });
    const timeline = await get(`/complaints/${id}/events`, ANALYST);
    expect(timeline.status).toBe(200);
    expect(leaks(timeline.body)).toEqual([]);
    expect(timeline.body.events[3].data).toMatchObject({
      what: REDACTED,
      customerWants: REDACTED,
      sources: ['customer'],
    });
    // Staff appear by job number: the actors and the receiving clerk.
    expect(timeline.body.events.map((e: { actor: { id: string } }) => e.actor.id)).toEqual(
      Array(6).fill('A1001'),
    );
    expect(await auditOf(id)).toEqual([]);
  });

  it('an executive gets no complaint at all, so no personal data either', async () => {
    for (const path of [`/complaints/${id}`, `/complaints/${id}/events`]) {
      const response = await get(path, EXECUTIVE);
      expect(response.status).toBe(403);
      expect(leaks(response.body)).toEqual([]);
    }
  });

  it("an agent's read shows the personal data and is in the audit stream: who, when, what, how", async () => {
    const at = h.clock.now();
    const view = await get(`/complaints/${id}`, { ...AGENT, 'X-Correlation-Id': 'corr-view-1' });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      customer,
      description: `${MARK}-description`,
      customerReference: customer.reference,
    });
    const timeline = await get(`/complaints/${id}/events`, {
      ...SUPERVISOR,
      'X-Correlation-Id': 'corr-timeline-1',
    });
    expect(leaks(timeline.body)).toEqual([MARK, PHONE]);

    expect(await auditOf(id)).toEqual([
      {
        subject: 'A1001',
        roles: ['agent'],
        complaintId: id,
        fields: [
          'customer.reference',
          'customer.name',
          'customer.contact.phone',
          'customer.contact.email',
          'description',
          'demand',
          'resolution.options[].note',
        ],
        route: 'GET /complaints/:id',
        correlationId: 'corr-view-1',
        at,
      },
      {
        subject: 'S2001',
        roles: ['supervisor'],
        complaintId: id,
        fields: [
          'ComplaintRegistered.customer.reference',
          'ComplaintRegistered.customer.name',
          'ComplaintRegistered.customer.contact.phone',
          'ComplaintRegistered.customer.contact.email',
          'ComplaintRegistered.description',
          'ComplaintRegistered.demand',
          'InvestigationFindingRecorded.what',
          'InvestigationFindingRecorded.customerWants',
          'ResolutionProposed.options[].note',
        ],
        route: 'GET /complaints/:id/events',
        correlationId: 'corr-timeline-1',
        at,
      },
    ]);
    // Appended to the day's audit stream of the event store, which holds no customer data itself.
    const stream = await h.store.readStream(auditStream(at));
    expect(stream.map((e) => [e.type, e.data.complaintId, e.metadata.actor?.id])).toEqual([
      ['PersonalDataRead', id, 'A1001'],
      ['PersonalDataRead', id, 'S2001'],
    ]);
    expect(leaks(stream)).toEqual([]);
    // The audit of one complaint lists no other's reads; a day without reads lists none.
    expect(await auditOf(other)).toEqual([]);
    const earlier = await get(`/audit/personal-data-reads?from=2020-01-01&to=2020-01-02`, ADMIN);
    expect(earlier.body).toEqual({ from: '2020-01-01', to: '2020-01-02', reads: [] });
  });

  it('the audit is for audit:read only, and refuses a bad range with the field and a reason', async () => {
    expect((await get('/audit/personal-data-reads', AGENT)).status).toBe(403);
    expect((await get('/audit/personal-data-reads', ANALYST)).status).toBe(403);
    expect((await get('/audit/personal-data-reads', {})).status).toBe(401);
    const cases: [string, string, string | RegExp][] = [
      ['from=2026-03-03&to=2026-03-02', 'from', 'QUERY.RANGE_REVERSED'],
      ['from=2025-01-01&to=2026-03-02', 'from', 'QUERY.RANGE_TOO_LONG'],
      ['from=2026-02-30&to=2026-03-02', 'from', 'QUERY.INVALID_DAY'],
      ['to=yesterday', 'to', /^QUERY\.[A-Z_]+$/],
      ['complaintId=42', 'complaintId', /^QUERY\.[A-Z_]+$/],
      ['who=A1001', 'who', 'QUERY.UNKNOWN_PARAMETER'],
    ];
    for (const [query, field, code] of cases) {
      const response = await get(`/audit/personal-data-reads?${query}`, ADMIN);
      expect({ query, status: response.status, errors: response.body.errors }).toEqual({
        query,
        status: 400,
        errors: [
          expect.objectContaining({
            field,
            code: typeof code === 'string' ? code : expect.stringMatching(code),
            reason: expect.any(String),
          }),
        ],
      });
    }
  });

  it("erases one customer's personal data on an admin's request; the facts and other customers stay", async () => {
    expect(
      (await post('/personal-data/erasures', { customerReference: customer.reference }, SUPERVISOR)).status,
    ).toBe(403);
    const bad = await post('/personal-data/erasures', { customerReference: '' }, ADMIN);
    expect({ status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({
      status: 400,
      field: 'customerReference',
    });
    const head = await h.store.headPosition();
    const auditedBefore = (await auditOf(id)).length;

    const erased = await post('/personal-data/erasures', { customerReference: customer.reference }, ADMIN);

    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      erased: 1,
      complaints: [{ complaintId: id, erasedAt: expect.any(String) }],
    });
    expect(await h.store.headPosition()).toBe(head);
    const view = await get(`/complaints/${id}`, AGENT);
    expect(leaks(view.body)).toEqual([]);
    expect(view.body).toMatchObject({
      status: 'acknowledged',
      customer: { name: ERASED },
      description: ERASED,
      causes: [{ causeCode: 'sorting-error' }],
    });
    expect((await get(`/complaints/${other}`, AGENT)).body.customer).toMatchObject({ name: `${MARK}-name` });
    // Nothing personal was returned, so nothing is audited for that read.
    expect(await auditOf(id)).toHaveLength(auditedBefore);
    expect(await (h.store as PersonalDataEventStore).keys.erasuresOf(`complaint-${id}`)).toMatchObject([
      { reason: 'request' },
    ]);
    expect(
      (await post('/personal-data/erasures', { customerReference: customer.reference }, ADMIN)).body,
    ).toEqual({
      erased: 0,
      complaints: [],
    });
  });

  it('a scoped agent outside the complaint’s unit gets neither the data nor an audit entry', async () => {
    const scoped = bearer({ roles: ['agent'], subject: 'A2002', orgUnits: ['shanghai-1'] });
    const before = (await auditOf(other)).length;
    expect((await get(`/complaints/${other}`, scoped)).status).toBe(404);
    expect(await auditOf(other)).toHaveLength(before);
  });
});
