import { bearer } from '@app/platform/auth/test-support';
import {
  ACTOR,
  type Harness,
  SUPERVISOR,
  registration,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';

type Call = { method: 'get' | 'post'; path: (id: string) => string; body?: object };

/**
 * Security class 5, the existence oracle: a caller limited to some units gets, for another unit's
 * complaint or corrective action, exactly the answer an id that does not exist gets (same status, code,
 * message and fields), and no unit is named — on every read and every command that names an id.
 */
describe('security class 5: “not yours” answers exactly like “not there”', () => {
  let h: Harness;
  let other: string;
  let otherAction: string;
  const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';
  const OTHER_UNIT = 'shanghai-branch-9';
  const scopedAgent = bearer({ roles: ['agent'], subject: 'A5005', orgUnits: ['beijing-branch-3'] });
  const scopedSupervisor = bearer({
    roles: ['supervisor'],
    subject: 'S5005',
    orgUnits: ['beijing-branch-3'],
  });

  beforeAll(async () => {
    h = await startCommandService('pglite');
    other = (
      await h
        .http()
        .post('/complaints')
        .set(ACTOR)
        .send(registration({ receivedBy: { jobNumber: 'A1001', orgUnit: OTHER_UNIT } }))
        .expect(201)
    ).body.complaintId;
    otherAction = (
      await h
        .http()
        .post('/corrective-actions')
        .set(SUPERVISOR)
        .send({
          businessLine: 'postal',
          meetingDate: '2026-03-02T00:00:00Z',
          causeCodes: ['sorting-error'],
          orgUnits: [OTHER_UNIT],
          description: 'Re-train the night shift',
          owner: 'M3001',
          dueAt: '2026-03-20T00:00:00Z',
        })
        .expect(201)
    ).body.actionId;
  });
  afterAll(() => h.close());

  const complaintCalls: Call[] = [
    { method: 'get', path: (id) => `/complaints/${id}` },
    { method: 'get', path: (id) => `/complaints/${id}/events` },
    {
      method: 'post',
      path: (id) => `/complaints/${id}/classify`,
      body: { category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' },
    },
    { method: 'post', path: (id) => `/complaints/${id}/flag-abnormal`, body: { reason: 'no real need' } },
    { method: 'post', path: (id) => `/complaints/${id}/withdraw`, body: { reason: 'parcel found' } },
    { method: 'post', path: (id) => `/complaints/${id}/escalate`, body: { toLevel: 1, reason: 'serious' } },
    {
      method: 'post',
      path: (id) => `/complaints/${id}/acknowledge`,
      body: { mode: 'deferred', contactMethod: 'phone' },
    },
  ];
  const actionCalls: Call[] = [
    { method: 'get', path: (id) => `/corrective-actions/${id}` },
    { method: 'post', path: (id) => `/corrective-actions/${id}/start`, body: {} },
  ];

  const answer = async ({ method, path, body }: Call, id: string, headers: Record<string, string>) => {
    const request = h.http()[method](path(id)).set(headers);
    const response = method === 'post' ? await request.send(body ?? {}) : await request;
    const { requestId: _id, ...rest } = response.body as Record<string, unknown>;
    return { status: response.status, body: rest };
  };

  it.each([
    ['complaint', () => other, complaintCalls, 'COMPLAINT.NOT_FOUND'],
    ['corrective action', () => otherAction, actionCalls, 'CORRECTIVE_ACTION.NOT_FOUND'],
  ] as const)('answers another unit’s %s exactly as an unknown id', async (_what, id, calls, code) => {
    const head = await h.store.headPosition();
    for (const call of calls) {
      for (const headers of [scopedSupervisor, { ...scopedSupervisor, 'Idempotency-Key': 'k-probe' }]) {
        const notYours = await answer(call, id(), headers);
        const notThere = await answer(call, UNKNOWN, headers);
        expect({ path: call.path(':id'), ...notYours }).toEqual({ path: call.path(':id'), ...notThere });
        expect(notYours).toMatchObject({ status: 404, body: { code } });
        expect(JSON.stringify(notYours.body)).not.toContain(OTHER_UNIT);
      }
    }
    expect(await h.store.headPosition()).toBe(head);
  });

  it('refuses a merge into another unit’s complaint exactly as into one that does not exist', async () => {
    const own = (
      await h
        .http()
        .post('/complaints')
        .set(scopedAgent)
        .send(registration({ receivedBy: { jobNumber: 'A5005', orgUnit: 'beijing-branch-3' } }))
        .expect(201)
    ).body.complaintId;
    const merge = (into: string) =>
      answer(
        {
          method: 'post',
          path: (id) => `/complaints/${id}/merge`,
          body: { intoComplaintId: into, reason: 'same parcel' },
        },
        own,
        scopedSupervisor,
      );
    const notYours = await merge(other);
    expect(notYours).toEqual(await merge(UNKNOWN));
    expect(notYours).toMatchObject({ status: 422, body: { code: 'MERGE.TARGET_NOT_FOUND' } });
  });
});
