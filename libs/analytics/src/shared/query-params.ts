import { type QueryParamValue, type QueryParams } from '../analytics-store.port';

/** `2026-03-02T09:00:00.123Z` → `2026-03-02 09:00:00.123`: what a `DateTime64(3, 'UTC')` parameter parses. */
export const toClickHouseDateTime = (date: Date): string => {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot bind an invalid Date');
  return date.toISOString().replace('T', ' ').replace('Z', '');
};

const bindable = (value: QueryParamValue): QueryParamValue => {
  if (value instanceof Date) return toClickHouseDateTime(value);
  if (Array.isArray(value)) return value.map(bindable);
  return value;
};

/**
 * Both drivers would turn a Date into a value without its milliseconds (chDB) or into a Unix timestamp
 * (@clickhouse/client); one explicit form keeps the two adapters identical.
 */
export const toBindableParams = (params: QueryParams = {}): Record<string, QueryParamValue> =>
  Object.fromEntries(Object.entries(params).map(([name, value]) => [name, bindable(value)]));
