import type { Pool } from 'pg';
import { describeLeaderLeaseContract } from '../contract/leader-lease.contract';
import { connectTestPool, dropSchema, freshSchemaName } from '../test-support/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';
import { LEASE_LOCK_CLASS } from './postgres-leader-lease';

describeLeaderLeaseContract('postgres (advisory locks)', async () => {
  // Two pools: two processes' connections to one database and schema.
  const pools: Pool[] = [await connectTestPool({ max: 6 }), await connectTestPool({ max: 6 })];
  const schema = freshSchemaName();
  const stores = [
    await PostgresEventStore.onPool(pools[0], { schema }),
    await PostgresEventStore.onPool(pools[1], { schema }),
  ] as const;
  return {
    providers: stores,
    // What the server does when a holder's process dies or its network goes: the session ends.
    async crash(lease) {
      const { rows } = await pools[1].query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND classid = $1::integer::oid
            AND objid = hashtext($2)::oid AND objsubid = 2`,
        [LEASE_LOCK_CLASS, `${schema}/${lease.name}`],
      );
      expect(rows).toEqual([{ ended: true }]);
    },
    takeoverMs: 2_000,
    async cleanup() {
      await Promise.all(stores.map((store) => store.close()));
      await dropSchema(pools[0], schema);
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
});
