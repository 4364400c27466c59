import { randomUUID } from 'node:crypto';
import {
  COMPLAINT_STREAM_PREFIX,
  type ComplaintEvent,
  type ComplaintState,
  foldComplaint,
  upcast,
} from '@app/complaints';
import type { AnalyticsStore, InsertRow, QueryParams } from '@app/analytics';
import type { EventStore, EventToAppend, RecordedEvent, StreamAppend } from '@app/event-store';
import { KafkaEventPublisher } from '@app/messaging';
import type { Kafka } from 'kafkajs';

/** The events of one command, appended together to one stream. */
type HistoryStep = Pick<StreamAppend, 'streamId' | 'events'>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Appends the steps, each stream's in order, with `writers` streams' worth appended concurrently. A
 * stream's first step in this call goes on whatever the stream already holds.
 */
export async function appendSteps(
  store: EventStore,
  steps: readonly HistoryStep[],
  writers = 4,
): Promise<void> {
  const lanes: HistoryStep[][] = Array.from({ length: writers }, () => []);
  const laneOf = new Map<string, number>();
  for (const step of steps) {
    const lane = laneOf.get(step.streamId) ?? laneOf.size % writers;
    laneOf.set(step.streamId, lane);
    lanes[lane].push(step);
  }
  const revisions = new Map<string, number>();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const step of lane) {
        const revision = revisions.get(step.streamId);
        const result = await store.append(step.streamId, step.events, revision ?? 'any');
        revisions.set(step.streamId, result.nextExpectedRevision);
      }
    }),
  );
}

