import { z } from 'zod';
import { ROLES } from './roles';

/** Letters, digits and ._:@- : job numbers, system ids, org unit codes. */
export const IDENTIFIER = /^[A-Za-z0-9._:@-]{1,128}$/;

/** An upstream system's code, as messages name it in `source.system`. */
export const SOURCE_SYSTEM = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * What a principal may speak for: the configured or claimed sources, else — for a `system`
 * credential only — the source system its own id names. Staff speak for none.
 */
export const sourcesOf = (
  subject: string,
  roles: readonly string[],
  sources?: readonly string[],
): string[] =>
  sources !== undefined
    ? [...sources]
    : roles.includes('system') && SOURCE_SYSTEM.test(subject)
      ? [subject]
      : [];

/** Org units are named as registrations name them (up to 200 characters, as in `receivedBy.orgUnit`). */
export const ORG_UNIT_MAX_LENGTH = 200;

/** HS256 keys shorter than this are refused: a guessable key lets anyone mint tokens. */
export const MIN_SECRET_LENGTH = 32;

const apiKeyEntry = z.strictObject({
  id: z.string().regex(IDENTIFIER),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be the 64 hex digits of the key’s SHA-256')
    .transform((s) => s.toLowerCase()),
  roles: z.array(z.enum(ROLES)).min(1),
  orgUnits: z.array(z.string().min(1).max(ORG_UNIT_MAX_LENGTH)).optional(),
  /** The `source.system` codes the key may send for; a `system` key defaults to its own id. */
  sources: z.array(z.string().regex(SOURCE_SYSTEM, 'must be a lower-case source system code')).optional(),
});

export type ApiKeyEntry = z.infer<typeof apiKeyEntry>;

const secrets = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
  )
  .pipe(
    z.array(z.string().min(MIN_SECRET_LENGTH, `each secret needs at least ${MIN_SECRET_LENGTH} characters`)),
  );

const apiKeys = z
  .string()
  .default('[]')
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
      return z.NEVER;
    }
  })
  .pipe(z.array(apiKeyEntry));

/**
 * The authentication settings every service reads, spread into its own environment schema:
 * `AUTH_JWT_SECRETS` (comma-separated; the first signs, all verify, so a key can be rotated),
 * `AUTH_API_KEYS` (JSON `[{ id, sha256, roles, orgUnits? }]`: keys are configured hashed), and the
 * issuer and audience every token must carry.
 */
export const authConfigShape = {
  AUTH_JWT_SECRETS: secrets,
  AUTH_API_KEYS: apiKeys,
  AUTH_JWT_ISSUER: z.string().min(1).default('complaint-analytics'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('complaint-analytics'),
  /** How often each service reads new token revocations (the bound on refusing a revoked token). */
  AUTH_REVOCATION_REFRESH_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
};

export type AuthConfig = z.infer<z.ZodObject<typeof authConfigShape>>;

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** True when no credential at all can be verified: every protected route then answers 401. */
export const authDisabled = (config: AuthConfig): boolean =>
  config.AUTH_JWT_SECRETS.length === 0 && config.AUTH_API_KEYS.length === 0;

/** The auth settings out of a service's whole configuration (`AuthModule` is then shared by equal settings). */
export const authConfigOf = (config: AuthConfig): AuthConfig => ({
  AUTH_JWT_SECRETS: config.AUTH_JWT_SECRETS,
  AUTH_API_KEYS: config.AUTH_API_KEYS,
  AUTH_JWT_ISSUER: config.AUTH_JWT_ISSUER,
  AUTH_JWT_AUDIENCE: config.AUTH_JWT_AUDIENCE,
  AUTH_REVOCATION_REFRESH_MS: config.AUTH_REVOCATION_REFRESH_MS,
});
