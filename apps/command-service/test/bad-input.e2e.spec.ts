import { ACTOR, type Harness, registration, startCommandService } from './command-service.harness';

/** Every bad request gets a 4xx naming field, reason and code — and the store holds no new event. */
describe('bad input to the command API (PGlite)', () => {
  let h: Harness;
  let id: string;
  beforeAll(async () => {
    h = await startCommandService('pglite');
    id = (await h.http().post('/complaints').set(ACTOR).send(registration())).body.complaintId;
  });
  afterAll(() => h.close());

  type Case = {
    name: string;
    send: () => Promise<{ status: number; body: Record<string, unknown> }>;
    status: number;
    code: string;
    field: string;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = ACTOR) =>
    h
      .http()
      .post(path)
      .set(headers)
      .send(body as object);
  const raw = (path: string, text: string) =>
    h.http().post(path).set(ACTOR).set('Content-Type', 'application/json').send(text);

  const cases: Case[] = [
    {
      name: 'malformed JSON',
      send: () => raw('/complaints', '{"businessLine": "postal",'),
      status: 400,
      code: 'REQUEST.MALFORMED_JSON',
      field: 'body',
    },
    {
      name: 'an unknown field',
      send: () => post('/complaints', { ...registration(), priority: 'high' }),
      status: 400,
      code: 'VALIDATION.UNKNOWN_FIELD',
      field: 'priority',
    },
    {
      name: 'a wrong type',
      send: () => post('/complaints', registration({ channel: 42 })),
      status: 400,
      code: 'VALIDATION.IS_STRING',
      field: 'channel',
    },
    {
      name: 'a missing field',
      send: () => post('/complaints', registration({ demand: undefined })),
      status: 400,
      code: 'VALIDATION.IS_STRING',
      field: 'demand',
    },
    {
      name: 'over-long text',
      send: () => post('/complaints', registration({ description: '长'.repeat(4001) })),
      status: 400,
      code: 'VALIDATION.MAX_LENGTH',
      field: 'description',
    },
    {
      name: 'a bad nested field',
      send: () =>
        post(
          '/complaints',
          registration({ customer: { reference: 'C', name: 'N', contact: { phone: 'call me' } } }),
        ),
      status: 400,
      code: 'VALIDATION.MATCHES',
      field: 'customer.contact.phone',
    },
    {
      name: 'a date that is no date',
      send: () => post('/complaints', registration({ receivedAt: 'yesterday' })),
      status: 400,
      code: 'VALIDATION.IS_ISO8601',
      field: 'receivedAt',
    },
    {
      name: 'a date without time zone',
      send: () => post('/complaints', registration({ receivedAt: '2026-03-02T08:00:00' })),
      status: 400,
      code: 'VALIDATION.MATCHES',
      field: 'receivedAt',
    },
    {
      name: 'a date in the future',
      send: () => post('/complaints', registration({ receivedAt: '2027-01-01T00:00:00Z' })),
      status: 422,
      code: 'REGISTER.RECEIVED_IN_FUTURE',
      field: 'receivedAt',
    },
    {
      name: 'an unknown business line',
      send: () => post('/complaints', registration({ businessLine: 'airline' })),
      status: 422,
      code: 'TAXONOMY.UNKNOWN_BUSINESS_LINE',
      field: 'businessLine',
    },
    {
      name: 'an unknown channel',
      send: () => post('/complaints', registration({ channel: 'hotline-10086' })),
      status: 422,
      code: 'TAXONOMY.UNKNOWN_CHANNEL',
      field: 'channel',
    },
    {
      name: 'an unknown category',
      send: () =>
        post(`/complaints/${id}/classify`, {
          category: 'network',
          severity: 'minor',
          responsibility: 'at-fault',
          form: 'quality',
        }),
      status: 422,
      code: 'TAXONOMY.UNKNOWN_CATEGORY',
      field: 'category',
    },
    {
      name: 'an unknown enum value',
      send: () =>
        post(`/complaints/${id}/classify`, {
          category: 'item-lost',
          severity: 'catastrophic',
          responsibility: 'at-fault',
          form: 'quality',
        }),
      status: 400,
      code: 'VALIDATION.IS_IN',
      field: 'severity',
    },
    {
      name: 'a command out of order',
      send: () => post(`/complaints/${id}/acknowledge`, { mode: 'deferred', contactMethod: 'phone' }),
      status: 422,
      code: 'COMPLAINT.NOT_CLASSIFIED',
      field: '',
    },
    {
      name: 'a step before acknowledgement',
      send: () => post(`/complaints/${id}/final-reply`, { summary: 'Done', contactMethod: 'phone' }),
      status: 422,
      code: 'COMPLAINT.NOT_ACKNOWLEDGED',
      field: '',
    },
    {
      name: 'a stale If-Match',
      send: () => post(`/complaints/${id}/flag-abnormal`, { reason: 'x' }, { ...ACTOR, 'If-Match': '"7"' }),
      status: 409,
      code: 'CONCURRENCY.STALE_VERSION',
      field: 'If-Match',
    },
    {
      name: 'a stale expectedVersion',
      send: () => post(`/complaints/${id}/flag-abnormal`, { reason: 'x', expectedVersion: 3 }),
      status: 409,
      code: 'CONCURRENCY.STALE_VERSION',
      field: 'If-Match',
    },
    {
      name: 'a malformed If-Match',
      send: () =>
        post(`/complaints/${id}/flag-abnormal`, { reason: 'x' }, { ...ACTOR, 'If-Match': 'latest' }),
      status: 400,
      code: 'VALIDATION.INVALID_HEADER',
      field: 'If-Match',
    },
    {
      name: 'no credential',
      send: () => post('/complaints', registration(), {}),
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
      field: 'Authorization',
    },
    {
      name: 'a hostile Idempotency-Key',
      send: () => post('/complaints', registration(), { ...ACTOR, 'Idempotency-Key': "x' OR 1=1 --" }),
      status: 400,
      code: 'VALIDATION.INVALID_HEADER',
      field: 'Idempotency-Key',
    },
    {
      name: 'an id that is no UUID',
      send: () => post('/complaints/1%20OR%201=1/close', {}),
      status: 400,
      code: 'VALIDATION.IS_UUID',
      field: 'id',
    },
    {
      name: 'an unknown complaint',
      send: () => post('/complaints/00000000-0000-4000-8000-000000000000/close', {}),
      status: 404,
      code: 'COMPLAINT.NOT_FOUND',
      field: '',
    },
    {
      name: 'a body over the size limit',
      send: () => raw('/complaints', JSON.stringify({ ...registration(), description: 'x'.repeat(70_000) })),
      status: 413,
      code: 'REQUEST.TOO_LARGE',
      field: 'body',
    },
    {
      name: 'a prototype-pollution key',
      send: () =>
        raw('/complaints', JSON.stringify(registration()).replace('{', '{"__proto__":{"admin":true},')),
      status: 400,
      code: 'VALIDATION.FORBIDDEN_KEY',
      field: '__proto__',
    },
    {
      name: 'a charset JSON is not read in',
      send: () =>
        h
          .http()
          .post('/complaints')
          .set(ACTOR)
          .set('Content-Type', 'application/json; charset=x-unknown')
          .send(JSON.stringify(registration())),
      status: 415,
      code: 'REQUEST.UNSUPPORTED_CHARSET',
      field: 'Content-Type',
    },
    {
      name: 'a gzip body that does not decompress',
      send: () =>
        h
          .http()
          .post('/complaints')
          .set(ACTOR)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send(JSON.stringify(registration())),
      status: 400,
      code: 'REQUEST.MALFORMED_ENCODING',
      field: 'body',
    },
    {
      name: 'a path that is not valid percent-encoded UTF-8',
      send: () => post('/complaints/%E0%A4%A/close', {}),
      status: 400,
      code: 'REQUEST.MALFORMED_PATH',
      field: 'path',
    },
    {
      name: 'an array instead of an object',
      send: () => raw('/complaints', '[1,2,3]'),
      status: 400,
      code: 'VALIDATION.FAILED',
      field: '',
    },
  ];

  it.each(cases)(
    'refuses $name with $status $code and appends nothing',
    async ({ send, status, code, field }) => {
      const before = (await h.allEvents()).length;
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      const errors = response.body.errors as { field: string; reason: string; code: string }[];
      if (code === 'VALIDATION.FAILED') expect(response.body.code).toBe(code);
      else expect(errors).toContainEqual({ field, reason: expect.any(String), code });
      expect({} as Record<string, unknown>).not.toHaveProperty('admin');
      expect((await h.allEvents()).length).toBe(before);
    },
  );

  it('replays a repeated Idempotency-Key with the first result and appends nothing', async () => {
    const headers = { ...ACTOR, 'Idempotency-Key': 'hotline-call-778899' };
    const first = await post('/complaints', registration(), headers);
    expect(first.status).toBe(201);
    const count = (await h.allEvents()).length;
    const again = await post('/complaints', registration(), headers);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect((await h.allEvents()).length).toBe(count);

    const reused = await post('/complaints', registration({ demand: 'something else' }), headers);
    expect(reused.status).toBe(409);
    expect(reused.body.errors).toContainEqual({
      field: 'Idempotency-Key',
      reason: expect.any(String),
      code: 'IDEMPOTENCY.KEY_REUSED',
    });
    expect((await h.allEvents()).length).toBe(count);
  });

  it('replays an action repeated with its Idempotency-Key, on the same complaint only', async () => {
    const complaint = (await post('/complaints', registration())).body.complaintId;
    const headers = { ...ACTOR, 'Idempotency-Key': 'classify-once-1' };
    const body = {
      category: 'item-lost',
      severity: 'minor',
      responsibility: 'undetermined',
      form: 'quality',
    };
    const first = await post(`/complaints/${complaint}/classify`, body, headers);
    const count = (await h.allEvents()).length;
    const again = await post(`/complaints/${complaint}/classify`, body, headers);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const elsewhere = await post(`/complaints/${id}/classify`, body, headers);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await h.allEvents()).length).toBe(count);
  });

  it('serialises concurrent writers on one complaint: without If-Match all land, each on its own version', async () => {
    const complaint = (await post('/complaints', registration())).body.complaintId;
    await post(`/complaints/${complaint}/classify`, {
      category: 'item-lost',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
    }).expect(200);
    await post(`/complaints/${complaint}/acknowledge`, { mode: 'deferred', contactMethod: 'phone' }).expect(
      200,
    );
    const dispatches = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(`/complaints/${complaint}/dispatch`, {
          dispatchId: `wo-${i}`,
          assigneeKind: 'handler',
          assignee: `H${i}`,
          instructions: 'check',
          dueAt: '2026-03-04T00:00:00Z',
        }),
      ),
    );
    expect(dispatches.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(dispatches.map((r) => r.body.version).sort()).toEqual([3, 4, 5, 6, 7, 8]);

    const pinned = await Promise.all(
      [0, 1].map((i) =>
        post(
          `/complaints/${complaint}/return-dispatch`,
          { dispatchId: `wo-${i}`, result: 'ok' },
          { ...ACTOR, 'If-Match': '"8"' },
        ),
      ),
    );
    expect(pinned.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(pinned.find((r) => r.status === 409)?.body.currentVersion).toBe(9);
  });
});
