import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Requests that break the HTTP layer below the controllers rather than a DTO: charsets and content
 * encodings the body parser does not read, bodies that do not decompress or are cut off, paths that are
 * not valid percent-encoded UTF-8, repeated headers. Sent raw (`raw-http.ts`), since a client library
 * refuses to send most of them. Each must be answered with a 4xx naming field, reason and code — never
 * a 5xx with an error-level log line per request.
 */
export type HostileRequest = {
  what: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
  /** The client goes away with the body incomplete: no answer comes, the server must still not fail. */
  abort?: boolean;
  /** The answer's code and field, when this kind of request has one certain answer. */
  expected?: { code: string; field: string };
  /** What the client sent that the answer must not repeat. */
  notEchoed?: string;
};

export type HostileTarget = {
  method: string;
  /** The route's path; `:param` is replaced by `paramValue` or by a malformed sequence. */
  path: string;
  paramValue?: string;
  headers: Record<string, string>;
  /** A body the route accepts (JSON text); the hostile variants differ from it only in how it is sent. */
  body?: string;
  /** Whether the service reads JSON bodies at all (the query service has no body parser). */
  readsBodies: boolean;
  /** Whether the route reads If-Match, Idempotency-Key and X-Correlation-Id. */
  contextHeaders?: boolean;
  /** A query parameter the route reads: a malformed percent sequence in its value is refused there. */
  queryParam?: string;
};

/** Percent sequences `decodeURIComponent` refuses: cut short, not hex, invalid or overlong UTF-8, surrogates. */
export const MALFORMED_PERCENT: readonly string[] = [
  '%',
  '%8',
  '%%',
  '%zz',
  '%E0%A4%A',
  '%E0%A4',
  '%C3%28',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%F0%28%8C%BC',
];

const decodes = (text: string): boolean => {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

/** A path segment holding one malformed sequence among harmless characters (which may not complete it). */
export const malformedSegment = (): fc.Arbitrary<string> => {
  const safe = fc.string({ unit: fc.constantFrom(...'abcxyz0129-_'), maxLength: 6 });
  return fc
    .tuple(safe, fc.constantFrom(...MALFORMED_PERCENT), safe)
    .map(([before, broken, after]) => `${before}${broken}${after}`)
    .filter((segment) => !decodes(segment));
};

const ENCODINGS = ['gzip', 'deflate', 'br'] as const;
type Encoding = (typeof ENCODINGS)[number];
const compress = (encoding: Encoding, data: Buffer): Buffer =>
  encoding === 'gzip'
    ? gzipSync(data)
    : encoding === 'deflate'
      ? deflateSync(data)
      : brotliCompressSync(data);

/** Charset names body-parser does not read JSON in (it reads utf-8, and other `utf-*` names through iconv). */
const unknownCharset = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      'latin1',
      'iso-8859-1',
      'us-ascii',
      'ucs-2',
      'binary',
      'koi8-r',
      'gb2312',
      'x'.repeat(300),
    ),
    fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/),
  );

/** Content-Encoding values body-parser does not decompress: unknown names and lists (`gzip, gzip`). */
const unknownEncoding = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('compress', 'zstd', 'x-gzip', 'gzip, gzip', 'identity, gzip', 'br;q=1', 'deflate, br'),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
  );

const bombs = new Map<Encoding, Buffer>();
/** Far past every body limit once inflated (8 MiB of spaces): the parser must stop at its limit. */
const bombOf = (encoding: Encoding): Buffer => {
  const known = bombs.get(encoding);
  if (known) return known;
  const bomb = compress(encoding, Buffer.alloc(8 * 1024 * 1024, ' '));
  bombs.set(encoding, bomb);
  return bomb;
};

const notRead = (name: string, read: readonly string[]) => !read.includes(name.toLowerCase());

