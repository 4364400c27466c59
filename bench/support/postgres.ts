import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** The PostgreSQL server the bench runs on: DATABASE_URL, or the local test database. */
export const benchDatabaseUrl = (): string =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const benchPool = (max = 4): Pool =>
  new Pool({ connectionString: benchDatabaseUrl(), connectionTimeoutMillis: 5_000, max });

/** A schema name no other run uses; the measurement drops it when done. */
export const freshSchemaName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export const dropSchema = async (pool: Pool, schema: string): Promise<void> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a schema name: ${schema}`);
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
