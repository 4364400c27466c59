import { describeEventStoreContract } from '../contract/event-store.contract';
import { connectTestPool, dropSchema, freshSchemaName } from '../test-support/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('postgres', async () => {
  const pool = await connectTestPool({ max: 10 });
  const schema = freshSchemaName();
  const store = await PostgresEventStore.onPool(pool, { schema });
  return {
    store,
    async cleanup() {
      await store.close();
      await dropSchema(pool, schema);
      await pool.end();
    },
  };
});
