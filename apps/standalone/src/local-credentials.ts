import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiKeyEntry, generateApiKey, hashApiKey } from '@app/platform';
import { localSecret } from '@app/platform/local-secret';

/** The JWT signing secret made once per data directory when AUTH_JWT_SECRETS is not set. */
const LOCAL_JWT_SECRET_FILE = 'auth-jwt.secret';
export const localJwtSecretFile = (dataDir: string): string => join(dataDir, LOCAL_JWT_SECRET_FILE);
/** The local admin API key, stored as its SHA-256 only: the key itself is printed once, never stored. */
export const localAdminKeyFile = (dataDir: string): string => join(dataDir, 'admin-api-key.json');

export const LOCAL_ADMIN_ID = 'local-admin';
export const LOCAL_ADMIN_ROLES = ['admin', 'supervisor'] as const;

export type LocalCredentials = {
  /** AUTH_JWT_SECRETS and AUTH_API_KEYS for every module of the process: they all verify the same keys. */
  env: { AUTH_JWT_SECRETS: string; AUTH_API_KEYS: string };
  /** The admin key made on this run, to be shown once; undefined when it was made on an earlier run. */
  newAdminKey?: string;
  adminKeyFile: string;
  /** When the admin key was made (ISO-8601). */
  adminKeyCreatedAt: string;
};

/** Writes a file readable by its owner only, failing if it already exists (two starts at once). */
const writeOnce = (file: string, content: string) =>
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' });

/**
 * The embedded default's credentials, made on its first run in DATA_DIR (like the customer key secret):
 * a JWT secret (unless AUTH_JWT_SECRETS is set) and an admin API key, added to AUTH_API_KEYS. Deleting
 * the key file makes a new admin key on the next start; deleting the secret invalidates every token.
 */
export const ensureLocalCredentials = (
  dataDir: string,
  env: NodeJS.ProcessEnv,
  now: () => Date = () => new Date(),
): LocalCredentials => {
  mkdirSync(dataDir, { recursive: true });
  const secrets = env.AUTH_JWT_SECRETS?.trim() || localSecret(dataDir, LOCAL_JWT_SECRET_FILE, 48);

  const keyFile = localAdminKeyFile(dataDir);
  let newAdminKey: string | undefined;
  if (!existsSync(keyFile)) {
    newAdminKey = generateApiKey();
    const record = { id: LOCAL_ADMIN_ID, sha256: hashApiKey(newAdminKey), createdAt: now().toISOString() };
    writeOnce(keyFile, `${JSON.stringify(record, null, 2)}\n`);
  }
  const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as {
    id: string;
    sha256: string;
    createdAt: string;
  };
  // The installation owner's key: an issuer hands out only permissions it holds, so it holds a
  // supervisor's too, and can issue every staff role (its own reads of personal data are audited).
  const admin: ApiKeyEntry = { id: stored.id, sha256: stored.sha256, roles: [...LOCAL_ADMIN_ROLES] };
  const configuredKeys = env.AUTH_API_KEYS?.trim() ? (JSON.parse(env.AUTH_API_KEYS) as unknown[]) : [];
  return {
    env: { AUTH_JWT_SECRETS: secrets, AUTH_API_KEYS: JSON.stringify([...configuredKeys, admin]) },
    newAdminKey,
    adminKeyFile: keyFile,
    adminKeyCreatedAt: stored.createdAt,
  };
};

/** What the first run prints, once: the key, and how to use it. */
export const firstRunNotice = (url: string, key: string, keyFile: string): string => {
  const rule = '='.repeat(100);
  return [
    '',
    rule,
    '  LOCAL ADMIN CREDENTIAL — shown this once; only its SHA-256 is kept (in ' + keyFile + ')',
    '',
    `  X-Api-Key: ${key}`,
    '',
    '  Use it as a header:',
    `    curl -H 'X-Api-Key: ${key}' ${url}/taxonomy`,
    '  Issue role tokens (agent, supervisor, analyst, executive, admin; orgUnits optional; at most 12 h):',
    `    curl -H 'X-Api-Key: ${key}' -H 'Content-Type: application/json' -X POST ${url}/auth/tokens \\`,
    `         -d '{"subject":"A1001","roles":["agent"],"ttlSeconds":28800}'`,
    '    then send  Authorization: Bearer <token>  (the dashboard asks for a token or this key).',
    rule,
    '',
  ].join('\n');
};

/** Where a first run hands its new key over when no terminal shows it. */
export const newAdminKeyFile = (dataDir: string): string => join(dataDir, 'admin-api-key.new.txt');

/**
 * Hands the first run's key to the person starting the process, never to a log: printed on the
 * terminal when standard output is one; otherwise (output piped to a log collector, a container's log)
 * written to a file only its owner may read, and the log says where. Returns what to print, if anything,
 * and the log line, which never holds the key.
 */
export const handOverAdminKey = (
  dataDir: string,
  url: string,
  key: string,
  keyFile: string,
  terminal: boolean,
): { print?: string; log: string } => {
  const notice = firstRunNotice(url, key, keyFile);
  if (terminal) return { print: notice, log: 'A new local admin API key was made and is shown below, once.' };
  const file = newAdminKeyFile(dataDir);
  writeFileSync(file, notice, { mode: 0o600 });
  return {
    log:
      `A new local admin API key was made. Standard output is not a terminal, so it is not printed (logs ` +
      `must not hold it): read it from ${file} (readable by its owner only), keep it, and delete the file.`,
  };
};

/** What later runs print instead. */
export const laterRunNotice = (keyFile: string, createdAt: string): string =>
  `Local admin API key made on ${createdAt} and printed on that first run (only its hash is kept in ` +
  `${keyFile}). Lost it? Stop the process, delete that file and start again: a new key is printed.`;
