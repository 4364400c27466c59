import { join } from 'node:path';
import { runningMessage } from './running-message';

const URL = 'http://127.0.0.1:3000';
const store = {
  DATA_DIR: '.data',
  DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/complaints',
  DATABASE_SCHEMA: 'public',
};
const chdb = { ANALYTICS_STORE: 'chdb' as const, CHDB_DATA_DIR: '.data/chdb' };

describe('the standalone start-up line', () => {
  it('names PGlite when it is the store', () =>
    expect(runningMessage(URL, { ...store, EVENT_STORE: 'pglite' }, chdb)).toContain(
      `event store: PGlite in ${join('.data', 'event-store')}; analytics: chDB in .data/chdb`,
    ));

  it('names PostgreSQL with EVENT_STORE=postgres, and not PGlite nor the password', () => {
    const line = runningMessage(URL, { ...store, EVENT_STORE: 'postgres' }, chdb);
    expect(line).toContain('event store: PostgreSQL at db.internal:5432/complaints, schema public;');
    expect(line).not.toMatch(/PGlite|s3cret/);
  });

  it('names KurrentDB with EVENT_STORE=kurrentdb', () =>
    expect(
      runningMessage(
        URL,
        { ...store, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es1:2113?tls=false' },
        chdb,
      ),
    ).toContain('event store: KurrentDB at es1:2113;'));
});
