import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Authenticator, authConfigShape, hashApiKey, parseEnv } from '@app/platform';
import { TEST_JWT_SECRET, testToken } from '@app/platform/auth/test-support';
import {
  ensureLocalCredentials,
  firstRunNotice,
  handOverAdminKey,
  localAdminKeyFile,
  localJwtSecretFile,
  newAdminKeyFile,
} from './local-credentials';

const authenticatorFor = (env: Record<string, string>) =>
  new Authenticator(parseEnv(z.object(authConfigShape), env));

describe('the standalone’s local credentials', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-credentials-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes a JWT secret and an admin key on the first run, keeping only the key’s hash', () => {
    const first = ensureLocalCredentials(dataDir, {});
    expect(first.newAdminKey).toMatch(/^cak_/);
    const stored = readFileSync(localAdminKeyFile(dataDir), 'utf8');
    expect(stored).not.toContain(first.newAdminKey);
    expect(JSON.parse(stored)).toMatchObject({ id: 'local-admin', sha256: hashApiKey(first.newAdminKey!) });
    for (const file of [localAdminKeyFile(dataDir), localJwtSecretFile(dataDir)])
      expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.env.AUTH_JWT_SECRETS.length).toBeGreaterThanOrEqual(32);

    const principal = authenticatorFor(first.env).authenticate({ apiKey: first.newAdminKey });
    expect(principal).toEqual({
      subject: 'local-admin',
      roles: ['admin', 'supervisor'],
      orgUnits: 'all',
      via: 'api-key',
      sources: [],
    });
  });

  it('reuses both on later runs and shows no key again', () => {
    const first = ensureLocalCredentials(dataDir, {});
    const later = ensureLocalCredentials(dataDir, {});
    expect(later.newAdminKey).toBeUndefined();
    expect(later.env).toEqual(first.env);
    expect(authenticatorFor(later.env).authenticate({ apiKey: first.newAdminKey }).roles).toEqual([
      'admin',
      'supervisor',
    ]);
  });

  it('makes a new key, and refuses the old one, once the key file is deleted', () => {
    const first = ensureLocalCredentials(dataDir, {});
    unlinkSync(localAdminKeyFile(dataDir));
    const reset = ensureLocalCredentials(dataDir, {});
    expect(reset.newAdminKey).toBeDefined();
    expect(reset.newAdminKey).not.toBe(first.newAdminKey);
    expect(() => authenticatorFor(reset.env).authenticate({ apiKey: first.newAdminKey })).toThrow();
  });

  it('keeps configured secrets and keys, adding the local admin key', () => {
    const configured = [{ id: 'hotline', sha256: 'ab'.repeat(32), roles: ['system'] }];
    const credentials = ensureLocalCredentials(dataDir, {
      AUTH_JWT_SECRETS: TEST_JWT_SECRET,
      AUTH_API_KEYS: JSON.stringify(configured),
    });
    expect(credentials.env.AUTH_JWT_SECRETS).toBe(TEST_JWT_SECRET);
    expect(() => statSync(localJwtSecretFile(dataDir))).toThrow();
    const keys = JSON.parse(credentials.env.AUTH_API_KEYS) as { id: string }[];
    expect(keys.map((k) => k.id)).toEqual(['hotline', 'local-admin']);
    const auth = authenticatorFor(credentials.env);
    expect(auth.fromBearer(`Bearer ${testToken({ roles: ['agent'] })}`).subject).toBe('A1001');
  });

  it('prints the key once with how to use it', () => {
    const notice = firstRunNotice('http://127.0.0.1:3000', 'cak_example', '/data/admin-api-key.json');
    expect(notice).toContain("curl -H 'X-Api-Key: cak_example' http://127.0.0.1:3000/taxonomy");
    expect(notice).toContain('http://127.0.0.1:3000/auth/tokens');
  });

  it('hands a new key over on the terminal, or else in an owner-only file, never in the log line', () => {
    const key = 'cak_never-in-a-log-0123456789abcdefghijklmnopqrstuv';
    const onTerminal = handOverAdminKey(dataDir, 'http://127.0.0.1:3000', key, '/k.json', true);
    expect(onTerminal.print).toContain(key);
    expect(onTerminal.log).not.toContain(key);
    expect(() => statSync(newAdminKeyFile(dataDir))).toThrow();

    const piped = handOverAdminKey(dataDir, 'http://127.0.0.1:3000', key, '/k.json', false);
    expect(piped.print).toBeUndefined();
    expect(piped.log).not.toContain(key);
    expect(piped.log).toContain(newAdminKeyFile(dataDir));
    expect(readFileSync(newAdminKeyFile(dataDir), 'utf8')).toContain(`X-Api-Key: ${key}`);
    expect(statSync(newAdminKeyFile(dataDir)).mode & 0o077).toBe(0);
  });
});
