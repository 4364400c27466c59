import { complaintStream } from '@app/complaints';
import { hashApiKey } from '@app/platform';
import { testApiKey } from '@app/platform/auth/test-support';
import {
  ACTOR,
  type Harness,
  registration,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';
import { complaintIdForSource } from '../../apps/command-service/src/ingress/inbound-message.mapper';
import { complaintReceived } from '../../apps/command-service/test/upstream-messages.fixture';

/**
 * Security class 4, upstream identity is not bound: a `system` credential speaks only for the upstream
 * systems it is bound to (`sources` in AUTH_API_KEYS, else its own id), per item; and only such a
 * credential may name a complaint by an upstream (system, external id) pair, so nobody can squat a pair.
 */
describe('security class 4: each upstream credential speaks for its own systems only', () => {
  let h: Harness;
  const hotlineKey = testApiKey();
  const portalKey = testApiKey();

  beforeAll(async () => {
    h = await startCommandService('pglite', {
      AUTH_API_KEYS: JSON.stringify([
        // Bound to its own id: hotline-platform.
        { id: 'hotline-platform', sha256: hashApiKey(hotlineKey), roles: ['system'] },
        { id: 'portal-gateway', sha256: hashApiKey(portalKey), roles: ['system'], sources: ['web-portal'] },
      ]),
    });
  });
  afterAll(() => h.close());

  const send = (key: string, messages: unknown[]) =>
    h.http().post('/ingress/batch').set('X-Api-Key', key).send({ messages });

  it('refuses, item by item, messages naming another system, and appends nothing for them', async () => {
    const hotline = complaintReceived(1);
    expect((await send(hotlineKey, [hotline])).body).toMatchObject({ accepted: 1 });
    const head = await h.store.headPosition();
    const complaintId = complaintIdForSource('hotline-platform', hotline.source.externalId);
    const before = await h.store.readStream(complaintStream(complaintId));

    const withdraw = {
      messageId: 'portal-msg-1',
      type: 'StatusUpdated',
      schemaVersion: 1,
      source: hotline.source,
      occurredAt: '2026-03-01T09:00:00+08:00',
      payload: { status: 'withdrawn', reason: 'customer withdrew' },
    };
    const own = complaintReceived(2, {
      messageId: 'portal-msg-2',
      source: { system: 'web-portal', externalId: 'WP-1' },
    });
    const answer = await send(portalKey, [withdraw, complaintReceived(3), own]);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 2 });
    for (const index of [0, 1])
      expect(answer.body.results[index]).toMatchObject({
        status: 'rejected',
        problems: [{ field: 'source.system', code: 'AUTH.SOURCE_NOT_BOUND', reason: expect.any(String) }],
      });
    expect(answer.body.results[2]).toMatchObject({ status: 'accepted' });
    // The hotline's complaint is untouched; only the portal's own registration was appended.
    expect(await h.store.readStream(complaintStream(complaintId))).toEqual(before);
    expect(
      (await h.store.readAll({ after: head })).filter((e) => e.streamId.startsWith('complaint-')),
    ).toHaveLength(1);
  });

  it('refuses another system’s messages in a batch stored all or none per complaint too', async () => {
    const head = await h.store.headPosition();
    const foreign = complaintReceived(5, { messageId: 'portal-msg-5' });
    const answer = await h
      .http()
      .post('/ingress/batch')
      .set('X-Api-Key', portalKey)
      .send({ messages: [foreign], atomicPerComplaint: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(answer.body.results[0]).toMatchObject({
      status: 'rejected',
      problems: [expect.objectContaining({ field: 'source.system', code: 'AUTH.SOURCE_NOT_BOUND' })],
    });
    expect(await h.store.headPosition()).toBe(head);
  });

  it('lets no staff member register a complaint under an upstream pair, so the system’s own registration lands', async () => {
    const pair = { system: 'hotline-platform', externalId: 'HL-SQUAT-1' };
    const head = await h.store.headPosition();
    const squat = await h
      .http()
      .post('/complaints')
      .set(ACTOR)
      .send(registration({ source: pair }));
    expect(squat.status).toBe(403);
    expect(squat.body).toMatchObject({
      code: 'AUTH.SOURCE_NOT_BOUND',
      errors: [{ field: 'source.system', code: 'AUTH.SOURCE_NOT_BOUND' }],
    });
    expect(await h.store.headPosition()).toBe(head);

    const real = complaintReceived(4, { source: pair });
    expect((await send(hotlineKey, [real])).body).toMatchObject({ accepted: 1 });
    const classified = {
      messageId: 'hl-msg-4-classified',
      type: 'StatusUpdated',
      schemaVersion: 1,
      source: pair,
      occurredAt: '2026-03-01T09:00:00+08:00',
      payload: {
        status: 'classified',
        category: 'item-delayed',
        severity: 'minor',
        responsibility: 'at-fault',
        form: 'quality',
      },
    };
    expect((await send(hotlineKey, [classified])).body).toMatchObject({ accepted: 1 });
    const stream = await h.store.readStream(
      complaintStream(complaintIdForSource(pair.system, pair.externalId)),
    );
    expect(stream.map((e) => [e.type, e.metadata.actor?.id])).toEqual([
      ['ComplaintRegistered', 'hotline-platform'],
      ['ComplaintClassified', 'hotline-platform'],
    ]);
  });
});
