import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looserThanPrivate } from '@app/event-store';
import { PRIVATE_UMASK, ownerOnlyFiles, secureDataDir } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('security class 8: security headers and private files (data directory modes)', () => {
  let root: string;
  let umask: number;
  const CONTENT = 'customer 王小明 +86 138 0000 0000';

  beforeEach(() => {
    umask = process.umask();
    root = mkdtempSync(join(tmpdir(), 'private-files-'));
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('makes everything the process creates afterwards its owner’s alone: directories 0700, files 0600', () => {
    process.umask(0o022);
    ownerOnlyFiles();
    expect(process.umask()).toBe(PRIVATE_UMASK);
    mkdirSync(join(root, 'event-store', 'base'), { recursive: true });
    writeFileSync(join(root, 'event-store', 'base', 'segment'), CONTENT);
    expect(modeOf(join(root, 'event-store'))).toBe(0o700);
    expect(modeOf(join(root, 'event-store', 'base'))).toBe(0o700);
    expect(modeOf(join(root, 'event-store', 'base', 'segment'))).toBe(0o600);
  });

  it('warns once per directory that others may read, naming each path and its mode but never its content, and changes nothing', () => {
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'chdb'), { recursive: true });
    writeFileSync(join(dir, 'customer-key.secret'), CONTENT, { mode: 0o644 });
    writeFileSync(join(dir, 'chdb', 'part.bin'), CONTENT, { mode: 0o600 });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'chdb'), 0o700);
    chmodSync(join(dir, 'customer-key.secret'), 0o644);
    const warnings: string[] = [];

    secureDataDir([dir, join(dir, 'chdb'), join(root, 'missing')], (message) => warnings.push(message));

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${dir} (0755)`);
    expect(warnings[0]).toContain(`${join(dir, 'customer-key.secret')} (0644)`);
    expect(warnings[0]).toContain('2 entries');
    expect(warnings[0]).toContain(`chmod -R go= ${dir}`);
    expect(warnings[0]).not.toContain('王小明');
    expect(warnings[0]).not.toContain('138');
    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(join(dir, 'customer-key.secret'))).toBe(0o644);
  });

  it('says nothing about a private directory, and lists at most a few of many loose entries', () => {
    const tidy = join(root, 'tidy');
    mkdirSync(tidy, { mode: 0o700 });
    writeFileSync(join(tidy, 'f'), CONTENT, { mode: 0o600 });
    chmodSync(tidy, 0o700);
    chmodSync(join(tidy, 'f'), 0o600);
    const warnings: string[] = [];
    secureDataDir([tidy], (message) => warnings.push(message));
    expect(warnings).toEqual([]);

    const loose = join(root, 'loose');
    mkdirSync(loose, { mode: 0o700 });
    chmodSync(loose, 0o700);
    for (let i = 0; i < 12; i++) {
      writeFileSync(join(loose, `f${i}`), CONTENT);
      chmodSync(join(loose, `f${i}`), 0o640);
    }
    const found = looserThanPrivate(loose, 5);
    expect(found.count).toBe(12);
    expect(found.listed).toHaveLength(5);
    expect(found.listed.every(({ mode }) => mode === '0640')).toBe(true);
  });
});
