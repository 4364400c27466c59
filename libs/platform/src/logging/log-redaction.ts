/**
 * What no log line may carry, whatever a caller passes to the logger: credentials in headers
 * (authorization, x-api-key, cookies) and any field whose name says it holds a token, a secret, a
 * password or a key. Serializers already keep headers and bodies out of request logs; these paths are
 * the second line, for objects logged by hand.
 */
const HEADER_PATHS = ['authorization', '["x-api-key"]', 'cookie', '["set-cookie"]'];
const SECRET_FIELDS = [
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'password',
  'apiKey',
  'api_key',
  'key',
  'privateKey',
  'credentials',
];

export const REDACTED = '[redacted]';

export const LOG_REDACT_PATHS: readonly string[] = [
  ...HEADER_PATHS.flatMap((h) => [`req.headers.${h}`, `headers.${h}`, `res.headers.${h}`]).map((p) =>
    p.replace('.[', '['),
  ),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'req.body',
  'body',
  'res.body',
];

/** Anything that looks like a credential inside a free-text message: JWTs, our API keys, bearer values. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  /cak_[A-Za-z0-9_-]{20,}/g,
  /(bearer\s+)[^\s"',;]+/gi,
];

/** A message with every credential-shaped run replaced; the rest left as it was. */
export const scrubCredentials = (text: string): string =>
  CREDENTIAL_PATTERNS.reduce(
    (out, pattern) =>
      out.replace(pattern, (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}${REDACTED}`),
    text,
  );
