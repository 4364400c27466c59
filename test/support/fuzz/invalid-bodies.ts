import fc from 'fast-check';
import {
  FORBIDDEN_KEYS,
  MALFORMED_BODIES,
  RawJson,
  SQL_LIKE,
  UNICODE_EDGES,
  WEIRD_NUMBERS,
  brokenToken,
  deepNesting,
  hostileFragment,
  longString,
  unknownFieldName,
  withOwnKey,
} from './hostile-values';

/**
 * What a JSON body field accepts, as the route's DTO declares it. The generators below derive from a
 * kind only values the kind refuses, so every body they produce is invalid by construction.
 */
export type FieldKind =
  /** A string of at most `max` characters, not empty unless `allowEmpty`. */
  | { t: 'text'; max: number; allowEmpty?: boolean }
  | { t: 'code' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'instant' }
  | { t: 'int'; min: number; max: number }
  | { t: 'amount'; max: number }
  | { t: 'bool' }
  | { t: 'uuid' }
  | { t: 'phone' }
  | { t: 'email' }
  | { t: 'identifier' }
  | { t: 'object'; fields: Fields }
  | { t: 'array'; of: FieldKind; min: number; max: number; unique?: boolean }
  /** A free-form object (an upstream message in a batch): only its type is checked at the HTTP edge. */
  | { t: 'any-object' };

export type Field = { kind: FieldKind; required: boolean };
export type Fields = Readonly<Record<string, Field>>;

export const req = (kind: FieldKind): Field => ({ kind, required: true });
export const opt = (kind: FieldKind): Field => ({ kind, required: false });
export const text = (max: number): FieldKind => ({ t: 'text', max });
export const CODE: FieldKind = { t: 'code' };
export const INSTANT: FieldKind = { t: 'instant' };
export const BOOL: FieldKind = { t: 'bool' };
export const UUID: FieldKind = { t: 'uuid' };
export const oneOf = (values: readonly string[]): FieldKind => ({ t: 'enum', values });
export const int = (min: number, max: number): FieldKind => ({ t: 'int', min, max });
export const object = (fields: Fields): FieldKind => ({ t: 'object', fields });
export const array = (of: FieldKind, min: number, max: number, unique = false): FieldKind => ({
  t: 'array',
  of,
  min,
  max,
  unique,
});

/** Every command body may pin the version the client saw; -1 means "no stream yet". */
export const VERSIONED: Fields = { expectedVersion: opt(int(-1, Number.MAX_SAFE_INTEGER)) };

type Json = unknown;
type Path = readonly (string | number)[];

/** One way a body was made invalid, for the report of a failing case. */
export type Invalidation = { what: string; path: string; body: Json | RawJson };

