import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The entries of every `ports:` list of a compose file, as written. */
const publishedPorts = (compose: string): string[] => {
  const ports: string[] = [];
  let indent: number | undefined;
  for (const line of compose.split('\n')) {
    const key = /^(\s*)ports:\s*$/.exec(line);
    if (key) {
      indent = key[1]!.length;
      continue;
    }
    const item = /^(\s*)-\s*(.+)$/.exec(line);
    if (indent !== undefined && item && item[1]!.length > indent) ports.push(item[2]!.replace(/['"]/g, ''));
    else if (line.trim() !== '') indent = undefined;
  }
  return ports;
};

describe('security class 8: security headers and private files (the Docker engines)', () => {
  const compose = read('infra/docker-compose.yml');

  it('publishes every engine port on the loopback interface only', () => {
    const ports = publishedPorts(compose);
    expect(ports.length).toBeGreaterThanOrEqual(5);
    expect(ports.filter((port) => !port.startsWith('127.0.0.1:'))).toEqual([]);
  });

  it('takes every password from the uncommitted env file and trusts no connection', () => {
    expect(compose).not.toMatch(/HOST_AUTH_METHOD:\s*trust/);
    const passwords = [...compose.matchAll(/^\s*(\w*PASSWORD\w*):\s*(.*)$/gm)].map(([, name, value]) => ({
      name,
      value,
    }));
    expect(passwords.map(({ name }) => name).sort()).toEqual(['CLICKHOUSE_PASSWORD', 'POSTGRES_PASSWORD']);
    for (const { name, value } of passwords) expect(value).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    const example = read('infra/.env.example');
    for (const { name } of passwords) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
    expect(read('.gitignore').split('\n')).toContain('infra/.env');
  });
});
