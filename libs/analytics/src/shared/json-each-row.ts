import { type InsertRow } from '../analytics-store.port';

/** JSON has no 64-bit integers: a bigint goes as a decimal string, which ClickHouse reads into UInt64. */
const replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

/** Rows as JSONEachRow: one JSON object a line (Dates become ISO-8601, read with best-effort parsing). */
export const toJsonEachRow = (rows: readonly InsertRow[]): string =>
  rows.map((row) => JSON.stringify(row, replacer)).join('\n');

const jsonSafe = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
};

/** Rows that JSON.stringify accepts (@clickhouse/client serialises them itself). */
export const toJsonSafeRows = (rows: readonly InsertRow[]): Record<string, unknown>[] =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, jsonSafe(value)])));

export const parseJsonEachRow = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
