import { join } from 'node:path';
import { z } from 'zod';
import { type CheckpointProvider } from './checkpoint-store.port';
import { createEventStore } from './create-event-store.factory';
import { type EventStore } from './event-store.port';
import { type LeaseProvider } from './leader-lease.port';

export const EVENT_STORE_KINDS = ['pglite', 'postgres', 'kurrentdb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

/** The environment variables that choose and reach the event store; every service spreads these in. */
export const eventStoreConfigShape = (defaultKind: EventStoreKind) => ({
  EVENT_STORE: z.enum(EVENT_STORE_KINDS).default(defaultKind),
  /** Embedded data; PGlite keeps the store under DATA_DIR/event-store. */
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  KURRENTDB_URL: z.string().optional(),
});

export type EventStoreEnv = {
  EVENT_STORE: EventStoreKind;
  DATA_DIR: string;
  DATABASE_URL: string;
  DATABASE_SCHEMA: string;
  KURRENTDB_URL?: string;
};

/** Opens the store the environment names. */
export const openConfiguredEventStore = async (
  env: EventStoreEnv,
): Promise<EventStore & CheckpointProvider & LeaseProvider> => {
  switch (env.EVENT_STORE) {
    case 'pglite':
      // Created if missing; refused while another process has it open (DirectoryLockedError).
      return createEventStore({ kind: 'pglite', dataDir: join(env.DATA_DIR, 'event-store') });
    case 'postgres':
      return createEventStore({
        kind: 'postgres',
        connectionString: env.DATABASE_URL,
        schema: env.DATABASE_SCHEMA,
      });
    case 'kurrentdb':
      if (!env.KURRENTDB_URL) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
      return createEventStore({ kind: 'kurrentdb', connectionString: env.KURRENTDB_URL });
  }
};

/** The host (or `a local socket`) and database of a PostgreSQL URL: never its user, password or options. */
const postgresTarget = (url: string): string => {
  try {
    const { host, pathname } = new URL(url);
    const database = decodeURIComponent(pathname.replace(/^\//, ''));
    return `${host || 'a local socket'}${database ? `/${database}` : ''}`;
  } catch {
    return 'the DATABASE_URL given';
  }
};

/** The hosts of a KurrentDB connection string, without its credentials or options. */
const kurrentDbTarget = (url: string): string =>
  /^[a-z+]+:\/\/(?:[^@/?]*@)?([^/?]+)/i.exec(url)?.[1] ?? 'the KURRENTDB_URL given';

/**
 * The event store the environment names, for start-up logs: which engine and where, never a credential
 * (`PGlite in .data/event-store`, `PostgreSQL at 127.0.0.1:5432/postgres, schema public`).
 */
export const describeEventStore = (env: EventStoreEnv): string => {
  switch (env.EVENT_STORE) {
    case 'pglite':
      return `PGlite in ${join(env.DATA_DIR, 'event-store')}`;
    case 'postgres':
      return `PostgreSQL at ${postgresTarget(env.DATABASE_URL)}, schema ${env.DATABASE_SCHEMA}`;
    case 'kurrentdb':
      return `KurrentDB at ${kurrentDbTarget(env.KURRENTDB_URL ?? '')}`;
  }
};
