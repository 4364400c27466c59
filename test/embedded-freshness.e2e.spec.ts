import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { type AnalyticsStore, openConfiguredAnalyticsStore } from '@app/analytics';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import request from 'supertest';
import { AGENT, ANALYST, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import {
  chdbTestDataDir,
  releaseChdbTestDataDir,
  uniqueDatabase,
} from '../libs/analytics/src/test-support/chdb-test-database';
import { recordTestCredential, withTestLogging } from '@app/platform/logging/test-support';
import { createHttpApp } from '../apps/command-service/src/bootstrap';
import { loadStandaloneConfig } from '../apps/standalone/src/standalone.config';
import { StandaloneModule } from '../apps/standalone/src/standalone.module';
import { registration } from '../apps/command-service/test/command-service.harness';

/** The embedded default in one process: a complaint registered over HTTP becomes queryable in chDB. */
describe('standalone: command service + store-feed projector + chDB in one process', () => {
  let app: INestApplication;
  let eventStore: EventStore;
  let analytics: AnalyticsStore;
  const dataDir = mkdtempSync(join(tmpdir(), 'standalone-e2e-'));
  const database = uniqueDatabase('standalone');
  let adminKey: string | undefined;

  beforeAll(async () => {
    const { commandConfig, projectorConfig, queryConfig, credentials } = loadStandaloneConfig({
      ...TEST_AUTH_ENV,
      DATA_DIR: dataDir,
      CHDB_DATA_DIR: chdbTestDataDir(),
      ANALYTICS_DATABASE: database,
      PROJECTOR_POLL_INTERVAL_MS: '20',
      LOG_LEVEL: 'silent',
    });
    adminKey = credentials.newAdminKey;
    if (adminKey) recordTestCredential(adminKey);
    eventStore = await openConfiguredEventStore(commandConfig);
    analytics = await openConfiguredAnalyticsStore(projectorConfig);
    app = await createHttpApp(
      withTestLogging(
        'standalone-freshness',
        StandaloneModule.register({
          commandConfig,
          projectorConfig,
          queryConfig,
          eventStore,
          analyticsStore: analytics,
          logging: false,
        }),
      ),
      commandConfig,
    );
    await app.init();
  });
  afterAll(async () => {
    await analytics.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    await app.close(); // closes both shared stores
    await releaseChdbTestDataDir();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('projects a registration and its classification into ClickHouse tables as they are appended', async () => {
    const registered = await request(app.getHttpServer())
      .post('/complaints')
      .set(AGENT)
      .send(registration({ receivedAt: new Date(Date.now() - 60_000).toISOString() }));
    expect(registered.status).toBe(201);
    const id = registered.body.complaintId as string;
    const appendedAt = Date.now();
    await request(app.getHttpServer())
      .post(`/complaints/${id}/classify`)
      .set(AGENT)
      .send({ category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' })
      .expect(200);

    type Row = { status: string; category: string; channel: string; customer_key: string };
    let rows: Row[] = [];
    while (Date.now() - appendedAt < 5_000) {
      rows = await analytics.query<Row>(
        `SELECT status, category, channel, customer_key FROM ${database}.complaints FINAL WHERE complaint_id = {id:String}`,
        { id },
      );
      if (rows[0]?.category === 'item-delayed') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const freshnessMs = Date.now() - appendedAt;
    expect(rows).toEqual([
      {
        status: 'registered',
        category: 'item-delayed',
        channel: 'hotline-11185',
        customer_key: expect.stringMatching(/^[0-9a-f]{16,}$/),
      },
    ]);
    expect(rows[0]!.customer_key).not.toContain('CUST-0001');

    // The same process serves the reports from that chDB, and validates their parameters.
    const pack = await request(app.getHttpServer())
      .get('/reports/weekly-pack')
      .set(ANALYST)
      .query({ week: '2026-W10' });
    expect(pack.status).toBe(200);
    expect(pack.body.definitions.length).toBeGreaterThan(0);
    const badWeek = await request(app.getHttpServer())
      .get('/reports/weekly-pack')
      .set(ANALYST)
      .query({ week: '2026-W99' });
    expect(badWeek.status).toBe(400);
    expect(badWeek.body.errors).toContainEqual(
      expect.objectContaining({ field: 'week', code: 'QUERY.INVALID_WEEK' }),
    );
    const unknown = await request(app.getHttpServer())
      .get('/reports/weekly-pack')
      .set(ANALYST)
      .query({ week: '2026-W10', x: '1' });
    expect(unknown.body.errors).toContainEqual(
      expect.objectContaining({ field: 'x', code: 'QUERY.UNKNOWN_PARAMETER' }),
    );
    const domain = await request(app.getHttpServer()).post(`/complaints/${id}/close`).set(AGENT).send({});
    expect(domain.status).toBe(422);
    expect(domain.body.code).toBe('CLOSE.NO_FINAL_REPLY');
    // Freshness is a benchmark figure (`npm run measure:projection`), not a timed assertion; shown here for reading.
    console.log(`embedded freshness, append → queryable in chDB: ${freshnessMs} ms`);
  });

  it('accepts the first run’s admin key, whose tokens the command and report routes both verify', async () => {
    expect(adminKey).toMatch(/^cak_/);
    const server = app.getHttpServer();
    const issued = await request(server)
      .post('/auth/tokens')
      .set('X-Api-Key', adminKey!)
      .send({ subject: 'Q3001', roles: ['analyst'], ttlSeconds: 600 })
      .expect(201);
    const analyst = { Authorization: `Bearer ${issued.body.token}` };
    expect(
      (await request(server).get('/reports/weekly-pack').set(analyst).query({ week: '2026-W10' })).status,
    ).toBe(200);
    expect((await request(server).get('/taxonomy').set(analyst)).status).toBe(200);
    // An analyst registers nothing; nobody without a credential reads a report.
    expect((await request(server).post('/complaints').set(analyst).send(registration())).status).toBe(403);
    expect((await request(server).get('/reports/weekly-pack').query({ week: '2026-W10' })).status).toBe(401);
  });
});
