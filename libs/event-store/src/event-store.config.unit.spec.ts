import { join } from 'node:path';
import { type EventStoreEnv, describeEventStore } from './event-store.config';

const env = (overrides: Partial<EventStoreEnv>): EventStoreEnv => ({
  EVENT_STORE: 'pglite',
  DATA_DIR: '.data',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_SCHEMA: 'public',
  ...overrides,
});

describe('describeEventStore: the configured store, for the start-up log', () => {
  it('PGlite: its directory under DATA_DIR', () =>
    expect(describeEventStore(env({ DATA_DIR: '/srv/complaints' }))).toBe(
      `PGlite in ${join('/srv/complaints', 'event-store')}`,
    ));

  it('PostgreSQL: host, database and schema, never the user or the password', () => {
    const described = describeEventStore(
      env({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://app:s3cret-pw@db.internal:6432/complaints?sslmode=require&password=x2',
        DATABASE_SCHEMA: 'events',
      }),
    );
    expect(described).toBe('PostgreSQL at db.internal:6432/complaints, schema events');
    expect(described).not.toMatch(/s3cret|x2|app/);
  });

  it('PostgreSQL over a local socket, and a URL it cannot read', () => {
    expect(describeEventStore(env({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres:///complaints' }))).toBe(
      'PostgreSQL at a local socket/complaints, schema public',
    );
    expect(describeEventStore(env({ EVENT_STORE: 'postgres', DATABASE_URL: 'not a url' }))).toBe(
      'PostgreSQL at the DATABASE_URL given, schema public',
    );
  });

  it('KurrentDB: its hosts, never the credentials or options', () => {
    const described = describeEventStore(
      env({
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_URL: 'kurrentdb://admin:changeit@es1:2113,es2:2113?tls=false',
      }),
    );
    expect(described).toBe('KurrentDB at es1:2113,es2:2113');
    expect(described).not.toMatch(/changeit|admin/);
  });
});