/** Every event of the store, in feed order. */
export async function readWholeStore(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.globalPosition ?? 0n, maxCount: 5_000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** What the relay does: the store's events on the topic as envelopes, keyed by stream, in batches. */
export async function publishEvents(
  kafka: Kafka,
  topic: string,
  events: readonly RecordedEvent[],
): Promise<void> {
  const publisher = await KafkaEventPublisher.connect(kafka, { topic });
  try {
    for (let i = 0; i < events.length; i += 500) await publisher.publish(events.slice(i, i + 500));
  } finally {
    await publisher.close();
  }
}

/** Sum of the group's committed offsets on the topic (a partition without a commit counts 0). */
export async function committedTotal(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

/** A domain event as the command service would append it (the business instant as `occurredAt`). */
export function toAppend(event: { type: string; data: object }, occurredAt: string): EventToAppend {
  const eventId = randomUUID();
  return {
    eventId,
    type: event.type,
    schemaVersion: 1,
    data: event.data as Record<string, unknown>,
    metadata: { occurredAt, correlationId: eventId, causationId: eventId, actor: { id: 'S1001' } },
  };
}

/** The figures the analytics answer with; compared with the same figures recomputed from the log. */
export interface Figures {
  complaints: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  byLineAndChannel: Record<string, number>;
  activeCauses: Record<string, number>;
  eventsByType: Record<string, number>;
  followUps: number;
  abnormal: number;
  reopenings: number;
  mergedDuplicates: number;
  finalReplies: number;
}

const tally = (keys: Iterable<string>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};

const grouped = async (store: AnalyticsStore, sql: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    (await store.query<{ key: string | null; n: string }>(sql))
      .map(({ key, n }) => [key ?? 'none', Number(n)] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const scalar = async (store: AnalyticsStore, sql: string): Promise<number> =>
  Number((await store.query<{ n: string | number }>(sql))[0].n);

/** The figures as the tables give them, deduplicated (FINAL). */
export async function figures(store: AnalyticsStore, db: string): Promise<Figures> {
  return {
    complaints: await scalar(store, `SELECT count() AS n FROM ${db}.complaints FINAL`),
    byStatus: await grouped(
      store,
      `SELECT status AS key, count() AS n FROM ${db}.complaints FINAL GROUP BY key`,
    ),
    byCategory: await grouped(
      store,
      `SELECT category AS key, count() AS n FROM ${db}.complaints FINAL GROUP BY key`,
    ),
    byLineAndChannel: await grouped(
      store,
      `SELECT concat(business_line, '/', channel) AS key, count() AS n FROM ${db}.complaints FINAL GROUP BY key`,
    ),
    activeCauses: await grouped(
      store,
      `SELECT cause_code AS key, count() AS n FROM ${db}.complaint_causes FINAL WHERE active = 1 GROUP BY key`,
    ),
    eventsByType: await grouped(
      store,
      `SELECT type AS key, count() AS n FROM ${db}.complaint_events FINAL GROUP BY key`,
    ),
    followUps: await scalar(store, `SELECT count() AS n FROM ${db}.follow_ups FINAL`),
    abnormal: await scalar(store, `SELECT countIf(abnormal = 1) AS n FROM ${db}.complaints FINAL`),
    reopenings: await scalar(store, `SELECT sum(reopen_count) AS n FROM ${db}.complaints FINAL`),
    mergedDuplicates: await scalar(store, `SELECT sum(duplicate_count) AS n FROM ${db}.complaints FINAL`),
    finalReplies: await scalar(
      store,
      `SELECT countIf(final_reply_at IS NOT NULL) AS n FROM ${db}.complaints FINAL`,
    ),
  };
}

/**
 * The same figures recomputed from the event log with the domain's own fold, per complaint stream (each
 * event once, whatever the feed delivered twice). Events the domain does not know are left out, as the
 * projector rejects them.
 */
export function recomputeFigures(events: readonly RecordedEvent[]): Figures {
  const streams = new Map<string, ComplaintEvent[]>();
  const seen = new Set<string>();
  for (const event of events) {
    if (!event.streamId.startsWith(COMPLAINT_STREAM_PREFIX) || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    let domain: ComplaintEvent;
    try {
      domain = upcast(event.type, event.schemaVersion, event.data) as ComplaintEvent;
    } catch {
      continue;
    }
    streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), domain]);
  }
  const states = [...streams.values()]
    .map((stream) => foldComplaint(stream))
    .filter((state): state is Exclude<ComplaintState, { status: 'none' }> => state.status !== 'none');
  const all = [...streams.values()].flat();
  return {
    complaints: states.length,
    byStatus: tally(states.map((s) => s.status)),
    byCategory: tally(states.map((s) => s.classification?.category ?? 'none')),
    byLineAndChannel: tally(states.map((s) => `${s.businessLine}/${s.channel}`)),
    activeCauses: tally(
      states.flatMap((s) => s.causes.filter((c) => c.appeal !== 'upheld').map((c) => c.causeCode)),
    ),
    eventsByType: tally(all.map((e) => e.type)),
    followUps: all.filter((e) => e.type === 'FollowUpRecorded').length,
    abnormal: states.filter((s) => s.abnormal).length,
    reopenings: states.reduce((sum, s) => sum + s.reopenCount, 0),
    mergedDuplicates: states.reduce((sum, s) => sum + s.mergedDuplicates.length, 0),
    finalReplies: states.filter((s) => s.finalReplyAt !== undefined).length,
  };
}

/**
 * Every row of every projected table under FINAL, in key order, without the column the database stamps
 * itself (`rejected_at`).
 */
export async function snapshotTables(store: AnalyticsStore, db: string): Promise<Record<string, unknown[]>> {
  const tables: [table: string, columns: string, order: string][] = [
    ['complaint_events', '*', 'complaint_id, stream_revision'],
    ['complaints', '*', 'complaint_id'],
    ['complaint_causes', '*', 'complaint_id, cause_id'],
    ['follow_ups', '*', 'complaint_id, stream_revision'],
    ['corrective_actions', '*', 'action_id'],
    ['rejected_events', '* EXCEPT (rejected_at)', 'event_id'],
  ];
  const snapshot: Record<string, unknown[]> = {};
  for (const [table, columns, order] of tables)
    snapshot[table] = await store.query(`SELECT ${columns} FROM ${db}.${table} FINAL ORDER BY ${order}`);
  return snapshot;
}

type Operation = 'insert' | 'query' | 'command';

/** ClickHouse that refuses whatever `refuse` says, as an outage or a full disk would. */
export class FlakyAnalyticsStore implements AnalyticsStore {
  refuse: (operation: Operation, target: string) => boolean = () => false;
  refused = 0;

  constructor(private readonly inner: AnalyticsStore) {}

  private check(operation: Operation, target: string): void {
    if (!this.refuse(operation, target)) return;
    this.refused += 1;
    throw new Error(`ClickHouse unavailable (${operation})`);
  }
  async command(sql: string, params?: QueryParams): Promise<void> {
    this.check('command', sql);
    await this.inner.command(sql, params);
  }
  async insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    this.check('insert', table);
    await this.inner.insert(table, rows);
  }
  async query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    this.check('query', sql);
    return this.inner.query<T>(sql, params);
  }
  ping = () => this.inner.ping();
  /** The inner store belongs to the test. */
  close = async () => undefined;
}
