import fc from 'fast-check';
import {
  FORBIDDEN_KEYS,
  INHERITED_NAMES,
  SQL_LIKE,
  UNICODE_EDGES,
  brokenToken,
  longString,
  percentEncode,
} from './hostile-values';

/** What a query-string parameter accepts, as the route's DTO declares it. */
export type ParamKind =
  | { t: 'iso-week' }
  | { t: 'period' }
  | { t: 'date' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'code' }
  /** Free text up to `max` characters without control characters (org units, drill-down keys). */
  | { t: 'text'; max: number }
  | { t: 'int'; min: number; max: number };

export type Param = { kind: ParamKind; required: boolean };
export type QuerySpec = {
  params: Readonly<Record<string, Param>>;
  /** One query string the route answers with 200, as name → value. */
  valid: Readonly<Record<string, string>>;
  /** Exactly one of these two must be given. */
  exactlyOne?: readonly [string, string];
};

/** A query-string pair; `raw` values go out as written (malformed percent-encoding), others encoded. */
type Pair = { name: string; value: string; raw?: boolean };
export type QueryInvalidation = { what: string; param: string; pairs: Pair[] };

export const queryString = (pairs: readonly Pair[]): string =>
  pairs
    .map(({ name, value, raw }) => `${percentEncode(name)}=${raw ? value : percentEncode(value)}`)
    .join('&');

/** Percent sequences that decode to nothing valid; a parser keeps them as they are. */
const MALFORMED_PERCENT = ['%', '%zz', '%C0%AF', '%E0%A4%A', '%FF%FE', '%%32%30'];

const CONTROL = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));

/** Values the kind refuses; `raw` marks values to send without encoding them. */
const outOfDomain = (kind: ParamKind): fc.Arbitrary<{ value: string; raw?: boolean }>[] => {
  const plain = (arb: fc.Arbitrary<string>) => arb.map((value) => ({ value }));
  const token = plain(brokenToken());
  const rawPercent = fc.constantFrom(...MALFORMED_PERCENT).map((value) => ({ value, raw: true }));
  switch (kind.t) {
    case 'iso-week':
      return [
        plain(
          fc.constantFrom(
            '2026-W00',
            '2026-W54',
            '2026-W99',
            '2026-W1',
            '2026W10',
            '2026-w10',
            '26-W10',
            '2026-10',
          ),
        ),
        token,
        rawPercent,
      ];
    case 'period':
      return [
        plain(
          fc.constantFrom(
            '2026-13',
            '2026-00',
            '2026-Q0',
            '2026-Q5',
            '2026-H0',
            '2026-H3',
            '2026-3',
            '26',
            '2026-W10',
            '2026-03-01',
          ),
        ),
        token,
        rawPercent,
      ];
    case 'date':
      return [
        plain(
          fc.constantFrom(
            '2026-02-30',
            '2026-13-01',
            '2026-00-01',
            '2026-3-2',
            '1969-12-31',
            '2200-01-01',
            '2026/03/02',
            '20260302',
          ),
        ),
        token,
        rawPercent,
      ];
    case 'enum':
      return [
        plain(
          fc
            .oneof(
              brokenToken(),
              fc
                .constantFrom(...kind.values)
                .chain((v) =>
                  fc.constantFrom(v.toUpperCase(), `${v} `, `${v}\u200B`, v.replace(/[oa]/, '\u043E')),
                ),
              fc.constantFrom(...SQL_LIKE, ...UNICODE_EDGES),
            )
            .filter((v) => !kind.values.includes(v)),
        ),
        rawPercent,
      ];
    case 'code':
      return [token, plain(fc.constantFrom('-leading-dash')), plain(longString(64, 300)), rawPercent];
    case 'text':
      return [
        plain(longString(kind.max, kind.max + 300)),
        plain(fc.tuple(fc.string({ maxLength: 8 }), CONTROL).map(([s, c]) => `${s}${c}${s}`)),
      ];
    case 'int':
      return [
        plain(fc.integer({ min: -1_000_000, max: kind.min - 1 }).map(String)),
        plain(fc.integer({ min: kind.max + 1, max: kind.max + 1_000_000 }).map(String)),
        plain(fc.integer({ min: kind.min, max: kind.max - 1 }).map((n) => `${n}.5`)),
        plain(fc.constantFrom('abc', 'NaN', 'Infinity', '1e309', '--1', '1,000')),
        // Read as a number the way the DTO reads it ('1 ' is 1): only what is then no whole number in range.
        plain(
          brokenToken().filter((s) => {
            const n = Number(s);
            return !Number.isInteger(n) || n < kind.min || n > kind.max;
          }),
        ),
      ];
  }
};

