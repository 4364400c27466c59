import { randomBytes } from 'node:crypto';
import { Pool, type PoolConfig } from 'pg';

/** The required test server; `DATABASE_URL` points the suites elsewhere. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Each run gets its own schema, so runs never see each other's streams or positions. */
export function freshSchemaName(): string {
  return `es_test_${randomBytes(6).toString('hex')}`;
}

/** A pool on the test server that fails loudly (with the host, never the password) when it is down. */
export async function connectTestPool(config: Omit<PoolConfig, 'connectionString'> = {}): Promise<Pool> {
  const pool = new Pool({ connectionTimeoutMillis: 5_000, ...config, connectionString: TEST_DATABASE_URL });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    const host = new URL(TEST_DATABASE_URL).host;
    throw new Error(`PostgreSQL at ${host} is required for this suite and is unreachable: ${String(error)}`);
  }
  return pool;
}

export async function dropSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * Every event row in a schema, committed or not yet visible to readers. Tests that assert "nothing was
 * appended" compare this count: the store's head position is the gap-free one, bounded by the oldest
 * transaction open anywhere on the server, so another suite's open transaction can hold it back.
 */
export async function eventRowCount(pool: Pool, schema: string): Promise<number> {
  return Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".events`)).rows[0].n);
}
