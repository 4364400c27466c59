import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { ChdbAnalyticsStore } from '@app/analytics';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { createKafka, ensureTopics } from '@app/messaging';
import { testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { type AppProcess, AppProcesses, buildApps, builtApp } from '../../../test/support/app-process';
import { generateComplaintLog } from '../../seeder/src/generator/complaint-log';
import {
  appendSteps,
  committedTotal,
  deleteTopics,
  figures,
  publishEvents,
  readWholeStore,
  recomputeFigures,
  sleep,
  snapshotTables,
  waitFor,
} from './projector.harness';

const MAIN = builtApp('projector');
const REBUILD = builtApp('projector', 'rebuild');
const KILLS = 2;
const GROUP = 'projector';
const quiet = { warn: () => undefined, error: () => undefined };

/**
 * The projector as a real process on a backlog, in small batches, SIGKILLed a few times just after it
 * has committed offsets (so mid-batch: projecting, inserting, or between an insert and its commit). After
 * a last uninterrupted run has caught up, the figures must be the ones the domain folds from the log:
 * nothing lost, nothing counted twice. Then `rebuild` replays the log from PostgreSQL into the same
 * tables, which must come out identical.
 */
describe('projector process killed mid-batch', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let dataDir: string;
  let events: RecordedEvent[];
  let messages: number;
  const topic = uniqueTopic('projector-crash-events');
  const processes = new AppProcesses();

  const env = (overrides: Record<string, string> = {}) => ({
    ...process.env,
    PROJECTOR_FEED: 'kafka',
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_EVENTS_TOPIC: topic,
    PROJECTOR_GROUP_ID: GROUP,
    PROJECTOR_BATCH_SIZE: '40',
    PROJECTOR_RETRY_MAX_MS: '500',
    // A killed member holds its partitions until its session times out: the broker's minimum, 6 s.
    PROJECTOR_SESSION_TIMEOUT_MS: '6000',
    CHDB_DATA_DIR: join(dataDir, 'chdb'),
    ANALYTICS_DATABASE: 'complaints',
    CUSTOMER_KEY_SECRET: 'crash-test-customer-key-secret',
    EVENT_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  const run = (script: string, overrides: Record<string, string> = {}): AppProcess =>
    processes.start(script === MAIN ? 'projector' : 'rebuild', script, env(overrides));
  const committed = () => committedTotal(kafka, GROUP, topic);
  const withTables = async <T>(read: (store: ChdbAnalyticsStore) => Promise<T>): Promise<T> => {
    const analytics = await ChdbAnalyticsStore.open({ dataDir: join(dataDir, 'chdb') });
    try {
      return await read(analytics);
    } finally {
      await analytics.close();
    }
  };

  beforeAll(async () => {
    await buildApps();
    dataDir = await mkdtemp(join(tmpdir(), 'projector-crash-'));
    pool = await connectTestPool({ max: 6 });
    schema = freshSchemaName();
    store = await PostgresEventStore.onPool(pool, { schema });
    kafka = createKafka({ clientId: 'projector-crash-test', brokers: testBrokers(), log: quiet });
    await appendSteps(store, generateComplaintLog({ complaints: 500, seed: 5 }).steps);
    events = await readWholeStore(store);
    await ensureTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: 1 }]);
    await publishEvents(kafka, topic, events);
    messages = events.length;
  }, 90_000);

  afterAll(async () => {
    await processes.killAll();
    await store?.close();
    if (pool) {
      await dropSchema(pool, schema);
      await pool.end();
    }
    if (kafka) await deleteTopics(kafka, [topic]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it(`counts every event once across ${KILLS} SIGKILLs, and a rebuild gives the same tables`, async () => {
    const progress: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const projector = run(MAIN);
      const from = await committed();
      await waitFor(
        async () => (await committed()) > from || projector.child.exitCode !== null,
        `projector run ${kill + 1} to commit`,
        20_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; its output:\n${projector.output()}`);
      });
      if (projector.child.exitCode !== null)
        throw new Error(`projector exited early:\n${projector.output()}`);
      await sleep(Math.random() * 300);
      await projector.kill('SIGKILL');
      progress.push(await committed());
    }
    expect(progress.at(-1)).toBeLessThan(messages);

    // Uninterrupted, in batches of the default size.
    const last = run(MAIN, { PROJECTOR_BATCH_SIZE: '1000' });
    await waitFor(async () => (await committed()) === messages, 'the last run to catch up', 90_000);
    last.child.kill('SIGTERM');
    await waitFor(
      () => last.child.exitCode !== null || last.child.signalCode !== null,
      'SIGTERM to stop it',
      15_000,
    );

    const expected = recomputeFigures(events);
    const [projected, before] = await withTables(async (analytics) => [
      await figures(analytics, 'complaints'),
      await snapshotTables(analytics, 'complaints'),
    ]);
    expect(projected).toEqual(expected);
    expect(before.complaint_events).toHaveLength(events.length);

    const rebuild = run(REBUILD);
    const { code } = await rebuild.exited;
    expect({ code, output: rebuild.output() }).toMatchObject({
      code: 0,
      output: expect.stringMatching(
        new RegExp(
          `rebuild \\[.*\\] 100% \\| ${events.length} events[\\s\\S]*Rebuilt complaints from ${events.length} events .* events/s, peak RSS \\d+ MB`,
        ),
      ),
    });
    const after = await withTables((analytics) => snapshotTables(analytics, 'complaints'));
    expect(after).toEqual(before);
    process.stdout.write(
      `projector crash test: ${events.length} events, ${KILLS} SIGKILLs at committed offsets ${progress.join(', ')}; ` +
        `figures equal to the domain's fold; rebuild identical\n${rebuild
          .output()
          .split('\n')
          .filter((l) => l.startsWith('Rebuilt'))
          .join('')}\n`,
    );
  }, 240_000);
});
