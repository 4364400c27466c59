import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { migrate } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { type EventStore } from '@app/event-store';
import { hashApiKey } from '@app/platform';
import { TEST_AUTH_ENV, TEST_JWT_SECRET, bearer, testApiKey } from '@app/platform/auth/test-support';
import { CapturedLog, withTestLogging } from '@app/platform/logging/test-support';
import { createHttpApp } from '../../apps/command-service/src/bootstrap';
import { CommandServiceModule } from '../../apps/command-service/src/command-service.module';
import { loadCommandServiceConfig } from '../../apps/command-service/src/config/command-service.config';
import { EVENT_STORE } from '../../apps/command-service/src/store/event-store.provider';
import { createQueryHttpApp } from '../../apps/query-service/src/bootstrap';
import { loadQueryServiceConfig } from '../../apps/query-service/src/config/query-service.config';
import { QueryServiceModule } from '../../apps/query-service/src/query-service.module';

/**
 * Security class 1, credentials in logs: a request that ends in a 5xx is logged by its method, route,
 * status, request id and error, and never with its headers, so neither a bearer token nor an API key
 * reaches the log. Every request carries a request id, echoed in `X-Request-Id` and in error bodies.
 */
describe('security class 1: no credential in any log line', () => {
  const adminKey = testApiKey();
  const token = bearer({ roles: ['analyst', 'agent'], subject: 'Q3001' });
  const secrets = [adminKey, token.Authorization.slice('Bearer '.length), TEST_JWT_SECRET];
  const apiKeys = JSON.stringify([{ id: 'ops-admin', sha256: hashApiKey(adminKey), roles: ['admin'] }]);

  const assertNoSecret = (log: CapturedLog) => {
    const text = log.lines.join('');
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization|x-api-key/i);
  };

  describe('command service, event store gone (500)', () => {
    const log = new CapturedLog('security-class-1-command');
    let app: INestApplication;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'class1-'));
      const config = loadCommandServiceConfig({
        EVENT_STORE: 'pglite',
        DATA_DIR: dataDir,
        ...TEST_AUTH_ENV,
        AUTH_API_KEYS: apiKeys,
      });
      app = await createHttpApp(
        withTestLogging('security-class-1-command', CommandServiceModule.register({ config }), log),
        config,
      );
      await app.init();
      // The store closes under the running service: every read now fails inside the handler.
      await app.get<EventStore>(EVENT_STORE).close();
    });
    afterAll(async () => {
      await app.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it.each([
      ['a bearer token', token],
      ['an admin API key', { 'X-Api-Key': adminKey }],
    ])('logs the failure with %s by route, status and request id only', async (_what, credential) => {
      const id = '3f1c2b9e-8a4d-4c6b-9e2f-0a1b2c3d4e5f';
      const failing = await request(app.getHttpServer()).get(`/complaints/${id}`).set(credential);
      expect(failing.status).toBe(500);
      const requestId = failing.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(failing.body).toMatchObject({ statusCode: 500, code: 'INTERNAL', requestId });

      const entry = log.entries().find((e) => e.requestId === requestId && e.level === 50);
      expect(entry).toMatchObject({ method: 'GET', status: 500, msg: 'request failed' });
      expect(entry!.route).toBe('/complaints/:id');
      expect(entry!.err).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      expect(entry).not.toHaveProperty('req');
      assertNoSecret(log);
    });

    it('keeps a caller’s plain X-Request-Id and replaces anything else', async () => {
      const kept = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'gateway-42');
      expect(kept.headers['x-request-id']).toBe('gateway-42');
      const replaced = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'a b <script>');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('query service', () => {
    const log = new CapturedLog('security-class-1-query');
    let db: ChdbTestDatabase;
    let app: INestApplication;

    beforeAll(async () => {
      db = await openChdbTestDatabase('security_class_1');
      await migrate(db.store, db.database);
      const config = loadQueryServiceConfig({
        ...TEST_AUTH_ENV,
        AUTH_API_KEYS: apiKeys,
        ANALYTICS_DATABASE: db.database,
      });
      app = await createQueryHttpApp(
        withTestLogging(
          'security-class-1-query',
          QueryServiceModule.register({ config, analyticsStore: db.store }),
          log,
        ),
      );
      await app.init();
    });
    afterAll(async () => {
      await app.close();
      await db.cleanup();
    });

    it.each(['0000-W01', '1969-W52', '2200-W01', '9999-W52'])(
      'answers a week outside the calendar (%s) with 400 QUERY.INVALID_WEEK, not a 5xx',
      async (week) => {
        const res = await request(app.getHttpServer()).get('/reports/weekly-pack').query({ week }).set(token);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([
          expect.objectContaining({ field: 'week', code: 'QUERY.INVALID_WEEK' }),
        ]);
        expect(res.body.requestId).toBe(res.headers['x-request-id']);
      },
    );

    it.each(['0000-01-01', '1969-12-31', '2200-01-01'])(
      'answers a trend date outside the calendar (%s) with a 400 QUERY code',
      async (from) => {
        const res = await request(app.getHttpServer())
          .get('/reports/trends')
          .query({ dimension: 'causeCode', granularity: 'week', from, to: '2026-03-01' })
          .set({ 'X-Api-Key': adminKey });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].code).toMatch(/^QUERY\./);
      },
    );

    it('logs an analytics outage (5xx) without the caller’s credentials', async () => {
      await db.store.command(`DROP DATABASE ${db.database} SYNC`);
      for (const credential of [token, { 'X-Api-Key': adminKey }]) {
        const res = await request(app.getHttpServer())
          .get('/reports/weekly-pack')
          .query({ week: '2026-W10' })
          .set(credential);
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(res.body.requestId).toBe(res.headers['x-request-id']);
        expect(log.entries().some((e) => e.requestId === res.body.requestId && e.level === 50)).toBe(true);
      }
      assertNoSecret(log);
    });
  });
});
