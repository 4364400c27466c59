import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { type EventStore, type RecordedEvent, START_POSITION } from '@app/event-store';
import request from 'supertest';
import { isAuditStream } from '@app/privacy';
import { AGENT, SUPERVISOR as SUPERVISOR_TOKEN, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { withTestLogging } from '@app/platform/logging/test-support';
import { createHttpApp } from '../src/bootstrap';
import { CommandServiceModule } from '../src/command-service.module';
import { type CommandServiceConfig, loadCommandServiceConfig } from '../src/config/command-service.config';
import { type Clock } from '../src/shared/ids';
import { EVENT_STORE } from '../src/store/event-store.provider';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../libs/event-store/src/test-support/postgres-test-database';

/** A clock the test moves by hand, so deadlines and SLA rules can be crossed on purpose. */
export class TestClock implements Clock {
  constructor(private current = '2026-03-02T01:00:00.000Z') {}
  now(): string {
    return this.current;
  }
  set(instant: string): void {
    this.current = instant;
  }
  advanceHours(hours: number): void {
    this.current = new Date(Date.parse(this.current) + hours * 3_600_000).toISOString();
  }
}

export type Harness = {
  app: INestApplication;
  /** The service's configuration, schema and data directory included. */
  config: CommandServiceConfig;
  http: () => ReturnType<typeof request>;
  store: EventStore;
  clock: TestClock;
  /**
   * Every event of the complaints and actions in the store, in global order (the audit of personal-data
   * reads, which a read appends, left out): used to prove that bad input appended nothing.
   */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
};

export type StoreKind = 'pglite' | 'postgres';

/**
 * The command service over a real store: PGlite in a temp dir, or a fresh schema on the PostgreSQL server.
 * It verifies the test tokens (`@app/platform/auth/test-support`).
 */
export const startCommandService = async (
  kind: StoreKind,
  env: Record<string, string> = {},
): Promise<Harness> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-e2e-'));
  const schema = freshSchemaName();
  const config: CommandServiceConfig = loadCommandServiceConfig({
    EVENT_STORE: kind,
    DATA_DIR: dataDir,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'silent',
    ...TEST_AUTH_ENV,
    ...env,
  });
  const clock = new TestClock();
  const app = await createHttpApp(
    withTestLogging('command-service', CommandServiceModule.register({ config, clock })),
    config,
  );
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    config,
    store,
    clock,
    http: () => request(app.getHttpServer()),
    allEvents: async () => {
      const events: RecordedEvent[] = [];
      let after = START_POSITION;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) return events;
        events.push(...page.filter((event) => !isAuditStream(event.streamId)));
        after = page[page.length - 1]!.globalPosition;
      }
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') {
        const pool = await connectTestPool();
        await dropSchema(pool, schema);
        await pool.end();
      }
    },
  };
};

/** An agent (job number A1001) and a supervisor (S2001), unscoped, with tokens the service verifies. */
export const ACTOR: Record<string, string> = AGENT;
export const SUPERVISOR: Record<string, string> = SUPERVISOR_TOKEN;

export const registration = (overrides: Record<string, unknown> = {}) => ({
  businessLine: 'postal',
  channel: 'hotline-11185',
  receivedAt: '2026-03-02T00:30:00.000Z',
  customer: { reference: 'CUST-0001', name: '王小明', contact: { phone: '+86 138 0000 0000' } },
  description: '包裹三天未到，查询无结果',
  demand: '尽快投递并说明原因',
  receivedBy: { jobNumber: 'A1001', orgUnit: 'beijing-branch-3' },
  ...overrides,
});
