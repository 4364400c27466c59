import type { Pool, PoolClient, QueryConfig } from 'pg';
import { type LeaderLease, LeaseLostError, type LeaseProvider, assertLeaseName } from '../leader-lease.port';

/** Namespaces the leases' advisory locks ('LEAD'), apart from the store's own locks ('EVST', 'EVSU'). */
export const LEASE_LOCK_CLASS = 0x4c454144;

/** A confirmation that takes longer than this counts as lost: the holder must not publish on a guess. */
const CONFIRM_TIMEOUT_MS = 2_000;

/**
 * The session's side of a dead peer: the server probes an idle holder after 5 s and ends its session
 * (releasing the lock) once 3 probes 2 s apart go unanswered, instead of the operating system's hours.
 */
const SESSION_SETTINGS =
  'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3';

const lockArgs = (schema: string, name: string) => [LEASE_LOCK_CLASS, `${schema}/${name}`];

/**
 * A lease as a session-level advisory lock, held on a connection of its own for as long as it is held.
 * The server releases it when that session ends: at once when the holder's process dies (its socket is
 * closed by the kernel), after the keep-alive probes when its host or network goes away. The holder
 * confirms by asking the server whether its session still holds the lock.
 */
export class PostgresLeaderLease implements LeaderLease {
  private client?: PoolClient;
  private lost?: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    readonly name: string,
  ) {
    assertLeaseName(name);
  }

  async tryAcquire(): Promise<boolean> {
    if (this.client) {
      await this.confirm();
      return true;
    }
    const client = await this.pool.connect();
    try {
      const rows = await client.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired',
        lockArgs(this.schema, this.name),
      );
      if (rows.rows[0]?.acquired !== true) {
        // Nothing taken: the connection goes back to the pool as it came.
        client.release();
        return false;
      }
      await client.query(SESSION_SETTINGS);
    } catch (error) {
      // It may hold the lock by now: closing the session is the one sure way to let it go.
      client.release(true);
      throw error;
    }
    this.lost = undefined;
    // A checked-out client's connection error has no other listener; unheard it would end the process.
    client.on('error', (error) => {
      this.lost = `its connection failed (${error.message})`;
    });
    this.client = client;
    return true;
  }

  async confirm(): Promise<void> {
    const client = this.client;
    if (!client) throw new LeaseLostError(this.name, this.lost ?? 'it was never taken or was released');
    if (this.lost) throw this.drop(this.lost);
    let held: boolean;
    try {
      // node-postgres reads a per-query `query_timeout` (its types only know the client-wide one).
      const query: QueryConfig & { query_timeout: number } = {
        text: `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                 AND pid = pg_backend_pid() AND classid = $1::integer::oid
                 AND objid = hashtext($2)::oid AND objsubid = 2) AS held`,
        values: lockArgs(this.schema, this.name),
        query_timeout: CONFIRM_TIMEOUT_MS,
      };
      const result = await client.query<{ held: boolean }>(query);
      held = result.rows[0]?.held === true;
    } catch (error) {
      throw this.drop(`confirming it failed (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!held) throw this.drop('its session no longer holds the lock');
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // Unlocked at once, so that a standby's next try wins; the session then ends, which would release
    // the lock by itself too, only a moment later (when the server has seen the connection close).
    await client
      .query('SELECT pg_advisory_unlock($1, hashtext($2))', lockArgs(this.schema, this.name))
      .catch(() => undefined);
    client.release(true);
  }

  /** Forgets the session (closing it, so that the lock surely goes with it) and says why. */
  private drop(why: string): LeaseLostError {
    this.lost = why;
    const client = this.client;
    this.client = undefined;
    client?.release(true);
    return new LeaseLostError(this.name, why);
  }
}

/** Leases of one store schema: the lock's key is the schema and the name. */
export class PostgresLeaseProvider implements LeaseProvider {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  lease(name: string): LeaderLease {
    return new PostgresLeaderLease(this.pool, this.schema, name);
  }
}
