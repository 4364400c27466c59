import { DateTime } from 'luxon';
import {
  type DateField,
  type DateSpec,
  type ImportMapping,
  type ListSpec,
  type ValueSpec,
} from './import-mapping';

export type CsvRow = Record<string, string | undefined>;

/** Where a value came from: the column (or columns, or `(const)`) and the text found there. */
export type Origin = { column: string; value: string };

/** A problem of one row, naming the CSV column and its text. */
export type RowProblem = { field: string; reason: string; code: string } & Partial<Origin>;

export type Read<T = string> = { value?: T; origin: Origin; problem?: RowProblem };

const CONST_COLUMN = '(const)';
const isEmpty = (text: string | undefined): text is undefined => text === undefined || text === '';
const cell = (row: CsvRow, column: string): string | undefined => {
  const text = row[column]?.trim();
  return isEmpty(text) ? undefined : text;
};

/**
 * A value spec compiled once for the whole file: reads a row's text (column, constant or columns joined),
 * maps it through `values`, falls back to `default`; `required` makes an empty result a problem.
 */
export const compileValue = (
  spec: ValueSpec,
  field: string,
  options: { required?: boolean; values?: Readonly<Record<string, string>> } = {},
): ((row: CsvRow) => Read) => {
  const object = typeof spec === 'string' ? { column: spec, separator: ' ' } : spec;
  const values =
    object.values ?? (options.values && Object.keys(options.values).length > 0 ? options.values : undefined);
  const parts = object.concat;
  const columnName =
    object.column ??
    (object.const !== undefined
      ? CONST_COLUMN
      : parts!.map((part) => (typeof part === 'string' ? part : CONST_COLUMN)).join('+'));
  const source = (row: CsvRow): string | undefined => {
    if (object.const !== undefined) return object.const;
    if (object.column !== undefined) return cell(row, object.column);
    const texts = parts!
      .map((part) => (typeof part === 'string' ? cell(row, part) : part.const))
      .filter((text): text is string => !isEmpty(text));
    return texts.length === 0 ? undefined : texts.join(object.separator);
  };
  return (row) => {
    const text = source(row);
    const origin = { column: columnName, value: text ?? '' };
    if (text === undefined) {
      if (object.default !== undefined) return { value: object.default, origin };
      return options.required
        ? { origin, problem: { field, reason: 'is empty', code: 'IMPORT.MISSING_VALUE', ...origin } }
        : { origin };
    }
    if (!values) return { value: text, origin };
    const mapped = Object.hasOwn(values, text) ? values[text] : object.unmapped;
    if (mapped === undefined)
      return {
        origin,
        problem: {
          field,
          reason: `value '${text}' has no mapping`,
          code: 'IMPORT.UNMAPPED_VALUE',
          ...origin,
        },
      };
    return { value: mapped, origin };
  };
};

/** A list spec (causes, tags): the cell split on `split`, each item trimmed and mapped, duplicates dropped. */
export const compileList = (spec: ListSpec, field: string): ((row: CsvRow) => Read<string[]>) => {
  const object = typeof spec === 'string' ? { column: spec, separator: ' ' } : spec;
  const split = ('split' in object && object.split) || ',';
  const whole = compileValue(
    { ...object, values: undefined, unmapped: undefined, split: undefined } as ValueSpec,
    field,
  );
  const values = object.values;
  return (row) => {
    const read = whole(row);
    if (read.value === undefined) return { origin: read.origin, problem: read.problem };
    const items: string[] = [];
    for (const raw of read.value.split(split)) {
      const text = raw.trim();
      if (text === '') continue;
      const mapped = values ? (Object.hasOwn(values, text) ? values[text] : object.unmapped) : text;
      if (mapped === undefined)
        return {
          origin: read.origin,
          problem: {
            field,
            reason: `value '${text}' has no mapping`,
            code: 'IMPORT.UNMAPPED_VALUE',
            ...read.origin,
          },
        };
      if (!items.includes(mapped)) items.push(mapped);
    }
    return { value: items, origin: read.origin };
  };
};

/** Whether a Luxon format has a time of day; without one a value is a calendar day. */
export const hasTimeOfDay = (format: string): boolean => /[Hhkm]/.test(format.replace(/'[^']*'/g, ''));

const PARSE_CACHE_LIMIT = 20_000;

/**
 * A date spec compiled once: the column's text parsed with its formats (tried in order) in its zone, as
 * an ISO instant. A calendar day (a format without hours) is placed at the start of that day in
 * `dayZone`, the reporting zone, so that the reports count it on the day the file says whatever zone the
 * export's times are in. Parsed texts are cached: a column of days repeats the same few hundred values.
 */
export const compileDate = (
  spec: DateSpec,
  field: string,
  mapping: Pick<ImportMapping, 'dateFormat' | 'timeZone'>,
  dayZone: string,
): { sameAs?: DateField; read: (row: CsvRow) => Read } => {
  const object = typeof spec === 'string' ? { column: spec } : spec;
  if (object.sameAs !== undefined)
    return { sameAs: object.sameAs, read: () => ({ origin: { column: `(${object.sameAs})`, value: '' } }) };
  const column = object.column!;
  const formats = [object.format ?? mapping.dateFormat].flat();
  const parsers = formats.map((format) => ({
    format,
    parser: DateTime.buildFormatParser(format, { locale: 'en-US' }),
    zone: object.zone ?? (hasTimeOfDay(format) ? mapping.timeZone : dayZone),
  }));
  const cache = new Map<string, string | null>();
  const parse = (text: string): string | null => {
    for (const { parser, zone } of parsers) {
      const parsed = DateTime.fromFormatParser(text, parser, { zone });
      if (parsed.isValid) return parsed.toUTC().toISO();
    }
    return null;
  };
  return {
    read: (row) => {
      const text = cell(row, column);
      const origin = { column, value: text ?? '' };
      if (text === undefined) return { origin };
      let instant = cache.get(text);
      if (instant === undefined) {
        if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
        instant = parse(text);
        cache.set(text, instant);
      }
      if (instant === null)
        return {
          origin,
          problem: {
            field,
            reason: `'${text}' is not a date as ${formats.join(' or ')}`,
            code: 'IMPORT.INVALID_DATE',
            ...origin,
          },
        };
      return { value: instant, origin };
    },
  };
};
