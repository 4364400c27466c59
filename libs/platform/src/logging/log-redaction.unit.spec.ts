import pino from 'pino';
import { testToken } from '../auth/test-support';
import { generateApiKey } from '../auth/api-keys';
import { loggerOptions } from './logger.module';
import { scrubCredentials } from './log-redaction';

const capture = () => {
  const lines: string[] = [];
  const logger = pino(loggerOptions('info'), { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
};

describe('security class 1: the log settings keep credentials out', () => {
  const jwt = testToken({ roles: ['admin'] });
  const key = generateApiKey();

  it('redacts credential headers and fields named like secrets, at any depth used', () => {
    const { logger, text } = capture();
    logger.info({
      headers: { authorization: `Bearer ${jwt}`, 'x-api-key': key, cookie: 'sid=1' },
      token: jwt,
      config: { secret: 'jwt-secret-value-0123456789', apiKey: key },
      deep: { inner: { password: 'hunter2-password' } },
      body: { customer: { name: '王小明' } },
    });
    const out = text();
    for (const secret of [jwt, key, 'sid=1', 'jwt-secret-value-0123456789', 'hunter2-password', '王小明'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('scrubs tokens and keys out of free-text messages and errors', () => {
    const { logger, text } = capture();
    logger.warn(`upstream refused Bearer ${jwt} and key ${key}`);
    logger.error({ err: new Error(`cannot verify ${jwt}`) }, 'failed');
    const out = text();
    expect(out).not.toContain(jwt);
    expect(out).not.toContain(key);
    expect(out).toContain('cannot verify [redacted]');
  });

  it('logs a request by id, method and path only', () => {
    const { logger, text } = capture();
    logger.info({
      req: {
        id: 'r-1',
        method: 'GET',
        url: '/reports/weekly-pack?week=2026-W10&token=abc',
        headers: { authorization: `Bearer ${jwt}` },
        socket: {},
      },
    });
    const logged = JSON.parse(text()) as { req: unknown };
    expect(logged.req).toEqual({ id: 'r-1', method: 'GET', path: '/reports/weekly-pack' });
  });

  it('leaves text without credentials as it was', () => {
    expect(scrubCredentials('week 2026-W10 for hub-2')).toBe('week 2026-W10 for hub-2');
  });
});
