/**
 * The data keys of personal data: one per complaint stream, kept beside the events (same database) or
 * in a database of their own (KEY_STORE_DATABASE_URL), never in the log. Erasing a key erases every
 * field encrypted with it, in the store, on Kafka and in any copy of the log, while the events themselves
 * stay. Every adapter passes `key-store.contract.ts`.
 */
export type DataKey = {
  keyId: string;
  streamId: string;
  /** 32 bytes of AES-256 key. */
  material: Buffer;
};

export type ErasureReason = 'retention' | 'request';

export type ErasureRecord = {
  keyId: string;
  streamId: string;
  reason: ErasureReason;
  erasedAt: Date;
};

export type KeyLookup = {
  keys: ReadonlyMap<string, DataKey>;
  /** Ids asked for whose key was erased. */
  erased: ReadonlySet<string>;
};

export interface KeyStore {
  /**
   * The stream's current key, made on first use; concurrent first uses get the same key. The customer
   * pseudonym, when given, is recorded with a new key so that a customer's erasure request finds it.
   */
  keyForStream(streamId: string, customerPseudonym?: string): Promise<DataKey>;
  /**
   * `keyForStream` for many streams at once (each named once), in a couple of statements however many:
   * the key of each stream by its id.
   */
  keysForStreams(
    requests: readonly { streamId: string; customerPseudonym?: string }[],
  ): Promise<Map<string, DataKey>>;
  /** The keys of these ids that still exist, and which of the others were erased. */
  keysById(keyIds: readonly string[]): Promise<KeyLookup>;
  /** When the stream's complaint was closed (retention counts from here), or null once it is open again. */
  recordClosed(streamId: string, closedAt: string | null): Promise<void>;
  /** `recordClosed` for many streams at once (each named once), in one statement. */
  recordClosedMany(marks: readonly { streamId: string; closedAt: string | null }[]): Promise<void>;
  /** Streams with a key whose complaint closed before `cutoff` (ISO instant), earliest first. */
  closedBefore(cutoff: string, limit: number): Promise<string[]>;
  /** Streams with a key recorded for this customer pseudonym. */
  streamsOfCustomer(customerPseudonym: string): Promise<string[]>;
  /**
   * Overwrites, then deletes the keys of these streams and records each erasure; streams without a key
   * are skipped. Call `compact()` afterwards so that no copy of the bytes stays in the table's files.
   */
  erase(streamIds: readonly string[], reason: ErasureReason): Promise<ErasureRecord[]>;
  /** Rewrites the key table, so that erased keys survive in no dead row or free space of its pages. */
  compact(): Promise<void>;
  /** Erasures recorded for a stream, oldest first. */
  erasuresOf(streamId: string): Promise<ErasureRecord[]>;
  close(): Promise<void>;
}
