import { Pool, type PoolConfig } from 'pg';
import type { LeaderLease, LeaseProvider } from '../leader-lease.port';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import type { SqlExecutor } from '../sql/sql-executor';
import { PgPoolExecutor } from './pg-pool.executor';
import { PostgresLeaderLease } from './postgres-leader-lease';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  connectionString: string;
  /** Extra pool settings (size, timeouts); the connection string wins over any given here. */
  pool?: Omit<PoolConfig, 'connectionString'>;
}

/** Groups of appends in flight at once by default (see `groupCommit`), of the pool's 10 connections. */
export const POSTGRES_GROUPS_IN_FLIGHT = 4;

/** The event store on a PostgreSQL server through a `pg` pool; leases are advisory locks on it. */
export class PostgresEventStore extends SqlEventStore implements LeaseProvider {
  private readonly leases = new Set<LeaderLease>();

  constructor(
    executor: SqlExecutor,
    private readonly storeOptions: SqlEventStoreOptions = {},
    /** The pool the leases take their connections from; a store made without one has no leases. */
    private readonly pool?: Pool,
  ) {
    // Several groups of appends in flight at once: the pool's other connections serve the reads.
    super(executor, { groupCommit: { maxInFlight: POSTGRES_GROUPS_IN_FLIGHT }, ...storeOptions });
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ ...options.pool, connectionString: options.connectionString });
    // An idle connection dropped by the server emits 'error' on the pool; unhandled it would kill the
    // process, while the next query simply gets a fresh connection.
    pool.on('error', () => undefined);
    try {
      return await new PostgresEventStore(new PgPoolExecutor(pool), options, pool).start();
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** On a pool the caller owns: `close()` then leaves the pool open. */
  static async onPool(pool: Pool, options: SqlEventStoreOptions = {}): Promise<PostgresEventStore> {
    return new PostgresEventStore(new PgPoolExecutor(pool, false), options, pool).start();
  }

  /** Each lease holds a connection of the pool while it is held. */
  lease(name: string): LeaderLease {
    if (!this.pool) throw new Error('This PostgreSQL event store was made without a pool: it has no leases');
    const lease = new PostgresLeaderLease(this.pool, this.storeOptions.schema ?? 'public', name);
    this.leases.add(lease);
    return lease;
  }

  /** Leases still held are released first: their connections would keep the pool from ending. */
  override async close(): Promise<void> {
    await Promise.all([...this.leases].map((lease) => lease.release()));
    this.leases.clear();
    await super.close();
  }
}