const describePath = (path: Path) =>
  path.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${step}` : step),
    '',
  );

/** Values of a JSON type the kind refuses; `null` only where the field is required (null = absent). */
const wrongType = (kind: FieldKind, required: boolean): fc.Arbitrary<Json> => {
  const nullable = required ? [fc.constant(null)] : [];
  const strings = fc.oneof(fc.constantFrom('', '1', 'true', '{}', '[]'), hostileFragment());
  const numbers = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const anyArray = fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 });
  const anyObject = fc.dictionary(fc.constantFrom('a', 'value', 'id'), fc.string(), { maxKeys: 2 });
  switch (kind.t) {
    case 'text':
    case 'code':
    case 'enum':
    case 'instant':
    case 'uuid':
    case 'phone':
    case 'email':
    case 'identifier':
      return fc.oneof(numbers, fc.boolean(), anyArray, anyObject, ...nullable);
    case 'int':
    case 'amount':
      return fc.oneof(strings, fc.boolean(), anyArray, anyObject, ...nullable);
    case 'bool':
      return fc.oneof(fc.constantFrom('true', 'false', 0, 1, ''), anyArray, anyObject, ...nullable);
    case 'object':
    case 'any-object':
      return fc.oneof(strings, numbers, fc.boolean(), anyArray, ...nullable);
    case 'array':
      return fc.oneof(strings, numbers, fc.boolean(), anyObject, ...nullable);
  }
};

const BAD_INSTANTS = [
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-03-02T25:00:00Z',
  '2026-03-02T12:60:00Z',
  '2026-03-02T00:00:00',
  '2026-03-02',
  '2026-03-02 00:00:00Z',
  '02/03/2026',
  '+275760-09-13T00:00:00.001Z',
  '2026-03-02T00:00:00+25:00',
  'yesterday',
  'now',
  '1700000000',
  '2026-W10',
  '',
];

const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  '00000000000000000000000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  '00000000-0000-0000-0000-00000000000g',
  'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
  '00000000-0000-0000-0000-000000000000 ',
  ' 00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-000000000000\u0000',
  '..',
  '%2e%2e',
];

export const badUuid = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...BAD_UUIDS), brokenToken(), longString(36, 300));

/** Values of the right JSON type that the kind still refuses. */
const outOfDomain = (kind: FieldKind): fc.Arbitrary<Json>[] => {
  switch (kind.t) {
    case 'text':
      return [
        ...(kind.allowEmpty ? [] : [fc.constant('')]),
        longString(kind.max, kind.max + 200),
        // Not well-formed text: NUL, or half a surrogate pair.
        fc
          .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF'))
          .map(([s, bad]) => `${s}${bad}${s}`.slice(0, kind.max)),
      ];
    case 'code':
      return [brokenToken(), fc.constant(''), fc.constant('-leading-dash'), longString(64, 300)];
    case 'identifier':
      return [brokenToken().filter((s) => !/^[A-Za-z0-9._:@-]{1,128}$/.test(s)), longString(128, 300)];
    case 'enum':
      return [
        fc
          .oneof(
            brokenToken(),
            fc
              .constantFrom(...kind.values)
              .chain((v) =>
                fc.constantFrom(v.toUpperCase(), `${v} `, ` ${v}`, `${v}\u200B`, v.replace(/[oa]/, '\u043E')),
              ),
            fc.constantFrom(...SQL_LIKE, ...UNICODE_EDGES, ''),
          )
          .filter((v) => !kind.values.includes(v)),
      ];
    case 'instant':
      return [fc.constantFrom(...BAD_INSTANTS), brokenToken()];
    case 'int':
      return [
        fc.integer({ min: -1_000_000, max: kind.min - 1 }),
        ...(kind.max < Number.MAX_SAFE_INTEGER
          ? [fc.integer({ min: kind.max + 1, max: kind.max + 1_000_000 })]
          : []),
        fc.integer({ min: kind.min, max: Math.min(kind.max, 1_000_000) - 1 }).map((n) => n + 0.5),
        fc.constantFrom(...WEIRD_NUMBERS.filter((n) => !['1e-400'].includes(n.text))),
      ];
    case 'amount':
      return [
        fc.double({ min: -1_000_000, max: -0.01, noNaN: true }),
        fc.double({ min: kind.max + 0.01, max: kind.max * 10, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }).map((n) => n + 0.001),
        fc.constantFrom(new RawJson('1e309'), new RawJson('-1e309')),
      ];
    case 'uuid':
      return [badUuid()];
    case 'phone':
      return [
        fc.constantFrom(
          '12',
          'call me',
          '+86 138 0000 0000 ext. 5',
          '1'.repeat(33),
          '\u0661\u0662\u0663\u0664',
        ),
        brokenToken().filter((s) => !/^\+?[0-9 ()-]{3,32}$/.test(s)),
      ];
    case 'email':
      return [
        fc.constantFrom('no-at-sign', 'a@', '@b.c', 'a b@c.d', 'a@b', "x'--@"),
        brokenToken().map((s) => s.replace(/@/g, '')),
      ];
    case 'bool':
    case 'any-object':
      return [];
    case 'object':
    case 'array':
      return [];
  }
};

const get = (body: Json, path: Path): Json =>
  path.reduce<Json>((value, step) => (value as Record<string | number, Json>)[step], body);

/** A copy of `body` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
const REMOVE = Symbol('remove');
const setAt = (body: Json, path: Path, value: Json | typeof REMOVE): Json => {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) {
    const copy = [...body];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const source = body as Record<string, Json>;
  const copy: Record<string, Json> = {};
  for (const key of Object.keys(source)) if (key !== head) copy[key] = source[key];
  if (rest.length === 0) {
    if (value !== REMOVE) copy[head as string] = value;
    return copy;
  }
  copy[head as string] = setAt(source[head as string], rest, value);
  return copy;
};

type Site = { path: Path; field: Field; present: boolean };

/** Every field the valid body holds or could hold, nested ones and array items included. */
const sitesOf = (fields: Fields, body: Json, path: Path = []): Site[] =>
  Object.entries(fields).flatMap(([name, field]) => {
    const here = [...path, name];
    const value = (body as Record<string, Json>)[name];
    const site: Site = { path: here, field, present: value !== undefined };
    if (value === undefined) return [site];
    if (field.kind.t === 'object') return [site, ...sitesOf(field.kind.fields, value, here)];
    if (field.kind.t === 'array' && Array.isArray(value)) {
      const of = field.kind.of;
      return [
        site,
        ...value.flatMap((item, index) =>
          of.t === 'object'
            ? sitesOf(of.fields, item, [...here, index])
            : [{ path: [...here, index], field: req(of), present: true }],
        ),
      ];
    }
    return [site];
  });

/** The objects of a body that the DTO validates key by key (free-form objects excluded). */
const objectPaths = (fields: Fields, body: Json, path: Path = []): Path[] => [
  path,
  ...Object.entries(fields).flatMap(([name, field]) => {
    const value = (body as Record<string, Json>)[name];
    if (value === undefined) return [];
    if (field.kind.t === 'object') return objectPaths(field.kind.fields, value, [...path, name]);
    if (field.kind.t === 'array' && field.kind.of.t === 'object' && Array.isArray(value)) {
      const of = field.kind.of;
      return value.flatMap((item, index) => objectPaths(of.fields, item, [...path, name, index]));
    }
    return [];
  }),
];

/** Any object or array of the body, free-form ones included: forbidden keys are refused everywhere. */
const containerPaths = (body: Json, path: Path = []): Path[] => {
  if (typeof body !== 'object' || body === null || body instanceof RawJson) return [];
  const own = Array.isArray(body)
    ? body.flatMap((item, index) => containerPaths(item, [...path, index]))
    : Object.keys(body).flatMap((key) => containerPaths((body as Record<string, Json>)[key], [...path, key]));
  return Array.isArray(body) ? own : [path, ...own];
};

/** Arrays too short, too long, or with duplicates where they must be unique. */
const arrayInvalidations = (
  kind: Extract<FieldKind, { t: 'array' }>,
  current: Json[],
): fc.Arbitrary<Json>[] => {
  const item = current[0];
  return [
    ...(kind.min > 0 ? [fc.constant([])] : []),
    ...(item === undefined
      ? []
      : [
          fc
            .integer({ min: kind.max + 1, max: kind.max + 5 })
            .map((n) => Array.from({ length: n }, () => item)),
        ]),
    ...(kind.unique && item !== undefined ? [fc.constant([item, item])] : []),
  ];
};

/**
 * Bodies invalid by construction for one route, from its valid body: a required field missing, a value
 * of the wrong type or outside its domain, an unknown or forbidden key at any level, nesting far too
 * deep, a body that is no JSON object at all.
 */
export const invalidBodies = (
  fields: Fields,
  valid: Json,
  { bodyLimit = 64 * 1024 }: { bodyLimit?: number } = {},
): fc.Arbitrary<Invalidation> => {
  const sites = sitesOf(fields, valid);
  const required = sites.filter((s) => s.present && s.field.required && typeof s.path.at(-1) === 'string');
  const objects = objectPaths(fields, valid);
  const containers = containerPaths(valid);
  const at = (site: Site) => describePath(site.path);

  // One site at a time, each as likely as any other, then one of the ways its kind refuses a value.
  const valueMutations: fc.Arbitrary<Invalidation>[] = sites.map((site) => {
    const current = get(valid, site.path);
    const kind = site.field.kind;
    const candidates = [
      wrongType(kind, site.field.required),
      ...outOfDomain(kind),
      ...(kind.t === 'array' && Array.isArray(current) ? arrayInvalidations(kind, current) : []),
    ];
    return fc.oneof(...candidates).map((value) => ({
      what: `invalid value (${kind.t})`,
      path: at(site),
      body: setAt(valid, site.path, value),
    }));
  });

  const missing = required.map((site) =>
    fc.constant({ what: 'required field missing', path: at(site), body: setAt(valid, site.path, REMOVE) }),
  );

  const unknownField = fc
    .tuple(
      fc.constantFrom(...objects),
      unknownFieldName(),
      fc.oneof(hostileFragment(), fc.integer(), fc.constant(null)),
    )
    .filter(([path, name]) => !Object.hasOwn(fieldsAt(fields, path), name))
    .map(([path, name, value]) => ({
      what: 'unknown field',
      path: describePath([...path, name]),
      body: setAt(valid, path, withOwnKey(get(valid, path) as Record<string, unknown>, name, value)),
    }));

  const forbiddenKey = fc
    .tuple(fc.constantFrom(...containers), fc.constantFrom(...FORBIDDEN_KEYS), fc.nat({ max: 1_000_000 }))
    .map(([path, key, marker]) => ({
      what: 'forbidden key',
      path: describePath([...path, key]),
      body: setAt(
        valid,
        path,
        withOwnKey(
          get(valid, path) as Record<string, unknown>,
          key,
          key === 'constructor'
            ? { prototype: { [`fzPolluted${marker}`]: true } }
            : { [`fzPolluted${marker}`]: true },
        ),
      ),
    }));

  // An empty body has no value to replace: the nesting and the size go into an unknown field then.
  const present: Site[] = sites.some((s) => s.present)
    ? sites.filter((s) => s.present)
    : [{ path: ['fzPadding'], field: req({ t: 'any-object' }), present: false }];
  const tooDeep = fc.tuple(fc.constantFrom(...present), deepNesting()).map(([site, nested]) => ({
    what: 'nesting too deep',
    path: at(site),
    body: setAt(valid, site.path, nested),
  }));

  const notAnObject = fc
    .oneof(
      fc.constantFrom(...MALFORMED_BODIES).map((text) => new RawJson(text)),
      fc.constant(new RawJson('[]')),
      fc.constant([valid]),
    )
    .map((body) => ({ what: 'not a JSON object', path: 'body', body }));

  // Larger than the route's body limit, now and then by megabytes: refused before it is parsed.
  const oversized = fc
    .tuple(
      fc.constantFrom(...present),
      fc.oneof(
        { arbitrary: longString(bodyLimit, Math.ceil(bodyLimit * 1.25)), weight: 3 },
        {
          arbitrary: longString(Math.max(bodyLimit, 2_000_000), Math.max(bodyLimit * 1.25, 5_000_000)),
          weight: 1,
        },
      ),
    )
    .map(([site, huge]) => ({ what: 'body too large', path: at(site), body: setAt(valid, site.path, huge) }));

  return fc.oneof(
    ...(valueMutations.length > 0 ? [{ arbitrary: fc.oneof(...valueMutations), weight: 6 }] : []),
    { arbitrary: oversized, weight: 1 },
    ...(missing.length > 0 ? [{ arbitrary: fc.oneof(...missing), weight: 1 }] : []),
    { arbitrary: unknownField, weight: 1 },
    { arbitrary: forbiddenKey, weight: 1 },
    { arbitrary: tooDeep, weight: 1 },
    { arbitrary: notAnObject, weight: 1 },
  );
};

const fieldsAt = (fields: Fields, path: Path): Fields => {
  let current = fields;
  for (const step of path) {
    if (typeof step === 'number') continue;
    const kind = current[step]?.kind;
    if (kind?.t === 'object') current = kind.fields;
    else if (kind?.t === 'array' && kind.of.t === 'object') current = kind.of.fields;
    else return {};
  }
  return current;
};
