import { complaintIdForSource } from '../src/ingress/inbound-message.mapper';
import { hashApiKey } from '@app/platform';
import { testApiKey } from '@app/platform/auth/test-support';
import { ACTOR, type Harness, startCommandService } from './command-service.harness';
import { complaintReceived, malformedVariants } from './upstream-messages.fixture';

describe('HTTP batch ingress', () => {
  let h: Harness;
  // Upstream systems authenticate with API keys, configured by their SHA-256 only.
  const systemKey = testApiKey();
  const scopedKey = testApiKey();
  beforeAll(async () => {
    h = await startCommandService('pglite', {
      AUTH_API_KEYS: JSON.stringify([
        { id: 'hotline-platform', sha256: hashApiKey(systemKey), roles: ['system'] },
        {
          id: 'call-centre-1-terminal',
          sha256: hashApiKey(scopedKey),
          roles: ['system'],
          orgUnits: ['call-centre-1'],
          sources: ['hotline-platform'],
        },
      ]),
    });
  });
  afterAll(() => h.close());

  const send = (messages: unknown[], key = systemKey) =>
    h.http().post('/ingress/batch').set('X-Api-Key', key).send({ messages });

  it('answers per item: valid items go through beside bad ones, repeats are duplicates', async () => {
    const good = [complaintReceived(1), complaintReceived(2)];
    const statusUpdate = {
      messageId: 'hl-msg-2-classified',
      type: 'StatusUpdated',
      schemaVersion: 1,
      source: good[1]!.source,
      occurredAt: '2026-03-01T09:00:00+08:00',
      payload: {
        status: 'classified',
        category: 'item-delayed',
        severity: 'minor',
        responsibility: 'at-fault',
        form: 'quality',
      },
    };
    const badCode = JSON.parse(malformedVariants.find((v) => v.kind === 'unknown code')!.make(1));
    const badDate = JSON.parse(malformedVariants.find((v) => v.kind === 'wrong date')!.make(2));
    const unknownType = { ...complaintReceived(3), type: 'Teleported' };

    const response = await send([good[0], badCode, good[1], statusUpdate, badDate, unknownType, good[0]]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 3 });
    const results = response.body.results as {
      index: number;
      status: string;
      problems?: { field: string; code: string }[];
    }[];
    expect(results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'duplicate',
    ]);
    expect(results[1]!.problems).toContainEqual(
      expect.objectContaining({ code: 'TAXONOMY.UNKNOWN_CHANNEL', field: 'payload.channel' }),
    );
    expect(results[4]!.problems).toContainEqual(
      expect.objectContaining({ field: 'occurredAt', code: 'INBOUND.INVALID_FORMAT' }),
    );
    expect(results[5]!.problems).toContainEqual(
      expect.objectContaining({ field: 'type', code: 'INBOUND.UNKNOWN_TYPE' }),
    );

    const second = complaintIdForSource('hotline-platform', good[1]!.source.externalId);
    expect((await h.http().get(`/complaints/${second}`).set(ACTOR)).body).toMatchObject({
      status: 'registered',
      classification: { category: 'item-delayed' },
      receivedAt: '2026-03-01T00:00:00.000Z',
    });
    expect((await h.allEvents()).map((e) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintRegistered',
      'ComplaintClassified',
    ]);
    // The authenticated system is recorded as the actor (its API key's id), not what the message claims.
    expect((await h.allEvents()).map((e) => e.metadata.actor)).toEqual(
      Array(3).fill({ id: 'hotline-platform', role: 'system' }),
    );

    const again = await send([statusUpdate]);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0 });
    expect(await h.allEvents()).toHaveLength(3);
  });

  it('stores each complaint’s items all or none with atomicPerComplaint, in any order of the batch', async () => {
    const before = (await h.allEvents()).length;
    const step = (i: number, name: string, payload: Record<string, unknown>, occurredAt: string) => ({
      messageId: `hl-msg-${i}-${name}`,
      type: 'StatusUpdated',
      schemaVersion: 1,
      source: complaintReceived(i).source,
      occurredAt,
      payload,
    });
    const classify = (i: number, category: string) =>
      step(
        i,
        'classified',
        { status: 'classified', category, severity: 'minor', responsibility: 'at-fault', form: 'quality' },
        '2026-03-01T09:00:00+08:00',
      );
    const acknowledge = (i: number) =>
      step(
        i,
        'acknowledged',
        { status: 'acknowledged', mode: 'deferred', contactMethod: 'phone' },
        '2026-03-01T09:05:00+08:00',
      );
    const close = (i: number) => step(i, 'closed', { status: 'closed' }, '2026-03-01T10:00:00+08:00');
    // 31: a whole history; 32: its classification names no category of the line; 33: closed without a reply.
    const batch = [
      complaintReceived(31),
      complaintReceived(32),
      classify(31, 'item-delayed'),
      classify(32, 'teleportation-failure'),
      complaintReceived(33),
      acknowledge(31),
      acknowledge(32),
      classify(33, 'item-lost'),
      acknowledge(33),
      close(33),
    ];
    const send = (messages: unknown[]) =>
      h
        .http()
        .post('/ingress/batch')
        .set('X-Api-Key', systemKey)
        .send({ messages, atomicPerComplaint: true });

    const response = await send(batch);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 7 });
    const results = response.body.results as {
      index: number;
      status: string;
      problems?: { code: string }[];
    }[];
    expect(results.map((r) => r.index)).toEqual(batch.map((_, i) => i));
    expect(results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'rejected',
      'rejected',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(results[3]!.problems).toEqual([expect.objectContaining({ code: 'TAXONOMY.UNKNOWN_CATEGORY' })]);
    expect(results[1]!.problems).toEqual([expect.objectContaining({ code: 'INGRESS.GROUP_REFUSED' })]);
    expect(results[9]!.problems).toEqual([expect.objectContaining({ code: 'CLOSE.NO_FINAL_REPLY' })]);
    // Nothing of 32 or 33 was stored, not even their registrations.
    const events = (await h.allEvents()).slice(before);
    expect(events.map((e) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintClassified',
      'ComplaintAcknowledged',
    ]);
    for (const i of [32, 33])
      expect(
        (
          await h
            .http()
            .get(
              `/complaints/${complaintIdForSource('hotline-platform', complaintReceived(i).source.externalId)}`,
            )
            .set(ACTOR)
        ).status,
      ).toBe(404);

    // Corrected, 32 goes in whole; 31 again is a duplicate and stores nothing twice.
    const again = await send([
      complaintReceived(31),
      complaintReceived(32),
      classify(32, 'item-lost'),
      acknowledge(32),
    ]);
    expect(again.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 0 });
    expect((await h.allEvents()).length).toBe(before + 6);
  });

  it('refuses an item with text no store keeps (NUL, half a surrogate pair) on its own, beside a good one', async () => {
    const before = (await h.allEvents()).length;
    const good = complaintReceived(20);
    const nul = complaintReceived(21);
    nul.payload.demand = 'refund\u0000please';
    const surrogate = complaintReceived(22);
    surrogate.payload.customer.name = 'Wang \ud800';

    const response = await send([nul, good, surrogate]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 2 });
    const [first, , third] = response.body.results as { status: string; problems?: unknown[] }[];
    expect(first!.problems).toEqual([
      expect.objectContaining({ field: 'payload.demand', code: 'INBOUND.MALFORMED_TEXT' }),
    ]);
    expect(third!.problems).toEqual([
      expect.objectContaining({ field: 'payload.customer.name', code: 'INBOUND.MALFORMED_TEXT' }),
    ]);
    expect((await h.allEvents()).length).toBe(before + 1);

    // A key that would reach Object.prototype still refuses the whole request, before anything runs.
    const refused = await h
      .http()
      .post('/ingress/batch')
      .set('X-Api-Key', systemKey)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({ messages: [complaintReceived(23)] }).replace(
          '"messages":[{',
          '"messages":[{"__proto__":{"x":1},',
        ),
      );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ field: 'messages[0].__proto__', code: 'VALIDATION.FORBIDDEN_KEY' }),
    );
    expect((await h.allEvents()).length).toBe(before + 1);
  });

  it('refuses an empty or oversized batch as a whole, appending nothing', async () => {
    const before = (await h.allEvents()).length;
    const empty = await send([]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toContainEqual(
      expect.objectContaining({ field: 'messages', code: 'VALIDATION.ARRAY_MIN_SIZE' }),
    );
    const tooMany = await send(Array.from({ length: 501 }, (_, i) => complaintReceived(10_000 + i)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toContainEqual(
      expect.objectContaining({ field: 'messages', code: 'VALIDATION.ARRAY_MAX_SIZE' }),
    );
    expect((await h.allEvents()).length).toBe(before);
  });

  it('refuses callers without the ingress permission, and a scoped system’s items for other units', async () => {
    const before = (await h.allEvents()).length;
    const noKey = await h
      .http()
      .post('/ingress/batch')
      .send({ messages: [complaintReceived(20_001)] });
    expect(noKey.status).toBe(401);
    const agent = await h
      .http()
      .post('/ingress/batch')
      .set(ACTOR)
      .send({ messages: [complaintReceived(20_001)] });
    expect(agent.status).toBe(403);
    expect((await h.allEvents()).length).toBe(before);

    // complaintReceived(i) is received by call-centre-(i % 3): 20_002 by call-centre-1, 20_003 by call-centre-2.
    const scoped = await send([complaintReceived(20_002), complaintReceived(20_003)], scopedKey);
    expect(scoped.status).toBe(200);
    expect(scoped.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(scoped.body.results[1]).toMatchObject({
      status: 'rejected',
      problems: [expect.objectContaining({ field: 'receivedBy.orgUnit', code: 'AUTH.OUT_OF_SCOPE' })],
    });
    expect((await h.allEvents()).length).toBe(before + 1);
  });
});
