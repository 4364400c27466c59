import { bearer } from '@app/platform/auth/test-support';
import {
  ACTOR,
  type Harness,
  SUPERVISOR,
  registration,
  startCommandService,
} from './command-service.harness';

describe.each(['pglite', 'postgres'] as const)('complaint lifecycle over HTTP on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommandService(kind);
  });
  afterAll(() => h.close());

  const post = (path: string, body: object, headers: Record<string, string> = ACTOR) =>
    h.http().post(path).set(headers).send(body);
  const get = (path: string, headers: Record<string, string> = ACTOR) => h.http().get(path).set(headers);

  it('takes a complaint from registration through approval, reply and follow-up to close', async () => {
    const registered = await post('/complaints', registration());
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      complaintId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      acceptanceNumber: expect.stringMatching(/^20260302-[0-9A-Z]{8}$/),
      version: 0,
      replayed: false,
    });
    const id = registered.body.complaintId as string;
    const at = (action: string) => `/complaints/${id}/${action}`;

    const steps: [string, object, Record<string, string>?][] = [
      [
        'classify',
        { category: 'item-delayed', severity: 'serious', responsibility: 'at-fault', form: 'quality' },
      ],
      ['acknowledge', { mode: 'deferred', contactMethod: 'phone', replyDeadline: '2026-03-03T00:00:00Z' }],
      [
        'dispatch',
        {
          dispatchId: 'wo-1',
          assigneeKind: 'department',
          assignee: 'sorting-centre',
          instructions: 'Trace the item',
          dueAt: '2026-03-02T18:00:00+08:00',
        },
      ],
      ['return-dispatch', { dispatchId: 'wo-1', result: 'Item found at the sorting centre' }],
      [
        'interim-reply',
        { statusTold: 'Item located, delivery tomorrow', nextDeadline: '2026-03-05T00:00:00Z' },
      ],
      ['escalate', { toLevel: 1, reason: 'Customer asks for compensation' }, SUPERVISOR],
      [
        'investigation-finding',
        { sources: ['customer', 'records'], what: 'Missorted at the hub', customerWants: 'compensation' },
      ],
      [
        'root-causes',
        { causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: 'S777' }] },
      ],
      [
        'propose-resolution',
        { proposalId: 'p1', options: [{ kind: 'apology' }, { kind: 'compensation', amount: 800 }] },
      ],
      ['approve-resolution', { proposalId: 'p1', note: 'within branch budget' }, SUPERVISOR],
      ['customer-acceptance', { proposalId: 'p1', agreementSigned: true }],
      ['implement-resolution', { proposalId: 'p1', implementedBy: 'finance' }],
      ['final-reply', { summary: 'Delivered and compensated', contactMethod: 'phone' }],
      [
        'follow-up',
        {
          method: 'phone',
          level: 'team-lead',
          answers: {
            resultSatisfaction: 'satisfied',
            timeliness: 'neutral',
            attitudeSatisfaction: 'satisfied',
            wouldReuse: 'yes',
          },
          comment: '希望更快',
        },
      ],
      ['close', {}],
    ];
    let version = 0;
    for (const [action, body, headers] of steps) {
      h.clock.advanceHours(1);
      const response = await post(at(action), body, headers);
      expect({ action, status: response.status, body: response.body }).toEqual({
        action,
        status: 200,
        body: expect.objectContaining({ complaintId: id, version: version + 1, replayed: false }),
      });
      expect(response.headers.etag).toBe(`"${version + 1}"`);
      version += 1;
    }

    const state = await get(`/complaints/${id}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      status: 'closed',
      version,
      escalationLevel: 1,
      interimReplies: 1,
      deadlineInForce: '2026-03-05T00:00:00.000Z',
      causes: [
        { causeId: 'C1', family: 'service-capacity', causeCode: 'sorting-error', staffJobNumber: 'S777' },
      ],
      resolution: { proposalId: 'p1', status: 'implemented', totalAmount: 800 },
      customer: { name: '王小明' },
    });

    const consequence = await post(
      at('consequences'),
      { causeId: 'C1', level: 'points-deducted', points: 2 },
      SUPERVISOR,
    );
    expect(consequence.body.events).toEqual(['CauseConsequenceDecided']);
    const again = await post(at('consequences'), { causeId: 'C1', level: 'notice' }, SUPERVISOR);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'CONSEQUENCE.ALREADY_DECIDED', errors: [{ field: 'causeId' }] });
    expect((await post(at('consequences'), { causeId: 'C1', level: 'notice' })).status).toBe(403);

    const appeal = await post(at('appeals'), {
      causeId: 'C1',
      staffJobNumber: 'S777',
      reason: 'The hub label was wrong',
    });
    expect(appeal.body.events).toEqual(['CauseAppealFiled']);
    const decided = await post(
      at('appeal-decision'),
      { causeId: 'C1', outcome: 'rejected', note: 'Label was right' },
      SUPERVISOR,
    );
    expect(decided.body.events).toEqual(['CauseAppealDecided']);
    expect((await get(`/complaints/${id}`)).body.causes[0]).toMatchObject({
      appeal: 'rejected',
      consequence: { level: 'points-deducted', points: 2, decidedBy: 'S2001' },
    });

    const timeline = await get(`/complaints/${id}/events`);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintClassified',
      'ComplaintAcknowledged',
      'ComplaintDispatched',
      'DispatchReturned',
      'InterimReplySent',
      'ComplaintEscalated',
      'InvestigationFindingRecorded',
      'RootCausesAttributed',
      'ResolutionProposed',
      'ResolutionApproved',
      'ResolutionAcceptedByCustomer',
      'ResolutionImplemented',
      'FinalReplySent',
      'FollowUpRecorded',
      'ComplaintClosed',
      'CauseConsequenceDecided',
      'CauseAppealFiled',
      'CauseAppealDecided',
    ]);
    // The actor is the verified principal: its job number and the role that granted the route.
    expect(timeline.body.events[0].actor).toEqual({ id: 'A1001', role: 'agent' });
    const approved = timeline.body.events[10];
    expect(approved).toMatchObject({ actor: { id: 'S2001', role: 'supervisor' }, schemaVersion: 1 });
    expect(timeline.body.events[13].data).toMatchObject({
      onTime: true,
      deadlineInForce: '2026-03-05T00:00:00.000Z',
    });
  });

  it('answers an immediate reply on the spot and reopens it; closes a withdrawn complaint', async () => {
    const a = (
      await post('/complaints', registration({ customer: { reference: 'C-2', name: 'Li', contact: {} } }))
    ).body.complaintId;
    await post(`/complaints/${a}/classify`, {
      category: 'service-attitude',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'attitude',
    }).expect(200);
    const ack = await post(`/complaints/${a}/acknowledge`, {
      mode: 'immediate',
      contactMethod: 'in-person',
      reply: '当场道歉',
    });
    expect(ack.body.events).toEqual(['ComplaintAcknowledged', 'FinalReplySent']);
    await post(`/complaints/${a}/close`, {}).expect(200);
    const reopened = await post(`/complaints/${a}/reopen`, { reason: 'Came back: same clerk again' });
    expect(reopened.status).toBe(200);
    expect((await get(`/complaints/${a}`)).body).toMatchObject({
      status: 'registered',
      reopenCount: 1,
    });

    const b = (await post('/complaints', registration())).body.complaintId;
    await post(`/complaints/${b}/withdraw`, { reason: 'Customer found the parcel' }).expect(200);
    const closed = await post(`/complaints/${b}/close`, {});
    expect(closed.status).toBe(200);
    const events = (await get(`/complaints/${b}/events`)).body.events;
    expect(events[events.length - 1].data).toMatchObject({ outcome: 'withdrawn' });
  });

  it('merges a duplicate into the surviving complaint, after which the duplicate only reads', async () => {
    const survivor = (await post('/complaints', registration())).body.complaintId;
    const duplicate = (await post('/complaints', registration({ channel: 'web' }))).body.complaintId;
    const merged = await post(
      `/complaints/${duplicate}/merge`,
      { intoComplaintId: survivor, reason: 'Same parcel' },
      SUPERVISOR,
    );
    expect(merged.status).toBe(200);
    expect((await get(`/complaints/${survivor}`)).body.mergedDuplicates).toEqual([duplicate]);
    const refused = await post(`/complaints/${duplicate}/withdraw`, { reason: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('COMPLAINT.MERGED');
    expect((await get(`/complaints/${duplicate}`)).body).toMatchObject({
      status: 'merged',
      mergedInto: survivor,
    });
  });

  it('runs a corrective action from proposal to verification', async () => {
    const analyst = bearer({ roles: ['analyst'] });
    const proposed = await post(
      '/corrective-actions',
      {
        businessLine: 'postal',
        meetingDate: '2026-03-02T00:00:00Z',
        causeCodes: ['sorting-error'],
        orgUnits: ['hub-2'],
        description: 'Re-train night shift on sorting codes',
        owner: 'M3001',
        dueAt: '2026-03-20T00:00:00Z',
      },
      analyst,
    );
    expect(proposed.status).toBe(201);
    const id = proposed.body.actionId;
    const owner = bearer({ roles: ['supervisor'], subject: 'M3001' });
    await post(`/corrective-actions/${id}/start`, {}, owner).expect(200);
    await post(`/corrective-actions/${id}/complete`, { note: 'All 12 sorters trained' }, owner).expect(200);
    const verified = await post(
      `/corrective-actions/${id}/verify`,
      { effective: true, note: 'Sorting errors down' },
      SUPERVISOR,
    );
    expect(verified.body).toMatchObject({ version: 3, events: ['CorrectiveActionVerified'] });
    expect((await get(`/corrective-actions/${id}`)).body).toMatchObject({
      status: 'verified',
      effective: true,
    });
  });

  it('reports a healthy store and serves the OpenAPI document', async () => {
    const health = await h.http().get('/health');
    expect(health.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
    const docs = await h.http().get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/complaints',
        '/complaints/{id}/acknowledge',
        '/complaints/{id}/events',
        '/corrective-actions',
      ]),
    );
  });
});
