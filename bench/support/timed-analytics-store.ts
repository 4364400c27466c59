import type { AnalyticsStore, InsertRow } from '@app/analytics';

/**
 * An analytics store that notes when each `complaint_events` row's insert returned, per event id. From
 * that moment every query sees the row, so it is when an event became fresh in the read model, without
 * polling ClickHouse (which would compete with the projector for the same engine).
 */
export class TimedAnalyticsStore implements AnalyticsStore {
  private readonly visibleAt = new Map<string, bigint>();
  private readonly waiters = new Map<string, (at: bigint) => void>();

  constructor(private readonly inner: AnalyticsStore) {}

  command: AnalyticsStore['command'] = (sql, params) => this.inner.command(sql, params);
  query: AnalyticsStore['query'] = (sql, params) => this.inner.query(sql, params);
  ping = () => this.inner.ping();
  close = () => this.inner.close();

  async insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    await this.inner.insert(table, rows);
    const now = process.hrtime.bigint();
    if (!table.endsWith('.complaint_events')) return;
    for (const row of rows) {
      const eventId = String(row.event_id);
      this.visibleAt.set(eventId, now);
      this.waiters.get(eventId)?.(now);
      this.waiters.delete(eventId);
    }
  }

  /** Resolves with the `process.hrtime.bigint()` at which the event's row was inserted. */
  visible(eventId: string, timeoutMs: number): Promise<bigint> {
    const at = this.visibleAt.get(eventId);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(eventId);
        reject(new Error(`event ${eventId} was not projected within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(eventId, (inserted) => {
        clearTimeout(timer);
        resolve(inserted);
      });
    });
  }
}
