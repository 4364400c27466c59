import {
  type AnalyticsRows,
  PROJECTED_TABLES_IN_WRITE_ORDER,
  type ProjectedTable,
  assertIdentifier,
} from '@app/analytics';
import { type Pool } from 'pg';
import { schemaName } from './postgres-tables';

/**
 * Loads projected rows (`AnalyticsRows`, as `projectBatch` and the projector make them) into the
 * PostgreSQL tables, keeping what ClickHouse's `FINAL` shows: one row per key, the highest `version`
 * (the later of equal ones) for state tables, the first copy for immutable ones (a redelivered event is
 * an identical copy). Each chunk is one multi-row `INSERT … ON CONFLICT` on the primary key whose rows
 * travel as bound values: one array per column (`unnest`), typed as the table's own columns, or, for a
 * table with array columns (which `unnest` would flatten), one JSON value (`json_populate_recordset`).
 */
type Upsert = { key: readonly string[]; versioned: boolean };

/**
 * The tables the baseline keeps: every projected one but `kpi_members`, chDB's read model, and the
 * archived packs and quality meetings, which no report of the comparison reads.
 */
const NOT_IN_BASELINE = [
  'kpi_members',
  'weekly_pack_archives',
  'quality_meetings',
  'quality_meeting_items',
] as const;
type BaselineTable = Exclude<ProjectedTable, (typeof NOT_IN_BASELINE)[number]>;
const inBaseline = (table: ProjectedTable): table is BaselineTable =>
  !(NOT_IN_BASELINE as readonly string[]).includes(table);

const UPSERTS: Readonly<Record<BaselineTable, Upsert>> = {
  complaint_events: { key: ['complaint_id', 'stream_revision'], versioned: false },
  complaints: { key: ['complaint_id'], versioned: true },
  complaint_causes: { key: ['complaint_id', 'cause_id'], versioned: true },
  follow_ups: { key: ['complaint_id', 'stream_revision'], versioned: false },
  corrective_actions: { key: ['action_id'], versioned: true },
  rejected_events: { key: ['event_id'], versioned: false },
  revoked_tokens: { key: ['token_id'], versioned: false },
};

/** Rows per statement: large enough to amortise a round trip, small enough to keep each value modest. */
export const LOAD_CHUNK_ROWS = 5_000;

type Row = Readonly<Record<string, unknown>>;

/**
 * One row per key, as `FINAL` would keep it: the highest version, the later of equal ones. A single
 * `INSERT … ON CONFLICT DO UPDATE` may not touch a key twice, so a chunk never holds one twice.
 */
export const latestPerKey = <R extends Row>(rows: readonly R[], key: readonly string[]): R[] => {
  const latest = new Map<string, R>();
  for (const row of rows) {
    const id = key.map((column) => String(row[column])).join('\u0000');
    const held = latest.get(id);
    if (held === undefined || Number(row.version) >= Number(held.version)) latest.set(id, row);
  }
  return [...latest.values()];
};

const onConflict = (columns: readonly string[], { key, versioned }: Upsert): string =>
  `ON CONFLICT (${key.join(', ')}) ` +
  (versioned
    ? `DO UPDATE SET (${columns.join(', ')}) = (${columns.map((column) => `EXCLUDED.${column}`).join(', ')})
       WHERE t.version <= EXCLUDED.version`
    : 'DO NOTHING');

/** A table's column types as PostgreSQL names them (`text`, `timestamp(3) with time zone`, `text[]`…). */
async function columnTypes(pool: Pool, table: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
     FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [table],
  );
  return new Map(rows.map(({ name, type }) => [name, type]));
}

/** Upserts projected rows into the report tables of one schema. */
export class ReportRowLoader {
  private readonly types = new Map<BaselineTable, Promise<Map<string, string>>>();

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** One batch of projected rows, table by table in the projector's order (state tables last). */
  async load(rows: AnalyticsRows): Promise<void> {
    for (const table of PROJECTED_TABLES_IN_WRITE_ORDER)
      if (inBaseline(table)) await this.loadTable(table, rows[table]);
  }

  private typesOf(table: BaselineTable, qualified: string): Promise<Map<string, string>> {
    let types = this.types.get(table);
    if (!types) {
      types = columnTypes(this.pool, qualified);
      this.types.set(table, types);
    }
    return types;
  }

  private async loadTable(table: BaselineTable, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const qualified = `${schemaName(this.schema)}.${table}`;
    const upsert = UPSERTS[table];
    const unique = upsert.versioned ? latestPerKey(rows, upsert.key) : rows;
    // Every row of a projection has the same columns; the names are checked before they are written.
    const columns = Object.keys(unique[0]).map(assertIdentifier);
    const types = await this.typesOf(table, qualified);
    const typeOf = (column: string) => {
      const type = types.get(column);
      if (type === undefined) throw new Error(`${table} has no column ${column}`);
      return type;
    };
    const byColumn = !columns.some((column) => typeOf(column).endsWith('[]'));
    const source = byColumn
      ? `unnest(${columns.map((column, i) => `$${i + 1}::${typeOf(column)}[]`).join(', ')}) AS r (${columns.join(', ')})`
      : `json_populate_recordset(NULL::${qualified}, $1::json) AS r`;
    const sql = `INSERT INTO ${qualified} AS t (${columns.join(', ')})
                 SELECT ${columns.join(', ')} FROM ${source}
                 ${onConflict(columns, upsert)}`;
    for (let i = 0; i < unique.length; i += LOAD_CHUNK_ROWS) {
      const chunk = unique.slice(i, i + LOAD_CHUNK_ROWS);
      const values: unknown[] = byColumn
        ? columns.map((column) => chunk.map((row) => row[column]))
        : [JSON.stringify(chunk)];
      await this.pool.query(sql, values);
    }
  }
}

/** Loads one batch of rows into `schema`'s tables (reads their column types first). */
export const loadRows = (pool: Pool, schema: string, rows: AnalyticsRows): Promise<void> =>
  new ReportRowLoader(pool, schema).load(rows);
