import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { eventsWithPersonalData } from '../../test-support/events-with-personal-data';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../../event-store/src/test-support/postgres-test-database';
import { describeKeyStoreContract } from '../../contract/key-store.contract';
import { type PersonalDataEventStore } from '../../encryption/personal-data-event-store';
import { openPersonalDataEventStore } from '../../open-personal-data-event-store';
import { TEST_CUSTOMER_SECRET, toAppend } from '../../test-support/pglite-personal-data-store';
import { keyStoreNames } from '../key-store.sql';
import { PostgresKeyStore } from './postgres-key-store';

/** A database of its own on the test server, as an operator would give the keys (dropped afterwards). */
const createDatabase = async (admin: Pool): Promise<{ name: string; url: string }> => {
  const name = `keys_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
};

/** The configuration of a command service whose events and keys live in two databases. */
const apartEnv = (eventsSchema: string, keysUrl: string, keysSchema: string, dataDir: string) => ({
  EVENT_STORE: 'postgres' as const,
  DATA_DIR: dataDir,
  DATABASE_URL: TEST_DATABASE_URL,
  DATABASE_SCHEMA: eventsSchema,
  KEY_STORE_DATABASE_URL: keysUrl,
  KEY_STORE_SCHEMA: keysSchema,
  CUSTOMER_KEY_SECRET: TEST_CUSTOMER_SECRET,
  PII_RETENTION_DAYS: 365,
  PII_SWEEP_INTERVAL_MS: 0,
  PII_SWEEP_BATCH_SIZE: 500,
});

describe('security class 8: security headers and private files (the key table apart from the ciphertext)', () => {
  let admin: Pool;
  let database: { name: string; url: string };
  let keysPool: Pool;
  const dataDir = mkdtempSync(join(tmpdir(), 'keys-apart-'));
  const eventsSchema = freshSchemaName();
  const keysSchema = freshSchemaName();

  beforeAll(async () => {
    admin = await connectTestPool();
    database = await createDatabase(admin);
    keysPool = new Pool({ connectionString: database.url });
    keysPool.on('error', () => undefined);
  });

  afterAll(async () => {
    await keysPool?.end();
    if (database) await admin.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
    await dropSchema(admin, eventsSchema);
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The key store a service opens with KEY_STORE_DATABASE_URL behaves as every key store does.
  describeKeyStoreContract('postgres, a database of its own (KEY_STORE_DATABASE_URL)', async () => {
    const store = await openPersonalDataEventStore(apartEnv(eventsSchema, database.url, keysSchema, dataDir));
    const others: PostgresKeyStore[] = [];
    return {
      keys: store.keys,
      keyTable: keyStoreNames(keysSchema).keys,
      inspect: { query: async (sql, params) => (await keysPool.query(sql, params as unknown[])).rows },
      async reopen() {
        const other = await PostgresKeyStore.connect({ connectionString: database.url, schema: keysSchema });
        others.push(other);
        return other;
      },
      async cleanup() {
        await Promise.all(others.map((other) => other.close()));
        await store.close();
      },
    };
  });

  describe('appending through it', () => {
    let store: PersonalDataEventStore;
    beforeAll(async () => {
      store = await openPersonalDataEventStore(apartEnv(eventsSchema, database.url, keysSchema, dataDir));
    });
    afterAll(() => store?.close());

    it('keeps the ciphertext in the events’ database and its key only in the other one', async () => {
      const streamId = `complaint-${randomBytes(8).toString('hex')}`;
      const marker = `APART-${randomBytes(4).toString('hex')}`;
      const [registered] = eventsWithPersonalData(marker);
      await store.append(streamId, toAppend([registered!]), 'no-stream');

      const inEvents = async (table: string) =>
        (await admin.query(`SELECT to_regclass($1) AS t`, [`"${eventsSchema}".${table}`])).rows[0].t;
      expect(await inEvents('personal_data_keys')).toBeNull();
      const stored = await admin.query(`SELECT data::text AS data FROM "${eventsSchema}".events`);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0].data).toMatch(/pii\.1\./);
      expect(stored.rows[0].data).not.toContain(marker);

      const keys = await keysPool.query(
        `SELECT stream_id FROM ${keyStoreNames(keysSchema).keys} WHERE stream_id = $1`,
        [streamId],
      );
      expect(keys.rows).toEqual([{ stream_id: streamId }]);
      const [read] = await store.readStream(streamId);
      expect(read?.data).toMatchObject(registered!.data);
    });
  });
});