/**
 * Query strings invalid by construction for one route, from its valid query: a required parameter
 * missing, a value outside its domain, an empty or repeated parameter, an unknown or forbidden name,
 * both or neither of two exclusive parameters, a query string past the 16 KiB Node reads.
 */
export const invalidQueries = (spec: QuerySpec): fc.Arbitrary<QueryInvalidation> => {
  const validPairs = Object.entries(spec.valid).map(([name, value]) => ({ name, value }));
  const without = (name: string) => validPairs.filter((p) => p.name !== name);
  const names = Object.keys(spec.params);

  const values = fc.constantFrom(...names).chain((name) =>
    fc.oneof(...outOfDomain(spec.params[name]!.kind)).map((bad) => ({
      what: `invalid ${spec.params[name]!.kind.t}`,
      param: name,
      pairs: [...without(name), { name, ...bad }],
    })),
  );

  const required = names.filter((name) => spec.params[name]!.required && name in spec.valid);
  const missing = required.map((name) =>
    fc.constant<QueryInvalidation>({ what: 'required parameter missing', param: name, pairs: without(name) }),
  );

  const empty = fc
    .constantFrom(...names)
    .map((name) => ({ what: 'empty value', param: name, pairs: [...without(name), { name, value: '' }] }));

  const repeated = fc.constantFrom(...validPairs).map((pair) => ({
    what: 'parameter repeated',
    param: pair.name,
    pairs: [...validPairs, pair],
  }));

  const unknown = fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...FORBIDDEN_KEYS, ...INHERITED_NAMES, 'a[b]', 'week[]', 'orgUnit.x', '0', ' '),
        fc.constantFrom(...SQL_LIKE, ...UNICODE_EDGES),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((s) => `fz-${s}`),
      ),
      fc.oneof(fc.constant('1'), brokenToken()),
    )
    .filter(([name]) => !names.includes(name))
    .map(([name, value]) => ({
      what: 'unknown parameter',
      param: name,
      pairs: [...validPairs, { name, value }],
    }));

  // Past the 16 KiB of request line and headers Node reads: answered before the application sees it.
  const tooLong = fc
    .tuple(fc.constantFrom(...names), fc.integer({ min: 20_000, max: 60_000 }))
    .map(([name, length]) => ({
      what: 'query string too long',
      param: name,
      pairs: [...without(name), { name, value: 'x'.repeat(length) }],
    }));

  const exclusive = spec.exactlyOne
    ? [
        fc.constant<QueryInvalidation>({
          what: 'both exclusive parameters',
          param: spec.exactlyOne.join('/'),
          pairs: [
            ...validPairs.filter((p) => !spec.exactlyOne!.includes(p.name)),
            ...spec.exactlyOne.map((name) => ({
              name,
              value: spec.valid[name] ?? EXCLUSIVE_SAMPLES[name] ?? '',
            })),
          ],
        }),
        fc.constant<QueryInvalidation>({
          what: 'neither exclusive parameter',
          param: spec.exactlyOne.join('/'),
          pairs: validPairs.filter((p) => !spec.exactlyOne!.includes(p.name)),
        }),
      ]
    : [];

  return fc.oneof(
    { arbitrary: values, weight: 6 },
    ...(missing.length > 0 ? [{ arbitrary: fc.oneof(...missing), weight: 1 }] : []),
    { arbitrary: empty, weight: 1 },
    { arbitrary: repeated, weight: 1 },
    { arbitrary: unknown, weight: 1 },
    { arbitrary: tooLong, weight: 1 },
    ...exclusive.map((arbitrary) => ({ arbitrary, weight: 1 })),
  );
};

/** Valid values of the exclusive report-period parameters, for "both given". */
const EXCLUSIVE_SAMPLES: Readonly<Record<string, string>> = { week: '2026-W10', period: '2026-03' };
