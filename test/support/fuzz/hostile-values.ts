import fc from 'fast-check';

/**
 * Values a hostile or broken client sends. Each one is distinctive enough that finding it in a SQL text
 * can only mean it was spliced in: no placeholder look-alike here matches a placeholder the services use.
 */
export const SQL_LIKE: readonly string[] = [
  "'; DROP TABLE events; --",
  "1' OR '1'='1",
  '" OR ""="',
  "') ; SELECT pg_sleep(10); --",
  '1; TRUNCATE streams CASCADE',
  "' UNION SELECT name, password FROM system.users --",
  '1/**/OR/**/1=1',
  "%' AND 1=0 UNION SELECT version() --",
  "\\'; SYSTEM SHUTDOWN; --",
  '{fz_injected:String}',
  '$999',
  "'||(SELECT current_user)||'",
  "x'); INSERT INTO events VALUES (1); --",
];

/** Unicode and control-character edge cases, one per line. */
export const UNICODE_EDGES: readonly string[] = [
  '\uD800',
  '\uDFFF',
  'a\uDC00b',
  'x\uD83D',
  '\u202Eevil\u202C',
  '\u200F\u0627\u0644\u0639\u0631\u0628\u064A\u0629',
  '\u200B',
  'zero\u200Dwidth',
  '\uFEFFbom',
  '\u0000',
  'nul\u0000inside',
  '\u0007bell',
  '\u001B[31mred',
  'line\r\nbreak',
  'sep\u2028arator',
  'e\u0301',
  '\u{1F642}',
  '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}',
  '\u0130stanbul',
  '\uFF12\uFF10\uFF12\uFF16',
  '\u0662\u0660\u0662\u0666',
  '\uFB00',
  '\uFFFF',
  '\u{10FFFF}',
  '\u0085next',
];

/** Code points that are never allowed where a lower-case code, a number or a date is expected. */
const BREAKERS = [
  'A',
  'Z',
  ' ',
  "'",
  '"',
  ';',
  '_',
  '.',
  '/',
  '\\',
  '%',
  '*',
  '(',
  '\u0000',
  '\u001F',
  '\u007F',
  '\u200B',
  '\u202E',
  '\uD800',
  '\u00E9',
  '\u0430',
];

/** One hostile fragment: SQL-looking, a Unicode edge case, or random code units (any UTF-16). */
export const hostileFragment = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...SQL_LIKE),
    fc.constantFrom(...UNICODE_EDGES),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
  );

/** A string holding at least one code point outside [a-z0-9-]: never a lower-case code, a number or a date. */
export const brokenToken = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'abcxyz0129-'), maxLength: 8 }),
      fc.oneof(fc.constantFrom(...BREAKERS), fc.constantFrom(...SQL_LIKE), fc.constantFrom(...UNICODE_EDGES)),
      fc.string({ unit: 'binary', maxLength: 8 }),
    )
    .map(([before, breaker, after]) => `${before}${breaker}${after}`);

/** A JSON fragment written verbatim: numbers JavaScript cannot hold, deep nesting, broken syntax. */
export class RawJson {
  constructor(readonly text: string) {}

  /** How fast-check shows it in a counterexample: deep nesting is thousands of brackets. */
  [fc.toStringMethod](): string {
    return this.text.length <= 60
      ? `RawJson(${this.text})`
      : `RawJson(${this.text.slice(0, 30)}… ${this.text.length} chars)`;
  }
}

/** Numbers a JSON parser turns into something other than what was written. */
export const WEIRD_NUMBERS: readonly RawJson[] = [
  new RawJson('1e309'),
  new RawJson('-1e309'),
  new RawJson('1e-400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('9007199254740993'),
];

/** Nesting far deeper than any request of the services needs. */
export const deepNesting = (): fc.Arbitrary<RawJson> =>
  fc
    .tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 40, max: 20_000 }))
    .map(([shape, depth]) =>
      shape === 'array'
        ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
        : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    );

/**
 * The length a validator measures (class-validator's MaxLength): code points, a surrogate pair counting
 * once, variation selectors not at all.
 */
export const measuredLength = (s: string): number =>
  s.length -
  (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0) -
  (s.match(/[\uFE0E\uFE0F]/g)?.length ?? 0);

/** A string longer than `min` characters as a validator counts them (up to about `max`), of a hostile fragment. */
export const longString = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: min + 1, max }), fc.oneof(fc.constantFrom('x', 'é', '中'), hostileFragment()))
    .map(([length, unit]) => {
      const repeated = unit.repeat(Math.ceil(length / Math.max(1, measuredLength(unit))));
      const short = min + 1 - measuredLength(repeated);
      return short > 0 ? `${repeated}${'x'.repeat(short)}` : repeated;
    });

/** Bodies that are not JSON, or JSON a strict parser refuses at the top level. */
export const MALFORMED_BODIES: readonly string[] = [
  '{',
  '{"a":}',
  "{'single':'quotes'}",
  '{"a":1,}',
  '{"a":NaN}',
  '{"a":undefined}',
  '"just a string"',
  '42',
  'true',
  'null',
  '{"a":"unterminated}',
  '\u0000',
  '{"a":1}{"b":2}',
  "'; DROP TABLE events; --",
];

/** Keys that would reach `Object.prototype` if anything copied a body naively. */
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Names every object inherits: an unknown field with such a name must be refused, not dropped. */
export const INHERITED_NAMES = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
] as const;

/** Field names no route declares (a forbidden key among them, which is refused as such). */
export const unknownFieldName = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...INHERITED_NAMES),
    fc.constantFrom(
      'constructor.prototype',
      '__proto__.polluted',
      'isAdmin',
      '$where',
      '0',
      '',
      ' ',
      'x'.repeat(5000),
    ),
    fc.constantFrom(...SQL_LIKE),
    fc.constantFrom(...UNICODE_EDGES),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).map((s) => `fz-${s}`),
  );

/** Serialises a value to JSON, writing RawJson verbatim and keeping own `__proto__` keys. */
export const toJson = (value: unknown): string => {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${toJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

/** An object with `key` as an own enumerable property, even `__proto__`. */
export const withOwnKey = (
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(target))
    Object.defineProperty(copy, k, {
      value: target[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

/**
 * Percent-encodes every byte of the UTF-8 form but [A-Za-z0-9_-]. A lone surrogate has no UTF-8 form:
 * it goes out as U+FFFD, which is what any client could send for it.
 */
export const percentEncode = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Every string in a value, keys included, so a test can look for them where they must not be. */
export const stringsIn = (value: unknown, into: string[] = []): string[] => {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (typeof value === 'object' && value !== null && !(value instanceof RawJson))
    for (const key of Object.keys(value)) {
      into.push(key);
      stringsIn((value as Record<string, unknown>)[key], into);
    }
  return into;
};
