import { describeCheckpointStoreContract } from '../contract/checkpoint-store.contract';
import { connectTestPool, dropSchema, freshSchemaName } from '../test-support/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describeCheckpointStoreContract('postgres', async () => {
  const pool = await connectTestPool({ max: 10 });
  const schema = freshSchemaName();
  const store = await PostgresEventStore.onPool(pool, { schema });
  const others: PostgresEventStore[] = [];
  return {
    checkpoints: store.checkpoints(),
    async reopen() {
      const other = await PostgresEventStore.onPool(pool, { schema });
      others.push(other);
      return other.checkpoints();
    },
    async cleanup() {
      await Promise.all([store, ...others].map((s) => s.close()));
      await dropSchema(pool, schema);
      await pool.end();
    },
  };
});