/** The hostile requests for one route. */
export const hostileRequests = (target: HostileTarget): fc.Arbitrary<HostileRequest> => {
  const url = (param = target.paramValue, query = '') =>
    `${target.path.replace(/:\w+/, param ?? '')}${query}`;
  const credential = Object.entries(target.headers);
  const body = Buffer.from(target.body ?? '{}', 'utf8');
  const json = (extra: [string, string][], data: Buffer): HostileRequest['headers'] => [
    ...credential,
    ['Content-Type', 'application/json'],
    ['Content-Length', String(data.length)],
    ...extra,
  ];
  const request = (
    what: string,
    headers: [string, string][],
    data?: Buffer,
    rest: Partial<HostileRequest> = {},
  ): HostileRequest => ({
    what,
    method: target.method,
    path: url(),
    headers,
    ...(data ? { body: data } : {}),
    ...rest,
  });
  const ways: fc.Arbitrary<HostileRequest>[] = [];

  if (/:\w+/.test(target.path))
    ways.push(
      malformedSegment().map((segment) => ({
        what: 'malformed percent-encoding in the path',
        method: target.method,
        path: url(segment),
        headers: credential,
        expected: { code: 'REQUEST.MALFORMED_PATH', field: 'path' },
        notEchoed: segment,
      })),
    );

  const { queryParam } = target;
  if (queryParam)
    ways.push(
      malformedSegment().map((value) => ({
        what: 'malformed percent-encoding in the query',
        method: target.method,
        path: url(undefined, `?${queryParam}=${value}`),
        headers: credential,
      })),
    );

  if (target.readsBodies) {
    ways.push(
      unknownCharset()
        .filter((charset) => !charset.toLowerCase().startsWith('utf'))
        .map((charset) =>
          request(
            'unknown charset',
            [
              ...credential,
              ['Content-Type', `application/json; charset=${charset}`],
              ['Content-Length', String(body.length)],
            ],
            body,
            { expected: { code: 'REQUEST.UNSUPPORTED_CHARSET', field: 'Content-Type' } },
          ),
        ),
      unknownEncoding()
        .filter((encoding) => notRead(encoding, ['identity', ...ENCODINGS]))
        .map((encoding) =>
          request('unknown content encoding', json([['Content-Encoding', encoding]], body), body, {
            expected: { code: 'REQUEST.UNSUPPORTED_ENCODING', field: 'Content-Encoding' },
          }),
        ),
      fc.constantFrom(...ENCODINGS).map((encoding) => {
        const twice = compress(encoding, compress(encoding, body));
        return request(
          'repeated Content-Encoding header',
          json(
            [
              ['Content-Encoding', encoding],
              ['Content-Encoding', encoding],
            ],
            twice,
          ),
          twice,
          { expected: { code: 'REQUEST.UNSUPPORTED_ENCODING', field: 'Content-Encoding' } },
        );
      }),
      fc
        .tuple(fc.constantFrom(...ENCODINGS), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([encoding, at]) => {
          const whole = compress(encoding, body);
          const cut = whole.subarray(
            0,
            Math.max(1, Math.min(whole.length - 1, Math.floor(at * whole.length))),
          );
          return request(
            `${encoding} body cut short`,
            json([['Content-Encoding', encoding]], cut),
            cut,
            encoding === 'br' ? {} : { expected: { code: 'REQUEST.MALFORMED_ENCODING', field: 'body' } },
          );
        }),
      fc
        // Not brotli: it has no header, and a byte or two of it can be a valid empty stream (an empty body).
        .tuple(fc.constantFrom('gzip', 'deflate'), fc.uint8Array({ minLength: 1, maxLength: 512 }))
        .map(([encoding, bytes]) =>
          request(
            `random bytes as ${encoding}`,
            json([['Content-Encoding', encoding]], Buffer.from(bytes)),
            Buffer.from(bytes),
          ),
        ),
      fc.constantFrom(...ENCODINGS).map((encoding) => {
        const bomb = bombOf(encoding);
        return request(`${encoding} bomb`, json([['Content-Encoding', encoding]], bomb), bomb, {
          expected: { code: 'REQUEST.TOO_LARGE', field: 'body' },
        });
      }),
      fc
        .integer({ min: 1, max: 10_000 })
        .map((missing) =>
          request(
            'body shorter than Content-Length, client gone',
            [
              ...credential,
              ['Content-Type', 'application/json'],
              ['Content-Length', String(body.length + missing)],
            ],
            body,
            { abort: true },
          ),
        ),
      fc
        .integer({ min: 1, max: 100 })
        .map((more) =>
          request(
            'two different Content-Length headers',
            [
              ...credential,
              ['Content-Type', 'application/json'],
              ['Content-Length', String(body.length)],
              ['Content-Length', String(body.length + more)],
            ],
            body,
            { expected: { code: 'REQUEST.MALFORMED', field: 'request' } },
          ),
        ),
    );
    if (target.contextHeaders)
      ways.push(
        fc
          .tuple(
            fc.constantFrom('If-Match', 'Idempotency-Key', 'X-Correlation-Id'),
            fc.constantFrom('"0"', '"1"', 'k-1', 'k-2'),
            fc.constantFrom('"0"', '"2"', 'k-1', 'k-3'),
          )
          .map(([name, first, second]) =>
            request(
              `repeated ${name} header`,
              json(
                [
                  [name, first],
                  [name, second],
                ],
                body,
              ),
              body,
            ),
          ),
      );
  } else if (queryParam)
    ways.push(
      // A service that reads no body ignores it and its headers: the refused query is what is answered.
      fc.tuple(unknownCharset(), unknownEncoding(), malformedSegment()).map(([charset, encoding, value]) => ({
        ...request(
          'body, charset and encoding sent to a service without a body parser',
          [
            ...credential,
            ['Content-Type', `application/json; charset=${charset}`],
            ['Content-Encoding', encoding],
            ['Content-Length', String(body.length)],
          ],
          body,
        ),
        path: url(undefined, `?${queryParam}=${value}`),
      })),
    );
  return fc.oneof(...ways);
};
