import { testLogDestination } from '@app/platform/logging/test-support';
import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { PostgresEventStore, type EventToAppend } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../libs/event-store/src/test-support/postgres-test-database';
import { createKafka } from '@app/messaging';
import { testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { createRelayApp } from '../src/bootstrap';
import { loadRelayConfig, type RelayConfig } from '../src/config/relay.config';
import { TEST_AUTH_ENV } from '@app/platform/auth/test-support';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Complaint-like events: a registration, then notes. */
export function complaintEvents(firstRevision: number, count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => {
    const eventId = randomUUID();
    const revision = firstRevision + i;
    return {
      eventId,
      type: revision === 0 ? 'ComplaintRegistered' : 'ComplaintNoted',
      schemaVersion: 1,
      data: { revision, note: `note ${revision}`, amount: 42.5 },
      metadata: {
        occurredAt: new Date(Date.UTC(2026, 2, 2, 1, 0, revision)).toISOString(),
        correlationId: eventId,
        causationId: eventId,
        actor: { id: 'A1001', role: 'agent' },
      },
    };
  });
}

export interface AppendedEvent {
  eventId: string;
  streamId: string;
  streamRevision: number;
  globalPosition: bigint;
}

/**
 * `appenders` concurrent writers, each owning `streamsPerAppender` complaint streams, appending 1–5
 * events at a time until `total` events are stored (or `until()` says stop).
 */
export async function appendConcurrently(
  store: PostgresEventStore,
  options: {
    total: number;
    appenders: number;
    streamsPerAppender: number;
    pauseMs?: number;
    until?: () => boolean;
  },
): Promise<AppendedEvent[]> {
  const appended: AppendedEvent[] = [];
  let remaining = options.total;
  const appender = async () => {
    const streams = Array.from({ length: options.streamsPerAppender }, () => ({
      id: `complaint-${randomUUID()}`,
      revision: -1,
    }));
    while (remaining > 0 && !options.until?.()) {
      const count = Math.min(remaining, 1 + Math.floor(Math.random() * 5));
      remaining -= count;
      const stream = streams[Math.floor(Math.random() * streams.length)];
      const events = complaintEvents(stream.revision + 1, count);
      const result = await store.append(
        stream.id,
        events,
        stream.revision === -1 ? 'no-stream' : stream.revision,
      );
      events.forEach((event, i) =>
        appended.push({
          eventId: event.eventId,
          streamId: stream.id,
          streamRevision: stream.revision + 1 + i,
          globalPosition: result.globalPositions[i],
        }),
      );
      stream.revision = result.nextExpectedRevision;
      if (options.pauseMs) await sleep(Math.random() * options.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: options.appenders }, appender));
  return appended;
}

/** A fresh PostgreSQL schema and Kafka topic, and a store to append with. */
export interface RelayTestBed {
  pool: Pool;
  schema: string;
  topic: string;
  store: PostgresEventStore;
  kafka: Kafka;
  /** What the relay reads from its environment: this bed's schema, topic and broker. */
  env: Record<string, string>;
  config(overrides?: Record<string, string>): RelayConfig;
  startRelay(overrides?: Record<string, string>): Promise<INestApplication>;
  cleanup(): Promise<void>;
}

export async function relayTestBed(): Promise<RelayTestBed> {
  const pool = await connectTestPool({ max: 12 });
  const schema = freshSchemaName();
  const store = await PostgresEventStore.onPool(pool, { schema });
  const topic = uniqueTopic('relay-test-events');
  const kafka = createKafka({ clientId: 'relay-test', brokers: testBrokers() });
  const apps: INestApplication[] = [];
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_EVENTS_TOPIC: topic,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...TEST_AUTH_ENV,
  };
  const config = (overrides: Record<string, string> = {}) => loadRelayConfig({ ...env, ...overrides });
  return {
    pool,
    schema,
    topic,
    store,
    kafka,
    env,
    config,
    async startRelay(overrides = {}) {
      const app = await createRelayApp(config(overrides), { logger: testLogDestination('relay') });
      apps.push(app);
      await app.init();
      return app;
    },
    async cleanup() {
      await Promise.all(apps.map((app) => app.close()));
      await store.close();
      await dropSchema(pool, schema);
      await pool.end();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
