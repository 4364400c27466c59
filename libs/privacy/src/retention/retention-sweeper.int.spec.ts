import { randomUUID } from 'node:crypto';
import { closed, ev, registered } from '@app/complaints/test-support/complaint-events';
import { T } from '@app/complaints/test-support/fixtures';
import { PersonalDataEraser } from '../erasure/personal-data-eraser';
import { ERASED } from '../encryption/field-cipher';
import { type PersonalDataEventStore } from '../encryption/personal-data-event-store';
import {
  openPglitePersonalDataStore,
  testPseudonym,
  toAppend,
} from '../test-support/pglite-personal-data-store';
import { RetentionSweeper } from './retention-sweeper';

const DAY = 86_400_000;
const plusDays = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY).toISOString();

describe('retention and erasure on request, on PGlite', () => {
  let store: PersonalDataEventStore;
  let now: string = T.closed;
  const clock = { now: () => now };
  const log: string[] = [];

  beforeAll(async () => {
    ({ store } = await openPglitePersonalDataStore());
  }, 30_000);

  afterAll(async () => {
    await store.close();
  });

  const nameIn = async (streamId: string) => (await store.readStream(streamId))[0]!.data.customer;

  it('erases complaints closed longer than the retention period ago, and nothing else', async () => {
    const sweeper = new RetentionSweeper(store.keys, clock, {
      retentionDays: 30,
      batchSize: 2,
      log: (m) => log.push(m),
    });
    const closedStreams = Array.from({ length: 5 }, () => `complaint-${randomUUID()}`);
    for (const s of closedStreams) await store.append(s, toAppend(closed()), 'no-stream');
    const reopened = `complaint-${randomUUID()}`;
    await store.append(reopened, toAppend([...closed(), ev.reopened()]), 'no-stream');
    const open = `complaint-${randomUUID()}`;
    await store.append(open, toAppend(registered()), 'no-stream');

    now = plusDays(T.closed, 29);
    expect(await sweeper.sweep()).toMatchObject({ erased: 0, cutoff: plusDays(T.closed, -1) });

    now = plusDays(T.closed, 31);
    const [report, concurrent] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);

    expect(concurrent).toBe(report);
    expect(report.erased).toBe(5);
    expect(report.streamIds.sort()).toStrictEqual([...closedStreams].sort());
    for (const s of closedStreams) expect(await nameIn(s)).toMatchObject({ name: ERASED });
    expect(await nameIn(reopened)).toMatchObject({ name: 'Wang Fang' });
    expect(await nameIn(open)).toMatchObject({ name: 'Wang Fang' });
    expect(log.filter((m) => m.includes('erased so far'))).toHaveLength(3);
    // Each batch says which complaints it erased.
    const named = log
      .filter((m) => m.includes('erased the personal data of'))
      .flatMap((m) => m.slice(m.lastIndexOf(': ') + 2).split(', '));
    expect(named.sort()).toStrictEqual([...closedStreams].sort());
    expect(log[log.length - 1]).toMatch(
      /sweep done, 5 complaints closed before .* erased \(30 days' retention\)/,
    );
    expect((await sweeper.sweep()).erased).toBe(0);
  });

  it("erases every complaint of a customer on request, open ones too, and no one else's", async () => {
    const eraser = new PersonalDataEraser(store.keys, testPseudonym);
    const customer = { reference: `REF-${randomUUID()}`, name: 'Li Lei', contact: {} };
    const [first, second, someoneElse] = Array.from({ length: 3 }, () => `complaint-${randomUUID()}`);
    await store.append(
      first,
      toAppend([...closed()].map((e, i) => (i === 0 ? ev.registered({ customer }) : e))),
      'no-stream',
    );
    await store.append(second, toAppend([ev.registered({ customer })]), 'no-stream');
    await store.append(someoneElse, toAppend(registered()), 'no-stream');

    const erased = await eraser.eraseCustomer(customer.reference);

    expect(erased.map((e) => e.streamId).sort()).toStrictEqual([first, second].sort());
    expect(erased.every((e) => e.reason === 'request')).toBe(true);
    expect(await nameIn(first)).toMatchObject({ name: ERASED, pseudonym: testPseudonym(customer.reference) });
    expect(await nameIn(second)).toMatchObject({ name: ERASED });
    expect(await nameIn(someoneElse)).toMatchObject({ name: 'Wang Fang' });
    expect(await eraser.eraseCustomer(customer.reference)).toStrictEqual([]);
  });
});
