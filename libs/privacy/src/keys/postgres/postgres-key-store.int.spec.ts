import {
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../../event-store/src/test-support/postgres-test-database';
import { describeKeyStoreContract } from '../../contract/key-store.contract';
import { keyStoreNames } from '../key-store.sql';
import { PostgresKeyStore } from './postgres-key-store';

describeKeyStoreContract('postgres', async () => {
  const pool = await connectTestPool({ max: 10 });
  const schema = freshSchemaName();
  const keys = await PostgresKeyStore.onPool(pool, { schema });
  const others: PostgresKeyStore[] = [];
  return {
    keys,
    keyTable: keyStoreNames(schema).keys,
    inspect: { query: async (sql, params) => (await pool.query(sql, params as unknown[] | undefined)).rows },
    async reopen() {
      const other = await PostgresKeyStore.onPool(pool, { schema });
      others.push(other);
      return other;
    },
    async cleanup() {
      await Promise.all([keys, ...others].map((store) => store.close()));
      await dropSchema(pool, schema);
      await pool.end();
    },
  };
});
