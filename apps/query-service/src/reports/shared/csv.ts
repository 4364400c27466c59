export type CsvCell = string | number | null;

/** Text that a spreadsheet would run as a formula is prefixed with `'`; numbers are left as they are. */
const FORMULA_START = /^[=+\-@\t\r]/;

const cell = (value: CsvCell): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180: a header line, CRLF line ends, quoted where needed; null is an empty cell. */
export const toCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';

/**
 * The `scope` filter as one CSV cell: empty when the report read every org unit, else the units it was
 * restricted to as a JSON array (unit names are free text, so no separator would be unambiguous).
 */
export const scopeCell = (scope: readonly string[] | null): CsvCell =>
  scope === null ? null : JSON.stringify(scope);
