import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { migrate, projectBatch, writeRows } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { EventLog } from '@app/analytics/test-support/event-log';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import {
  scenarioActions,
  scenarioEvents,
} from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { WEEKLY_PACK_ARCHIVE_STREAM_PREFIX } from '@app/complaints';
import { START_POSITION, openConfiguredEventStore } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { WeeklyPackArchiver } from '../../query-service/src/query-service.module';
import { loadAnalyticsNodeConfig } from './analytics-node.config';
import { AnalyticsNodeModule, archivesWeeklyPacks } from './analytics-node.module';

/**
 * The analytics node of the distributed set-up archives the weekly packs to the shared event store, as
 * the one-process app does to its own: it is given the store when the schedule is on and the store is
 * one several processes share, and its archiver writes there under the store's lease.
 */
describe('analytics node: weekly packs archived to the shared event store', () => {
  const schema = freshSchemaName();
  let dataDir: string;
  let db: ChdbTestDatabase;

  const configs = (env: NodeJS.ProcessEnv = {}) =>
    loadAnalyticsNodeConfig({
      KAFKA_BROKERS: '127.0.0.1:9',
      DATA_DIR: dataDir,
      CUSTOMER_KEY_SECRET: 'analytics-node-test-customer-key-secret',
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      ANALYTICS_DATABASE: db.database,
      ...env,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'analytics-node-'));
    db = await openChdbTestDatabase('analytics_node');
    await migrate(db.store, db.database);
    const events = new EventLog().recordAll([...scenarioEvents(), ...scenarioActions()]);
    await writeRows(db.store, db.database, projectBatch(events, ctx).rows);
  });

  afterAll(async () => {
    await db?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
    const pool = await connectTestPool();
    await dropSchema(pool, schema).finally(() => pool.end());
  });

  it('archives where the schedule is on and the event store is shared, nowhere else', () => {
    const { projectorConfig, queryConfig } = configs();
    expect(archivesWeeklyPacks(projectorConfig, queryConfig)).toBe(true);
    const off = configs({ PACK_ARCHIVE_SCHEDULE: 'off' });
    expect(archivesWeeklyPacks(off.projectorConfig, off.queryConfig)).toBe(false);
    const embedded = configs({ EVENT_STORE: 'pglite' });
    expect(archivesWeeklyPacks(embedded.projectorConfig, embedded.queryConfig)).toBe(false);
  });

  it("gives the reports' archiver the PostgreSQL store: last week's packs land there, once", async () => {
    const { projectorConfig, queryConfig } = configs();
    const archiveStore = await openConfiguredEventStore(projectorConfig);
    const module = await Test.createTestingModule({
      imports: [
        AnalyticsNodeModule.register({
          projectorConfig,
          queryConfig,
          analyticsStore: db.store,
          archiveStore,
        }),
      ],
    }).compile();
    try {
      const archiver = module.get(WeeklyPackArchiver);
      const first = await archiver.archiveWeek('2026-W10', new Date('2026-03-09T00:00:00.000Z'));
      expect(first.archived.length).toBeGreaterThan(1);
      const again = await archiver.archiveWeek('2026-W10', new Date('2026-03-09T00:05:00.000Z'));
      expect(again.archived).toEqual([]);
      expect(again.existing).toEqual(first.archived);
      const stored = (await archiveStore.readAll({ after: START_POSITION, maxCount: 1_000 })).filter(
        (event) => event.streamId.startsWith(WEEKLY_PACK_ARCHIVE_STREAM_PREFIX),
      );
      expect(stored.map((event) => event.type)).toEqual(first.archived.map(() => 'WeeklyPackArchived'));
    } finally {
      await archiveStore.close();
    }
  });
});
