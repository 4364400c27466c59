import { JwtService } from '@nestjs/jwt';
import { generateApiKey } from '../api-keys';
import { type AuthConfig } from '../auth.config';
import { recordTestCredential } from '../../logging/test-support';
import { type Role } from '../roles';

/** The secret every test harness configures its services with. Never used outside tests. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';
export const TEST_ISSUER = 'complaint-analytics';
export const TEST_AUDIENCE = 'complaint-analytics';

/** Environment variables that make a service verify the tokens made here. */
export const TEST_AUTH_ENV: Readonly<Record<string, string>> = { AUTH_JWT_SECRETS: TEST_JWT_SECRET };

/** The same settings, parsed: for harnesses that build a service's config object directly. */
export const TEST_AUTH_CONFIG: AuthConfig = {
  AUTH_JWT_SECRETS: [TEST_JWT_SECRET],
  AUTH_API_KEYS: [],
  AUTH_JWT_ISSUER: TEST_ISSUER,
  AUTH_JWT_AUDIENCE: TEST_AUDIENCE,
  AUTH_REVOCATION_REFRESH_MS: 1000,
};

/** The job number (or system id) a role's ready-made token carries. */
export const TEST_SUBJECTS: Readonly<Record<Role, string>> = {
  agent: 'A1001',
  supervisor: 'S2001',
  analyst: 'Q3001',
  executive: 'E4001',
  system: 'hotline-platform',
  admin: 'admin',
};

export type TestTokenClaims = {
  roles: readonly string[];
  subject?: string;
  orgUnits?: readonly string[];
  /** Seconds from now until it expires; negative for an already expired token. Default one hour. */
  ttlSeconds?: number;
  secret?: string;
  issuer?: string;
  audience?: string;
};

const jwt = new JwtService();

/** A signed test token (any roles, even unknown ones, so tests can check they are refused). */
export const testToken = ({
  roles,
  subject,
  orgUnits,
  ttlSeconds = 3600,
  secret = TEST_JWT_SECRET,
  issuer = TEST_ISSUER,
  audience = TEST_AUDIENCE,
}: TestTokenClaims): string => {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt.sign(
    {
      sub: subject ?? TEST_SUBJECTS[roles[0] as Role] ?? 'T0001',
      roles: [...roles],
      ...(orgUnits === undefined ? {} : { orgUnits: [...orgUnits] }),
      iat: now,
      exp: now + ttlSeconds,
    },
    { secret, algorithm: 'HS256', issuer, audience },
  );
  recordTestCredential(token);
  return token;
};

/** A new API key, remembered for the log scan like every token made here. */
export const testApiKey = (): string => {
  const key = generateApiKey();
  recordTestCredential(key);
  return key;
};

/** Headers carrying a test token: `{ Authorization: 'Bearer …' }`. */
export const bearer = (claims: TestTokenClaims): { Authorization: string } => ({
  Authorization: `Bearer ${testToken(claims)}`,
});

/** Ready-made headers per role, unscoped, valid for six hours from when the test file loaded. */
export const AGENT = bearer({ roles: ['agent'], ttlSeconds: 6 * 3600 });
export const SUPERVISOR = bearer({ roles: ['supervisor'], ttlSeconds: 6 * 3600 });
export const ANALYST = bearer({ roles: ['analyst'], ttlSeconds: 6 * 3600 });
export const EXECUTIVE = bearer({ roles: ['executive'], ttlSeconds: 6 * 3600 });
export const SYSTEM = bearer({ roles: ['system'], ttlSeconds: 6 * 3600 });
export const ADMIN = bearer({ roles: ['admin'], ttlSeconds: 6 * 3600 });
