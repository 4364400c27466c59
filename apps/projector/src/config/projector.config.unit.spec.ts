import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectorConfig, localSecretFile } from './projector.config';

describe('projector configuration', () => {
  it('defaults to the Kafka feed into chDB under .data, on port 3002', () => {
    expect(loadProjectorConfig({ CUSTOMER_KEY_SECRET: 's'.repeat(16) })).toMatchObject({
      PORT: 3002,
      PROJECTOR_FEED: 'kafka',
      ANALYTICS_STORE: 'chdb',
      CHDB_DATA_DIR: join('.data', 'chdb'),
      ANALYTICS_DATABASE: 'complaints',
      EVENT_STORE: 'postgres',
      KAFKA_EVENTS_TOPIC: 'complaints.events.v1',
      PROJECTOR_GROUP_ID: 'projector',
      usesDevCustomerKeySecret: false,
    });
  });

  it('outside production, stands in a secret made once for the data directory, and says so', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'projector-config-'));
    try {
      const first = loadProjectorConfig({ DATA_DIR: dataDir });
      expect(first).toMatchObject({ usesDevCustomerKeySecret: true, CHDB_DATA_DIR: join(dataDir, 'chdb') });
      expect(first.CUSTOMER_KEY_SECRET.length).toBeGreaterThanOrEqual(40);
      expect(readFileSync(localSecretFile(dataDir), 'utf8')).toBe(first.CUSTOMER_KEY_SECRET);
      expect(loadProjectorConfig({ DATA_DIR: dataDir }).CUSTOMER_KEY_SECRET).toBe(first.CUSTOMER_KEY_SECRET);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('requires a customer-key secret of 16 characters or more, and one at all in production', () => {
    expect(() => loadProjectorConfig({ CUSTOMER_KEY_SECRET: 'short' })).toThrow(
      /CUSTOMER_KEY_SECRET: must be at least 16 characters long/,
    );
    expect(() => loadProjectorConfig({ NODE_ENV: 'production' })).toThrow(
      /CUSTOMER_KEY_SECRET: is required in production/,
    );
  });

  it('needs CLICKHOUSE_URL for the ClickHouse server, and refuses a database name that is not an identifier', () => {
    expect(() => loadProjectorConfig({ ANALYTICS_STORE: 'clickhouse' })).toThrow(
      /CLICKHOUSE_URL: is required/,
    );
    expect(
      loadProjectorConfig({
        ANALYTICS_STORE: 'clickhouse',
        CLICKHOUSE_URL: 'http://127.0.0.1:8123',
        CUSTOMER_KEY_SECRET: 's'.repeat(16),
      }),
    ).toMatchObject({
      ANALYTICS_STORE: 'clickhouse',
    });
    expect(() => loadProjectorConfig({ ANALYTICS_DATABASE: 'a-b; DROP' })).toThrow(/ANALYTICS_DATABASE/);
    expect(() => loadProjectorConfig({ PROJECTOR_FEED: 'file' })).toThrow(/PROJECTOR_FEED/);
  });
});
