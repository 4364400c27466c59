import { parseEnv } from '../config';
import { z } from 'zod';
import { generateApiKey, hashApiKey } from './api-keys';
import { authConfigShape, type AuthConfig } from './auth.config';
import { CredentialRejected } from './auth-errors';
import { Authenticator, VERIFIED_TOKEN_TTL_MS } from './authenticator';
import { TokenIssuer } from './token-issuer';
import { TEST_AUTH_CONFIG, TEST_JWT_SECRET, testToken } from './test-support';

const OTHER_SECRET = 'another-secret-of-at-least-32-characters!';
const config = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({ ...TEST_AUTH_CONFIG, ...overrides });

const rejection = (run: () => unknown): CredentialRejected => {
  try {
    run();
  } catch (error) {
    if (error instanceof CredentialRejected) return error;
    throw error;
  }
  throw new Error('expected the credential to be refused');
};

describe('Authenticator: bearer tokens', () => {
  const auth = new Authenticator(config());
  const header = (token: string) => `Bearer ${token}`;

  it('accepts a valid token and gives its subject, roles and org units', () => {
    const token = testToken({ roles: ['agent', 'supervisor'], subject: 'A1001', orgUnits: ['branch-1'] });
    expect(auth.fromBearer(header(token))).toEqual({
      subject: 'A1001',
      roles: ['agent', 'supervisor'],
      orgUnits: ['branch-1'],
      via: 'jwt',
      sources: [],
    });
  });

  it('takes a token without org units as unscoped', () => {
    expect(auth.fromBearer(header(testToken({ roles: ['analyst'] }))).orgUnits).toBe('all');
  });

  it('refuses an expired token', () => {
    const error = rejection(() => auth.fromBearer(header(testToken({ roles: ['agent'], ttlSeconds: -5 }))));
    expect(error).toMatchObject({ field: 'Authorization', reason: 'the token has expired' });
  });

  it('refuses a token signed with a key it does not know', () => {
    const token = testToken({ roles: ['agent'], secret: OTHER_SECRET });
    expect(rejection(() => auth.fromBearer(header(token))).reason).toBe(
      'the token’s signature does not verify',
    );
  });

  it('refuses a token for another audience or from another issuer', () => {
    const audience = testToken({ roles: ['agent'], audience: 'someone-else' });
    const issuer = testToken({ roles: ['agent'], issuer: 'someone-else' });
    expect(rejection(() => auth.fromBearer(header(audience))).reason).toBe(
      'the token is for another audience',
    );
    expect(rejection(() => auth.fromBearer(header(issuer))).reason).toBe('the token is from another issuer');
  });

  it('refuses a token naming an unknown role', () => {
    const token = testToken({ roles: ['agent', 'superuser'] });
    expect(rejection(() => auth.fromBearer(header(token))).reason).toBe('unknown role "superuser"');
  });

  it('refuses a token without roles or with a bad subject', () => {
    expect(rejection(() => auth.fromBearer(header(testToken({ roles: [] })))).reason).toMatch(/roles/);
    const badSubject = testToken({ roles: ['agent'], subject: 'has spaces' });
    expect(rejection(() => auth.fromBearer(header(badSubject))).reason).toMatch(/sub/);
  });

  it.each([
    ['no scheme', 'abc.def.ghi'],
    ['another scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ['two parts', 'Bearer abc.def'],
    ['an unsigned token', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ['garbage', 'Bearer not-a.jwt-at.all'],
  ])('refuses a malformed header: %s', (_name, value) => {
    expect(rejection(() => auth.fromBearer(value)).field).toBe('Authorization');
  });

  it('refuses a token signed with another algorithm', () => {
    // HS512 over the same secret: the verifier allows HS256 only.
    const [, payload] = testToken({ roles: ['agent'] }).split('.');
    const forged = `${Buffer.from('{"alg":"HS512","typ":"JWT"}').toString('base64url')}.${payload}.AAAA`;
    expect(() => auth.fromBearer(header(forged))).toThrow(CredentialRejected);
  });

  it('verifies with every configured secret, so a key can be rotated', () => {
    const rotated = new Authenticator(config({ AUTH_JWT_SECRETS: [OTHER_SECRET, TEST_JWT_SECRET] }));
    expect(rotated.fromBearer(header(testToken({ roles: ['agent'] }))).subject).toBe('A1001');
  });

  it('refuses every token when no secret is configured', () => {
    const none = new Authenticator(config({ AUTH_JWT_SECRETS: [] }));
    expect(() => none.fromBearer(header(testToken({ roles: ['agent'] })))).toThrow(CredentialRejected);
  });

  it('verifies what the issuer signs, with the expiry it was given', () => {
    const issuer = new TokenIssuer(config({ AUTH_JWT_SECRETS: [OTHER_SECRET, TEST_JWT_SECRET] }));
    const now = Math.floor(Date.now() / 1000);
    const issued = issuer.issue(
      { subject: 'S2001', roles: ['supervisor'], ttlSeconds: 600 },
      { subject: 'ADM-1' },
      now,
    );
    expect(issued.expiresAt).toBe(new Date((now + 600) * 1000).toISOString());
    const onlyOther = new Authenticator(config({ AUTH_JWT_SECRETS: [OTHER_SECRET] }));
    expect(onlyOther.fromBearer(header(issued.token))).toMatchObject({
      subject: 'S2001',
      orgUnits: 'all',
      tokenId: issued.tokenId,
      issuedBy: 'ADM-1',
    });
    // The first secret signs: a service that knows only the second one refuses it.
    expect(() => auth.fromBearer(header(issued.token))).toThrow(CredentialRejected);
  });

  it('lets the issuer refuse a lifetime beyond 12 hours', () => {
    const issuer = new TokenIssuer(config());
    expect(() =>
      issuer.issue({ subject: 'x', roles: ['agent'], ttlSeconds: 12 * 3600 + 1 }, { subject: 'ADM-1' }, 0),
    ).toThrow(/at most/);
  });

  it('refuses a token that lives longer than 12 hours from now, wherever it was made', () => {
    expect(() => auth.fromBearer(header(testToken({ roles: ['agent'], ttlSeconds: 13 * 3600 })))).toThrow(
      /longer than the 12 h/,
    );
    expect(auth.fromBearer(header(testToken({ roles: ['agent'], ttlSeconds: 11 * 3600 })))).toMatchObject({
      roles: ['agent'],
    });
  });
});

describe('Authenticator: API keys', () => {
  const systemKey = generateApiKey();
  const scopedKey = generateApiKey();
  const auth = new Authenticator(
    config({
      AUTH_API_KEYS: [
        { id: 'hotline-platform', sha256: hashApiKey(systemKey), roles: ['system'] },
        { id: 'branch-admin', sha256: hashApiKey(scopedKey), roles: ['admin'], orgUnits: ['branch-1'] },
      ],
    }),
  );

  it('recognises a configured key by its hash', () => {
    expect(auth.authenticate({ apiKey: systemKey })).toEqual({
      subject: 'hotline-platform',
      roles: ['system'],
      orgUnits: 'all',
      via: 'api-key',
      sources: ['hotline-platform'],
    });
    expect(auth.authenticate({ apiKey: scopedKey }).orgUnits).toEqual(['branch-1']);
  });

  it('binds a system credential to the upstream systems configured, else to its own id, and staff to none', () => {
    const bound = new Authenticator(
      config({
        AUTH_API_KEYS: [
          {
            id: 'counter-7',
            sha256: hashApiKey(systemKey),
            roles: ['system'],
            sources: ['counter', 'portal'],
          },
          { id: 'ops', sha256: hashApiKey(scopedKey), roles: ['admin'] },
        ],
      }),
    );
    expect(bound.authenticate({ apiKey: systemKey }).sources).toEqual(['counter', 'portal']);
    expect(bound.authenticate({ apiKey: scopedKey }).sources).toEqual([]);
    const bearer = (roles: string[]) => `Bearer ${testToken({ roles, subject: 'portal' })}`;
    expect(bound.fromBearer(bearer(['system'])).sources).toEqual(['portal']);
    // A staff token named like a system speaks for nothing.
    expect(bound.fromBearer(bearer(['agent'])).sources).toEqual([]);
  });

  it('refuses an unknown, empty or oversized key', () => {
    for (const key of [generateApiKey(), '', 'x'.repeat(300), systemKey.slice(0, -1)])
      expect(rejection(() => auth.authenticate({ apiKey: key })).field).toBe('X-Api-Key');
  });

  it('refuses a request with no credential or with both kinds', () => {
    expect(rejection(() => auth.authenticate({})).field).toBe('Authorization');
    const both = { apiKey: systemKey, authorization: `Bearer ${testToken({ roles: ['agent'] })}` };
    expect(rejection(() => auth.authenticate(both)).reason).toMatch(/not both/);
  });

  it('makes keys that differ and carry 256 random bits', () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    expect(systemKey).toMatch(/^cak_[A-Za-z0-9_-]{43}$/);
  });
});

describe('auth configuration', () => {
  const schema = z.object(authConfigShape);

  it('reads comma-separated secrets and hashed keys', () => {
    const parsed = parseEnv(schema, {
      AUTH_JWT_SECRETS: ` ${TEST_JWT_SECRET} , ${OTHER_SECRET}`,
      AUTH_API_KEYS: JSON.stringify([{ id: 'k1', sha256: 'AB'.repeat(32), roles: ['system'] }]),
    });
    expect(parsed.AUTH_JWT_SECRETS).toEqual([TEST_JWT_SECRET, OTHER_SECRET]);
    expect(parsed.AUTH_API_KEYS[0]!.sha256).toBe('ab'.repeat(32));
  });

  it('defaults to no keys at all', () => {
    expect(parseEnv(schema, {})).toMatchObject({ AUTH_JWT_SECRETS: [], AUTH_API_KEYS: [] });
  });

  it.each([
    [{ AUTH_JWT_SECRETS: 'short' }, /AUTH_JWT_SECRETS/],
    [{ AUTH_API_KEYS: 'not json' }, /AUTH_API_KEYS: must be a JSON array/],
    [{ AUTH_API_KEYS: '[{"id":"k","sha256":"00","roles":["system"]}]' }, /sha256/],
    [{ AUTH_API_KEYS: `[{"id":"k","sha256":"${'0'.repeat(64)}","roles":["root"]}]` }, /roles/],
    [{ AUTH_API_KEYS: `[{"id":"k","sha256":"${'0'.repeat(64)}","roles":[],"x":1}]` }, /AUTH_API_KEYS/],
  ])('refuses a bad setting %#', (env, message) => {
    expect(() => parseEnv(schema, env)).toThrow(message);
  });
});

describe('Authenticator: verified tokens remembered briefly', () => {
  const header = (token: string) => `Bearer ${token}`;

  it('gives the same principal again, each time a copy of its own', () => {
    const auth = new Authenticator(config());
    const token = testToken({ roles: ['agent'], subject: 'A1001', orgUnits: ['branch-1'] });
    const first = auth.fromBearer(header(token));
    (first.roles as string[]).length = 0;
    (first as { subject: string }).subject = 'changed';
    expect(auth.fromBearer(header(token))).toMatchObject({ subject: 'A1001', roles: ['agent'] });
  });

  it('never past the token’s own expiry', () => {
    const auth = new Authenticator(config());
    let now = Date.now();
    auth.now = () => now;
    const token = testToken({ roles: ['agent'], ttlSeconds: 3 });
    expect(auth.fromBearer(header(token)).roles).toEqual(['agent']);
    now += 4_000;
    // The verifier's own clock has not moved: only the remembered entry's bound refuses it here.
    jest.useFakeTimers({ now });
    try {
      expect(rejection(() => auth.fromBearer(header(token))).reason).toBe('the token has expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('verifies again after the short time, so a key removed from the configuration refuses it then', () => {
    const rotated = config({ AUTH_JWT_SECRETS: [TEST_JWT_SECRET] });
    const auth = new Authenticator(rotated);
    let now = Date.now();
    auth.now = () => now;
    const token = testToken({ roles: ['agent'] });
    auth.fromBearer(header(token));
    (auth as unknown as { keys: unknown[] }).keys.length = 0;
    expect(auth.fromBearer(header(token)).roles).toEqual(['agent']);
    now += VERIFIED_TOKEN_TTL_MS + 1;
    expect(rejection(() => auth.fromBearer(header(token))).reason).toBe('no token can be verified here');
  });

  it('remembers no refusal: a bad token is refused every time', () => {
    const auth = new Authenticator(config());
    const token = testToken({ roles: ['agent'], secret: OTHER_SECRET });
    for (let i = 0; i < 3; i++)
      expect(rejection(() => auth.fromBearer(header(token))).reason).toBe(
        'the token’s signature does not verify',
      );
  });
});
