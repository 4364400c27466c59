/** Qualified names and statements of the key store, inside the event store's PostgreSQL schema. */
export type KeyStoreNames = { schema: string; keys: string; erasures: string };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const keyStoreNames = (schema = 'public'): KeyStoreNames => {
  // Spliced into SQL text (identifiers cannot be bound): plain identifiers only.
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid key store schema name "${schema}"`);
  return {
    schema,
    keys: `"${schema}"."personal_data_keys"`,
    erasures: `"${schema}"."personal_data_erasures"`,
  };
};

/** Namespaces the one-off setup lock ('PDKY'), apart from the event store's own locks. */
const SETUP_LOCK_CLASS = 0x50444b59;

export const setupLockSql = `SELECT pg_advisory_xact_lock(${SETUP_LOCK_CLASS}, hashtext($1))`;

export const keyStoreSchema = (n: KeyStoreNames): string[] => [
  `CREATE SCHEMA IF NOT EXISTS "${n.schema}"`,
  `CREATE TABLE IF NOT EXISTS ${n.keys} (
    key_id uuid PRIMARY KEY,
    stream_id text NOT NULL UNIQUE,
    key_material bytea NOT NULL CHECK (length(key_material) = 32),
    customer_pseudonym text,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS personal_data_keys_customer ON ${n.keys} (customer_pseudonym)
    WHERE customer_pseudonym IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS personal_data_keys_closed ON ${n.keys} (closed_at) WHERE closed_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS ${n.erasures} (
    key_id uuid PRIMARY KEY,
    stream_id text NOT NULL,
    reason text NOT NULL CHECK (reason IN ('retention', 'request')),
    erased_at timestamptz NOT NULL DEFAULT now(),
    customer_pseudonym text
  )`,
  // Tables made before the erased key's pseudonym was kept.
  `ALTER TABLE ${n.erasures} ADD COLUMN IF NOT EXISTS customer_pseudonym text`,
  `CREATE INDEX IF NOT EXISTS personal_data_erasures_stream ON ${n.erasures} (stream_id)`,
];

export const selectStreamKeySql = (n: KeyStoreNames) =>
  `SELECT key_id::text AS key_id, stream_id, key_material FROM ${n.keys} WHERE stream_id = $1`;

/**
 * Inserts unless the stream has a key already; a concurrent insert of the same stream does nothing. A
 * stream whose key was erased (on request, while the complaint was still open) keeps its customer's
 * pseudonym on the new key, so that the customer's next erasure request finds what came after.
 */
export const insertStreamKeySql = (n: KeyStoreNames) =>
  `INSERT INTO ${n.keys} (key_id, stream_id, key_material, customer_pseudonym)
    VALUES ($1, $2, $3, COALESCE($4::text, (
      SELECT customer_pseudonym FROM ${n.erasures}
      WHERE stream_id = $2 AND customer_pseudonym IS NOT NULL ORDER BY erased_at DESC LIMIT 1)))
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING key_id::text AS key_id, stream_id, key_material`;

/** `insertStreamKeySql` for many streams: key ids, streams, key material (hex) and pseudonyms as arrays. */
export const insertStreamKeysSql = (n: KeyStoreNames) =>
  `INSERT INTO ${n.keys} AS k (key_id, stream_id, key_material, customer_pseudonym)
    SELECT w.key_id, w.stream_id, decode(w.material, 'hex'), COALESCE(w.pseudonym, (
      SELECT e.customer_pseudonym FROM ${n.erasures} e
      WHERE e.stream_id = w.stream_id AND e.customer_pseudonym IS NOT NULL ORDER BY e.erased_at DESC LIMIT 1))
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS w(key_id, stream_id, material, pseudonym)
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING key_id::text AS key_id, stream_id, key_material`;

export const selectStreamKeysSql = (n: KeyStoreNames) =>
  `SELECT key_id::text AS key_id, stream_id, key_material FROM ${n.keys} WHERE stream_id = ANY($1::text[])`;

export const recordClosedManySql = (n: KeyStoreNames) =>
  `UPDATE ${n.keys} k SET closed_at = m.closed_at::timestamptz
    FROM unnest($1::text[], $2::text[]) AS m(stream_id, closed_at)
    WHERE k.stream_id = m.stream_id AND k.closed_at IS DISTINCT FROM m.closed_at::timestamptz`;

export const selectKeysSql = (n: KeyStoreNames) =>
  `SELECT key_id::text AS key_id, stream_id, key_material FROM ${n.keys} WHERE key_id = ANY($1::uuid[])`;

export const selectErasedIdsSql = (n: KeyStoreNames) =>
  `SELECT key_id::text AS key_id FROM ${n.erasures} WHERE key_id = ANY($1::uuid[])`;

export const recordClosedSql = (n: KeyStoreNames) =>
  `UPDATE ${n.keys} SET closed_at = $2::timestamptz WHERE stream_id = $1
    AND closed_at IS DISTINCT FROM $2::timestamptz`;

export const closedBeforeSql = (n: KeyStoreNames) =>
  `SELECT stream_id FROM ${n.keys} WHERE closed_at < $1::timestamptz ORDER BY closed_at, stream_id LIMIT $2`;

export const streamsOfCustomerSql = (n: KeyStoreNames) =>
  `SELECT stream_id FROM ${n.keys} WHERE customer_pseudonym = $1 ORDER BY created_at, stream_id`;

/** Zero bytes first: the row version that the DELETE leaves behind holds no key. */
export const overwriteKeysSql = (n: KeyStoreNames) =>
  `UPDATE ${n.keys} SET key_material = '\\x${'00'.repeat(32)}'::bytea WHERE stream_id = ANY($1::text[])`;

export const deleteKeysSql = (n: KeyStoreNames) =>
  `WITH erased AS (DELETE FROM ${n.keys} WHERE stream_id = ANY($1::text[])
                   RETURNING key_id, stream_id, customer_pseudonym)
   INSERT INTO ${n.erasures} (key_id, stream_id, reason, customer_pseudonym)
     SELECT key_id, stream_id, $2, customer_pseudonym FROM erased
   RETURNING key_id::text AS key_id, stream_id, reason, erased_at`;

export const erasuresOfSql = (n: KeyStoreNames) =>
  `SELECT key_id::text AS key_id, stream_id, reason, erased_at FROM ${n.erasures}
    WHERE stream_id = $1 ORDER BY erased_at, key_id`;

/**
 * VACUUM FULL, not VACUUM: a plain VACUUM frees dead rows but leaves their bytes in the page's free
 * space until something overwrites them (the last row of a page often stays readable in the file);
 * FULL writes the live rows to a new file and drops the old one.
 */
export const compactSql = (n: KeyStoreNames) => `VACUUM FULL ${n.keys}`;
