import { randomBytes, randomUUID } from 'node:crypto';
import { type SqlExecutor } from '@app/event-store';
import { KEY_BYTES } from '../encryption/field-cipher';
import {
  type DataKey,
  type ErasureReason,
  type ErasureRecord,
  type KeyLookup,
  type KeyStore,
} from './key-store.port';
import {
  type KeyStoreNames,
  closedBeforeSql,
  compactSql,
  deleteKeysSql,
  erasuresOfSql,
  insertStreamKeySql,
  insertStreamKeysSql,
  keyStoreNames,
  keyStoreSchema,
  overwriteKeysSql,
  recordClosedManySql,
  recordClosedSql,
  selectErasedIdsSql,
  selectKeysSql,
  selectStreamKeySql,
  selectStreamKeysSql,
  setupLockSql,
  streamsOfCustomerSql,
} from './key-store.sql';

type KeyRow = { key_id: string; stream_id: string; key_material: Uint8Array };
type ErasureRow = { key_id: string; stream_id: string; reason: ErasureReason; erased_at: Date | string };

const toKey = (row: KeyRow): DataKey => ({
  keyId: row.key_id,
  streamId: row.stream_id,
  material: Buffer.from(row.key_material),
});

const toErasure = (row: ErasureRow): ErasureRecord => ({
  keyId: row.key_id,
  streamId: row.stream_id,
  reason: row.reason,
  erasedAt: new Date(row.erased_at),
});

export type SqlKeyStoreOptions = {
  /** The event store's schema: the keys live beside the events. */
  schema?: string;
  /** False when the executor belongs to someone else (the event store sharing its PGlite): `close()` leaves it open. */
  ownsExecutor?: boolean;
};

/** The key store over any PostgreSQL-speaking executor; the adapters differ only in how they connect. */
export class SqlKeyStore implements KeyStore {
  private readonly names: KeyStoreNames;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly options: SqlKeyStoreOptions = {},
  ) {
    this.names = keyStoreNames(options.schema);
  }

  /** Creates the tables if missing; safe when several processes open the store at once. */
  async start(): Promise<this> {
    await this.executor.transaction(async (tx) => {
      await tx.query(setupLockSql, [this.names.schema]);
      for (const statement of keyStoreSchema(this.names)) await tx.query(statement);
    });
    return this;
  }

  async keyForStream(streamId: string, customerPseudonym?: string): Promise<DataKey> {
    // A registration (it brings the pseudonym) usually starts its stream: try the insert first then.
    if (customerPseudonym === undefined) {
      const existing = await this.executor.query<KeyRow>(selectStreamKeySql(this.names), [streamId]);
      if (existing[0]) return toKey(existing[0]);
    }
    const inserted = await this.executor.query<KeyRow>(insertStreamKeySql(this.names), [
      randomUUID(),
      streamId,
      randomBytes(KEY_BYTES),
      customerPseudonym ?? null,
    ]);
    if (inserted[0]) return toKey(inserted[0]);
    // The stream has a key already, or another writer made it a moment ago (committed by now).
    const raced = await this.executor.query<KeyRow>(selectStreamKeySql(this.names), [streamId]);
    if (!raced[0]) throw new Error(`No data key for stream ${streamId} after a concurrent insert`);
    return toKey(raced[0]);
  }

  async keysForStreams(
    requests: readonly { streamId: string; customerPseudonym?: string }[],
  ): Promise<Map<string, DataKey>> {
    const keys = new Map<string, DataKey>();
    if (requests.length === 0) return keys;
    const inserted = await this.executor.query<KeyRow>(insertStreamKeysSql(this.names), [
      requests.map(() => randomUUID()),
      requests.map((request) => request.streamId),
      requests.map(() => randomBytes(KEY_BYTES).toString('hex')),
      requests.map((request) => request.customerPseudonym ?? null),
    ]);
    for (const row of inserted) keys.set(row.stream_id, toKey(row));
    // Streams that had a key already, or whose key another writer made a moment ago (committed by now).
    const missing = requests.map((request) => request.streamId).filter((id) => !keys.has(id));
    if (missing.length > 0) {
      const existing = await this.executor.query<KeyRow>(selectStreamKeysSql(this.names), [missing]);
      for (const row of existing) keys.set(row.stream_id, toKey(row));
    }
    for (const { streamId } of requests)
      if (!keys.has(streamId))
        throw new Error(`No data key for stream ${streamId} after a concurrent insert`);
    return keys;
  }

  async keysById(keyIds: readonly string[]): Promise<KeyLookup> {
    const ids = [...new Set(keyIds)];
    if (ids.length === 0) return { keys: new Map(), erased: new Set() };
    const rows = await this.executor.query<KeyRow>(selectKeysSql(this.names), [ids]);
    const keys = new Map(rows.map((row) => [row.key_id, toKey(row)]));
    const missing = ids.filter((id) => !keys.has(id));
    if (missing.length === 0) return { keys, erased: new Set() };
    const erased = await this.executor.query<{ key_id: string }>(selectErasedIdsSql(this.names), [missing]);
    return { keys, erased: new Set(erased.map((row) => row.key_id)) };
  }

  async recordClosed(streamId: string, closedAt: string | null): Promise<void> {
    await this.executor.query(recordClosedSql(this.names), [streamId, closedAt]);
  }

  async recordClosedMany(marks: readonly { streamId: string; closedAt: string | null }[]): Promise<void> {
    if (marks.length === 0) return;
    await this.executor.query(recordClosedManySql(this.names), [
      marks.map((mark) => mark.streamId),
      marks.map((mark) => mark.closedAt),
    ]);
  }

  async closedBefore(cutoff: string, limit: number): Promise<string[]> {
    const rows = await this.executor.query<{ stream_id: string }>(closedBeforeSql(this.names), [
      cutoff,
      limit,
    ]);
    return rows.map((row) => row.stream_id);
  }

  async streamsOfCustomer(customerPseudonym: string): Promise<string[]> {
    const rows = await this.executor.query<{ stream_id: string }>(streamsOfCustomerSql(this.names), [
      customerPseudonym,
    ]);
    return rows.map((row) => row.stream_id);
  }

  async erase(streamIds: readonly string[], reason: ErasureReason): Promise<ErasureRecord[]> {
    if (streamIds.length === 0) return [];
    const rows = await this.executor.transaction(async (tx) => {
      await tx.query(overwriteKeysSql(this.names), [streamIds]);
      return tx.query<ErasureRow>(deleteKeysSql(this.names), [streamIds, reason]);
    });
    return rows.map(toErasure);
  }

  async compact(): Promise<void> {
    await this.executor.query(compactSql(this.names));
  }

  async erasuresOf(streamId: string): Promise<ErasureRecord[]> {
    const rows = await this.executor.query<ErasureRow>(erasuresOfSql(this.names), [streamId]);
    return rows.map(toErasure);
  }

  async close(): Promise<void> {
    if (this.options.ownsExecutor ?? true) await this.executor.close();
  }
}
