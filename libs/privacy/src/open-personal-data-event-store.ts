import { join } from 'node:path';
import { Pool } from 'pg';
import {
  type EventStoreEnv,
  PgliteEventStore,
  PgliteExecutor,
  PostgresEventStore,
  createEventStore,
  type LockOptions,
  openLockedPglite,
} from '@app/event-store';
import { type PersonalDataConfig, hmacCustomerPseudonym } from './config/personal-data.config';
import { PersonalDataEventStore } from './encryption/personal-data-event-store';
import { PgliteKeyStore } from './keys/pglite/pglite-key-store';
import { PostgresKeyStore } from './keys/postgres/postgres-key-store';

export type PersonalDataStoreEnv = EventStoreEnv & PersonalDataConfig;

/**
 * Opens the configured event store with personal-data encryption on top, and the key store: in a
 * PostgreSQL database of its own when KEY_STORE_DATABASE_URL names one, otherwise beside the events — in
 * the same PGlite database, or in the same PostgreSQL database and schema on the same pool. KurrentDB
 * holds no tables, so with it the keys live in PostgreSQL at DATABASE_URL unless placed apart.
 */
export const openPersonalDataEventStore = async (
  env: PersonalDataStoreEnv,
  lockOptions: LockOptions = {},
): Promise<PersonalDataEventStore> => {
  const customerPseudonym = hmacCustomerPseudonym(env);
  const apart = env.KEY_STORE_DATABASE_URL
    ? await PostgresKeyStore.connect({
        connectionString: env.KEY_STORE_DATABASE_URL,
        schema: env.KEY_STORE_SCHEMA ?? env.DATABASE_SCHEMA,
      })
    : undefined;
  try {
    switch (env.EVENT_STORE) {
      case 'pglite': {
        // One process at a time: a second one is refused here, naming the process that has it open.
        const { db, lock } = await openLockedPglite(join(env.DATA_DIR, 'event-store'), lockOptions);
        const executor = new PgliteExecutor(db, () => lock?.release());
        try {
          const raw = await new PgliteEventStore(executor).start();
          // Beside the events it shares their database; closing the event store closes it.
          const keys = apart ?? (await PgliteKeyStore.onPglite(db));
          return new PersonalDataEventStore(raw, keys, { customerPseudonym });
        } catch (error) {
          await executor.close();
          throw error;
        }
      }
      case 'postgres': {
        const pool = new Pool({ connectionString: env.DATABASE_URL });
        // An idle connection dropped by the server must not kill the process (see PostgresEventStore).
        pool.on('error', () => undefined);
        try {
          const raw = await PostgresEventStore.onPool(pool, { schema: env.DATABASE_SCHEMA });
          const keys = apart ?? (await PostgresKeyStore.onPool(pool, { schema: env.DATABASE_SCHEMA }));
          return new PersonalDataEventStore(raw, keys, { customerPseudonym, onClose: () => pool.end() });
        } catch (error) {
          await pool.end();
          throw error;
        }
      }
      case 'kurrentdb': {
        if (!env.KURRENTDB_URL) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
        const keys =
          apart ??
          (await PostgresKeyStore.connect({
            connectionString: env.DATABASE_URL,
            schema: env.DATABASE_SCHEMA,
          }));
        try {
          const raw = await createEventStore({ kind: 'kurrentdb', connectionString: env.KURRENTDB_URL });
          return new PersonalDataEventStore(raw, keys, { customerPseudonym });
        } catch (error) {
          if (!apart) await keys.close();
          throw error;
        }
      }
    }
  } catch (error) {
    await apart?.close();
    throw error;
  }
};
