import { randomUUID } from 'node:crypto';
import {
  type ComplaintEvent,
  DEFAULT_POLICY,
  defaultTaxonomy,
  decideMerge,
  foldComplaint,
  upcast,
} from '@app/complaints';
import { closed, ev, registered } from '@app/complaints/test-support/complaint-events';
import { T } from '@app/complaints/test-support/fixtures';
import { type RecordedEvent, START_POSITION } from '@app/event-store';
import { eventsWithPersonalData } from '../test-support/events-with-personal-data';
import {
  openPglitePersonalDataStore,
  testPseudonym,
  toAppend,
} from '../test-support/pglite-personal-data-store';
import { type PersonalDataEventStore, erasedReference } from './personal-data-event-store';
import { ERASED, PersonalDataIntegrityError } from './field-cipher';
import { UnclassifiedEventTypeError } from './personal-data.table';

const MARKER = 'PII§';
const complaintOnly = () => eventsWithPersonalData(MARKER).filter((e) => !e.type.startsWith('Corrective'));
const stream = () => `complaint-${randomUUID()}`;

describe('PersonalDataEventStore on PGlite', () => {
  let store: PersonalDataEventStore;

  beforeAll(async () => {
    ({ store } = await openPglitePersonalDataStore());
  }, 30_000);

  afterAll(async () => {
    await store.close();
  });

  const rawEvents = async (): Promise<RecordedEvent[]> =>
    store.raw.readAll({ after: START_POSITION, maxCount: 100_000 });

  it('stores no personal field in clear, and reads every one back exactly', async () => {
    const s = stream();
    const events = toAppend(complaintOnly());
    await store.append(s, events, 'no-stream');

    const raw = await store.raw.readStream(s);
    expect(dump(raw)).not.toContain(MARKER);
    expect(dump(raw)).not.toMatch(/Wang|王芳/);
    const read = await store.readStream(s);
    const pseudonym = testPseudonym(`${MARKER}-REF`);
    expect(read.map((e) => e.data)).toStrictEqual(
      events.map((e, i) =>
        i === 0 ? { ...e.data, customer: { ...(e.data.customer as object), pseudonym } } : e.data,
      ),
    );
    expect(raw[0]!.data).toMatchObject({ customer: { pseudonym }, complaintId: events[0]!.data.complaintId });
    // The facts analytics reads stay in clear.
    expect(raw.map((e) => e.type)).toStrictEqual(events.map((e) => e.type));
    expect(raw[1]!.data).toStrictEqual(events[1]!.data);
  });

  it('decrypts on every read path: readAll and follow too', async () => {
    const s = stream();
    await store.append(s, toAppend([ev.registered({ description: `${MARKER} follow me` })]), 'no-stream');
    const all = await store.readAll({ after: START_POSITION, maxCount: 100_000 });
    expect(all.find((e) => e.streamId === s)!.data.description).toBe(`${MARKER} follow me`);

    const seen: RecordedEvent[] = [];
    const subscription = store.follow(async (batch) => {
      seen.push(...batch.filter((e) => e.streamId === s));
    });
    await waitFor(() => seen.length === 1);
    await subscription.stop();
    expect(seen[0]!.data.description).toBe(`${MARKER} follow me`);
  });

  it('keeps corrective actions, which hold no personal data, in clear and without a key', async () => {
    const s = `corrective-action-${randomUUID()}`;
    const actions = eventsWithPersonalData(MARKER).filter((e) => e.type.startsWith('Corrective'));
    await store.append(s, toAppend(actions), 'no-stream');

    expect((await store.raw.readStream(s)).map((e) => e.data)).toStrictEqual(actions.map((e) => e.data));
    expect(await store.keys.erase([s], 'request')).toStrictEqual([]);
  });

  it('refuses an unclassified event type and appends nothing', async () => {
    const s = stream();
    const head = await store.headPosition();
    const [event] = toAppend([ev.registered()]);

    await expect(
      store.append(s, [event!, { ...event!, eventId: randomUUID(), type: 'ComplaintTeleported' }], 'any'),
    ).rejects.toThrow(UnclassifiedEventTypeError);
    expect(await store.headPosition()).toBe(head);
    expect(await store.streamRevision(s)).toBe(-1);
  });

  it('treats a retried append (same event ids) as the same append, with the same key', async () => {
    const s = stream();
    const events = toAppend(registered());
    const first = await store.append(s, events, 'no-stream');
    const storedOnce = await store.raw.readStream(s);

    const again = await store.append(s, events, 'no-stream');

    expect(again).toStrictEqual({ ...first, appended: false });
    expect(await store.raw.readStream(s)).toStrictEqual(storedOnce);
    expect((await store.readStream(s))[0]!.data.customer).toMatchObject({ name: 'Wang Fang' });
  });

  it('after erasure: personal fields read as erased, every fact stays, deciders still decide', async () => {
    const [s, other] = [stream(), stream()];
    const events = toAppend(complaintOnly().slice(0, 12));
    await store.append(s, events, 'no-stream');
    await store.append(other, toAppend(registered()), 'no-stream');
    const before = await store.raw.readStream(s);
    const clear = await store.readStream(s);

    const erased = await store.keys.erase([s], 'request');

    expect(erased).toHaveLength(1);
    expect(await store.raw.readStream(s)).toStrictEqual(before);
    const read = await store.readStream(s);
    const pseudonym = testPseudonym(`${MARKER}-REF`);
    expect(read[0]!.data).toStrictEqual({
      ...events[0]!.data,
      customer: {
        reference: erasedReference(pseudonym),
        name: ERASED,
        contact: { phone: ERASED, email: ERASED, address: ERASED },
        pseudonym,
      },
      description: ERASED,
      demand: ERASED,
      tags: [ERASED, ERASED],
    });
    expect(dump(read)).not.toContain(MARKER);
    expect(read[11]!.data).toMatchObject({
      options: [{ kind: 'apology' }, { kind: 'compensation', amount: 900, note: ERASED }],
    });
    const fold = (events: RecordedEvent[]) =>
      foldComplaint(events.map((e) => upcast(e.type, e.schemaVersion, e.data)) as ComplaintEvent[]);
    // The state differs only where it holds personal data.
    const expected = JSON.parse(JSON.stringify(fold(clear)).replace(/"PII§[^"]*"/g, `"${ERASED}"`)) as object;
    expect(fold(read)).toStrictEqual({ ...expected, customerReference: erasedReference(pseudonym) });
    expect(fold(read)).toMatchObject({ status: 'acknowledged', escalationLevel: 1, investigated: true });
    // The other complaint, under its own key, is untouched.
    expect((await store.readStream(other))[0]!.data.customer).toMatchObject({ name: 'Wang Fang' });
  });

  it('keeps "same customer" meaningful on erased complaints: only the same customer compares equal', async () => {
    const [a, b, c] = [stream(), stream(), stream()];
    await store.append(
      a,
      toAppend([
        ev.registered({ complaintId: 'ca', customer: { reference: 'R-1', name: 'A', contact: {} } }),
      ]),
      'no-stream',
    );
    await store.append(
      b,
      toAppend([
        ev.registered({ complaintId: 'cb', customer: { reference: 'R-1', name: 'A', contact: {} } }),
      ]),
      'no-stream',
    );
    await store.append(
      c,
      toAppend([
        ev.registered({ complaintId: 'cc', customer: { reference: 'R-2', name: 'B', contact: {} } }),
      ]),
      'no-stream',
    );
    await store.keys.erase([a, b, c], 'request');
    const fold = async (s: string) =>
      foldComplaint(
        (await store.readStream(s)).map((e) => upcast(e.type, e.schemaVersion, e.data)) as ComplaintEvent[],
      );
    const merge = async (from: string, into: string) =>
      decideMerge(
        {
          type: 'MergeComplaint',
          data: { complaintId: 'x', intoComplaintId: 'y', reason: 'dup' },
          metadata: { now: T.handling, actor: { id: 'S2001' } },
        },
        await fold(from),
        await fold(into),
        { taxonomy: defaultTaxonomy(), policy: { ...DEFAULT_POLICY, mergeRequiresSameCustomer: true } },
      );

    await expect(merge(a, b)).resolves.toMatchObject({ duplicate: [{ type: 'ComplaintMergedInto' }] });
    await expect(merge(a, c)).rejects.toMatchObject({ code: 'MERGE.DIFFERENT_CUSTOMER' });
  });

  it('gives a stream erased earlier a new key for what it stores later', async () => {
    const s = stream();
    await store.append(s, toAppend(closed()), 'no-stream');
    await store.keys.erase([s], 'retention');

    await store.append(s, toAppend([ev.reopened({ reason: `${MARKER} back again` })]), 'any');

    const read = await store.readStream(s);
    expect(read[0]!.data.description).toBe(ERASED);
    expect(read[read.length - 1]!.data.reason).toBe(`${MARKER} back again`);
  });

  it('refuses a ciphertext moved to another stream or field', async () => {
    const [s, target] = [stream(), stream()];
    await store.append(s, toAppend(registered()), 'no-stream');
    await store.append(target, toAppend(registered()), 'no-stream');
    const [stolen] = await store.raw.readStream(s);
    await store.keys.erase([target], 'request');
    // Appended through the raw store: the victim's ciphertext under another stream and field.
    await store.raw.append(
      target,
      [
        {
          ...toAppend([ev.reopened()])[0]!,
          data: {
            complaintId: 'x',
            reason: stolen!.data.description,
            reopenCount: 1,
            reopenedAt: T.reopened,
          },
        },
      ],
      'any',
    );

    await expect(store.readStream(target)).rejects.toThrow(PersonalDataIntegrityError);
  });

  it('records closings and reopenings with the key, and asks the stream on a replayed append', async () => {
    const s = stream();
    const closing = toAppend(closed());
    await store.append(s, closing, 'no-stream');
    expect(await store.keys.closedBefore('2100-01-01T00:00:00.000Z', 100_000)).toContain(s);
    expect(await store.keys.closedBefore(T.closed, 100_000)).not.toContain(s);

    await store.append(s, toAppend([ev.reopened()]), 'any');
    expect(await store.keys.closedBefore('2100-01-01T00:00:00.000Z', 100_000)).not.toContain(s);

    // A late retry of the old closing stores nothing and must not make the reopened complaint closed.
    await store.append(s, closing, 'no-stream');
    expect(await store.keys.closedBefore('2100-01-01T00:00:00.000Z', 100_000)).not.toContain(s);
  });

  it('encrypts each part of appendMany with its own stream key, and records their closings', async () => {
    const [open, done, actions, fresh] = [stream(), stream(), `corrective-action-${randomUUID()}`, stream()];
    const parts = [
      { streamId: open, events: toAppend(complaintOnly()), expected: 'no-stream' as const },
      { streamId: fresh, events: toAppend(registered()), expected: 'no-stream' as const },
      { streamId: done, events: toAppend(closed()), expected: 'no-stream' as const },
      {
        streamId: actions,
        events: toAppend(eventsWithPersonalData(MARKER).filter((e) => e.type.startsWith('Corrective'))),
        expected: 'no-stream' as const,
      },
    ];
    const results = await store.appendMany(parts);

    expect(results.map((r) => r.appended)).toStrictEqual([true, true, true, true]);
    for (const s of [open, done]) expect(dump(await store.raw.readStream(s))).not.toMatch(/PII§|Wang|王芳/);
    const pseudonym = testPseudonym(`${MARKER}-REF`);
    expect((await store.readStream(open)).map((e) => e.data)).toStrictEqual(
      parts[0]!.events.map((e, i) =>
        i === 0 ? { ...e.data, customer: { ...(e.data.customer as object), pseudonym } } : e.data,
      ),
    );
    const keyIds = async (s: string) =>
      new Set(
        (await store.raw.readStream(s)).flatMap(
          (e) => JSON.stringify(e.data).match(/pii\.1\.([0-9a-f-]{36})\./g) ?? [],
        ),
      );
    expect((await keyIds(open)).size).toBe(1);
    expect([...(await keyIds(open))][0]).not.toBe([...(await keyIds(done))][0]);
    expect(await store.keys.erase([actions], 'request')).toStrictEqual([]);
    expect(await store.keys.closedBefore('2100-01-01T00:00:00.000Z', 100_000)).toContain(done);
    expect(await store.keys.closedBefore('2100-01-01T00:00:00.000Z', 100_000)).not.toContain(fresh);

    const read = await store.readStreams([open, done, fresh]);
    expect(read.get(open)).toStrictEqual(await store.readStream(open));
    expect(read.get(fresh)![0]!.data.customer).toMatchObject({ name: 'Wang Fang' });

    // The same call again replays every part with the same keys, the stored ciphertext untouched.
    const before = await Promise.all([open, done].map((s) => store.raw.readStream(s)));
    expect(await store.appendMany(parts)).toStrictEqual(results.map((r) => ({ ...r, appended: false })));
    expect(await Promise.all([open, done].map((s) => store.raw.readStream(s)))).toStrictEqual(before);
  });

  it('leaves no personal data of any stream in the raw log', async () => {
    expect(dump(await rawEvents())).not.toContain(MARKER);
  });
});

const waitFor = async (condition: () => boolean, timeoutMs = 5_000) => {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Everything of the events as text, positions included. */
const dump = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
