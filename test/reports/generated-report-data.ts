import { type Pool } from 'pg';
import { type AnalyticsStore, type ProjectionContext, hmacCustomerKey, migrate } from '@app/analytics';
import { uniqueDatabase } from '@app/analytics/test-support/chdb-test-database';
import { type EventStore, type RecordedEvent, createEventStore } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { BatchProjector } from '../../apps/projector/src/project-events/batch-projector';
import { StreamStateCache } from '../../apps/projector/src/project-events/stream-state-cache';
import { rebuildAnalytics } from '../../apps/projector/src/rebuild/rebuild-analytics';
import { generateHistories } from '../../apps/seeder/src/generator/generate-histories';
import { seedEventStore } from '../../apps/seeder/src/seed-event-store';

/** What the seeder's generator is asked for: the same spec gives the very same histories. */
export type DataSetSpec = {
  seed: number;
  complaints: number;
  months: number;
  /** The first day after the data set (YYYY-MM-DD, Asia/Shanghai). */
  end: string;
};

/** How the projector meets the log the first time: pages of this size, a cache this small. */
export type LiveFeedSpec = { batchSize: number; cacheSize: number; redeliverEvery: number };

/** The receiving unit and line of every complaint, the units and line of every corrective action. */
export type DataSetUnits = {
  complaints: Map<string, { businessLine: string; orgUnit: string }>;
  actions: Map<string, { businessLine: string; orgUnits: string[] }>;
};

const context: ProjectionContext = { customerKey: hmacCustomerKey('report-invariants-customer-key') };

const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.globalPosition ?? 0n, maxCount: 5000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
};

const unitsOf = (events: readonly RecordedEvent[]): DataSetUnits => {
  const units: DataSetUnits = { complaints: new Map(), actions: new Map() };
  for (const { type, streamId, data } of events) {
    if (type === 'ComplaintRegistered') {
      const { businessLine, receivedBy } = data as { businessLine: string; receivedBy: { orgUnit: string } };
      units.complaints.set(streamId, { businessLine, orgUnit: receivedBy.orgUnit });
    }
    if (type === 'CorrectiveActionProposed') {
      const { businessLine, orgUnits } = data as { businessLine: string; orgUnits: string[] };
      units.actions.set(streamId, { businessLine, orgUnits });
    }
  }
  return units;
};

/**
 * A generated data set as the system holds it: the seeder's histories (decided by the domain's deciders)
 * appended to a PostgreSQL event store in a schema of its own, and projected into a chDB database by the
 * projector's own pipeline — the store's feed page by page through `BatchProjector`, with a small state
 * cache (states are read back from ClickHouse) and now and then a page delivered twice. `rebuild` replays
 * the log with the projector's rebuild; `restrictedTo` projects only what an org-unit scope may see into
 * a database of its own.
 */
export class GeneratedReportData {
  private readonly databases: string[] = [];

  private constructor(
    readonly spec: DataSetSpec,
    readonly analytics: AnalyticsStore,
    readonly database: string,
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly schema: string,
    readonly events: readonly RecordedEvent[],
    readonly units: DataSetUnits,
  ) {
    this.databases.push(database);
  }

  static async load(
    spec: DataSetSpec,
    live: LiveFeedSpec,
    analytics: AnalyticsStore,
    pool: Pool,
  ): Promise<GeneratedReportData> {
    const schema = freshSchemaName();
    const store = await createEventStore({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema });
    const database = uniqueDatabase('invariants');
    try {
      await seedEventStore(store, generateHistories(spec), { concurrency: 4 });
      const events = await readWholeLog(store);
      const data = new GeneratedReportData(
        spec,
        analytics,
        database,
        store,
        pool,
        schema,
        events,
        unitsOf(events),
      );
      await migrate(analytics, database);
      const projector = new BatchProjector(
        analytics,
        database,
        context,
        new StreamStateCache(live.cacheSize),
      );
      for (let from = 0, page = 1; from < events.length; from += live.batchSize, page++) {
        const batch = events.slice(from, from + live.batchSize);
        await projector.project(batch);
        // At-least-once delivery: the same page again must change nothing.
        if (page % live.redeliverEvery === 0) await projector.project(batch);
      }
      return data;
    } catch (error) {
      await store.close();
      await analytics.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await dropSchema(pool, schema);
      throw error;
    }
  }

  get complaintCount(): number {
    return this.units.complaints.size;
  }

  /** The org units that received complaints or that corrective actions name, by business line. */
  orgUnitsOf(businessLine: string): string[] {
    const units = new Set<string>();
    for (const each of this.units.complaints.values())
      if (each.businessLine === businessLine) units.add(each.orgUnit);
    for (const each of this.units.actions.values())
      if (each.businessLine === businessLine) each.orgUnits.forEach((unit) => units.add(unit));
    return [...units].sort();
  }

  /** `npm run rebuild`'s replay: drops and recreates the tables, then projects the whole log again. */
  async rebuild(): Promise<void> {
    await rebuildAnalytics({
      store: this.store,
      analytics: this.analytics,
      database: this.database,
      context,
      batchSize: 2000,
      cacheSize: 100_000,
      checkpointName: 'report-invariants',
    });
  }

  /**
   * A database holding only what `scope` may see: the complaints its units received (every event of
   * them) and the corrective actions naming one of its units, projected by the same pipeline.
   */
  async restrictedTo(scope: readonly string[]): Promise<string> {
    const database = uniqueDatabase('invariants_scope');
    this.databases.push(database);
    await migrate(this.analytics, database);
    const visible = this.events.filter(({ streamId }) => {
      const complaint = this.units.complaints.get(streamId);
      if (complaint) return scope.includes(complaint.orgUnit);
      return (this.units.actions.get(streamId)?.orgUnits ?? []).some((unit) => scope.includes(unit));
    });
    const projector = new BatchProjector(this.analytics, database, context, new StreamStateCache(100_000), {
      tablesStartEmpty: true,
    });
    if (visible.length > 0) await projector.project(visible);
    return database;
  }

  async dispose(): Promise<void> {
    await this.store.close();
    for (const database of this.databases)
      await this.analytics.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    await dropSchema(this.pool, this.schema);
  }
}
