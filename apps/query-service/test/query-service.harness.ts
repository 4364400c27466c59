import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type AnalyticsStore, migrate, projectBatch, writeRows } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import type { RecordedEvent } from '@app/event-store';
import { TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { withTestLogging } from '@app/platform/logging/test-support';
import { createQueryHttpApp } from '../src/bootstrap';
import { loadQueryServiceConfig } from '../src/config/query-service.config';
import { QueryServiceModule, type QueryServiceOptions } from '../src/query-service.module';

/** Credential headers: one of the test-support role headers, an `X-Api-Key`, or none. */
export type Credential = Readonly<Record<string, string>>;

/** GET requests to the service, each carrying `credential`. */
export const client = (app: INestApplication, credential: Credential) => ({
  get: (path: string) => request(app.getHttpServer()).get(path).set(credential),
});

export type QueryServiceUnderTest = {
  app: INestApplication;
  db: ChdbTestDatabase;
  /** Requests made with `credential` (one of ANALYST, ADMIN… or `bearer({ … })`). */
  as(credential: Credential): ReturnType<typeof client>;
  close(): Promise<void>;
};

/**
 * The query service over a fresh chDB database holding `events`, projected, and verifying the test
 * tokens (`@app/platform/auth/test-support`), as each report's e2e test runs it.
 */
export async function startQueryService(
  prefix: string,
  events: readonly RecordedEvent[],
  env: Readonly<Record<string, string>> = {},
  /** Wraps the store the service reads (a recording decorator); the service gets it as it is otherwise. */
  decorate: (store: AnalyticsStore) => AnalyticsStore = (store) => store,
  /** More of the module's options (the event store the packs are archived to). */
  options: Pick<QueryServiceOptions, 'archive'> = {},
): Promise<QueryServiceUnderTest> {
  const db = await openChdbTestDatabase(prefix);
  await migrate(db.store, db.database);
  await writeRows(db.store, db.database, projectBatch([...events], ctx).rows);
  const config = loadQueryServiceConfig({
    ...TEST_AUTH_ENV,
    ...env,
    ANALYTICS_DATABASE: db.database,
    LOG_LEVEL: 'silent',
  });
  const app = await createQueryHttpApp(
    withTestLogging(
      'query-service',
      QueryServiceModule.register({ config, analyticsStore: decorate(db.store), ...options }),
    ),
  );
  await app.init();
  return {
    app,
    db,
    as: (credential) => client(app, credential),
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}
