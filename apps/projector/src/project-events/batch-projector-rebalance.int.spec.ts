import { hmacCustomerKey, migrate, projectBatch, readStreamStates } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import type { RecordedEvent } from '@app/event-store';
import { generateComplaintLog } from '../../../seeder/src/generator/complaint-log';
import { BatchProjector } from './batch-projector';
import { StreamStateCache } from './stream-state-cache';

const context = { customerKey: hmacCustomerKey('rebalance-test-customer-key') };

/** A generated log as the feed would deliver it: revisions per stream, positions in order. */
const recorded = (seed: number): RecordedEvent[] => {
  const revisions = new Map<string, number>();
  let position = 0n;
  return generateComplaintLog({ complaints: 40, seed }).steps.flatMap((step) =>
    step.events.map((event) => {
      const revision = (revisions.get(step.streamId) ?? -1) + 1;
      revisions.set(step.streamId, revision);
      position += 1n;
      return {
        ...event,
        streamId: step.streamId,
        streamRevision: revision,
        globalPosition: position,
        recordedAt: new Date(event.metadata.occurredAt),
      };
    }),
  );
};

/**
 * Two members of a consumer group in one process share the state cache. Member A prepares a batch of a
 * stream; the group rebalances (the cache is cleared) and the stream's partition goes to member B, which
 * projects it further; then A's late batch is written and committed. Its states are older than what B
 * wrote: they must stay out of the cache, or B's next batch would fold on them.
 */
describe('BatchProjector: a batch prepared before a rebalance', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('rebalance');
    await migrate(db.store, db.database);
  }, 60_000);

  afterAll(() => db?.cleanup());

  it('does not bring its states back into the cache: the next batch folds on what the tables hold', async () => {
    const log = recorded(7);
    const lengths = new Map<string, number>();
    for (const event of log) lengths.set(event.streamId, (lengths.get(event.streamId) ?? 0) + 1);
    const [streamId, length] = [...lengths].sort(([, a], [, b]) => b - a)[0]!;
    expect(length).toBeGreaterThanOrEqual(6);
    const events = log.filter((event) => event.streamId === streamId);

    const cache = new StreamStateCache(100);
    const memberA = new BatchProjector(db.store, db.database, context, cache);
    const memberB = new BatchProjector(db.store, db.database, context, cache);

    const late = await memberA.prepare(events.slice(0, 2));
    cache.clear();
    await memberB.project(events.slice(0, 4));
    await memberA.write(late);
    memberA.commit(late);
    await memberB.project(events.slice(4));

    const folded = projectBatch(events, context).states.get(streamId);
    expect((await readStreamStates(db.store, db.database, [streamId])).get(streamId)).toEqual(folded);
    expect(cache.get(streamId)).toEqual(folded);
  });
});
