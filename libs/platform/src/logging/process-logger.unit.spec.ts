import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { generateApiKey } from '../auth/api-keys';
import { logDestination } from './log-destination';
import { useProcessLogger } from './process-logger';

const lineSink = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
};

describe('one logger per process: readable on a terminal, JSON otherwise', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('writes JSON lines (stdout, no formatter) when the output is not a terminal', () => {
    expect(logDestination(false)).toBeUndefined();
  });

  it('formats lines for a person on a terminal: time, level, context and message, no JSON braces', async () => {
    const out: string[] = [];
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const pretty = logDestination(true, terminal) as unknown as Writable;
    pretty.write(
      `${JSON.stringify({ level: 30, time: 0, pid: 1, hostname: 'h', context: 'relay', msg: 'hello' })}\n`,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const text = stripVTControlCharacters(out.join(''));
    expect(text).toMatch(/INFO.*\[relay\] hello/);
    expect(text).not.toContain('{');
  });

  it("routes Nest's Logger (used before an app exists) through pino with the services' settings", () => {
    const { lines, destination } = lineSink();
    useProcessLogger('info', destination);
    const key = generateApiKey();
    new Logger('standalone').log(`seeding 30 complaints with X-Api-Key ${key}`);
    new Logger('standalone').debug('below the level');
    new Logger('relay').error(new Error('broker down'));
    new Logger('relay').warn({ headers: { authorization: `Bearer ${key}` }, token: key, attempt: 2 });

    expect(lines).toHaveLength(3);
    const [seeding, failure, objectLine] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(seeding).toMatchObject({ level: 30, context: 'standalone' });
    expect(seeding!.msg).toMatch(/^seeding 30 complaints/);
    expect(lines[0]).not.toContain(key);
    expect(failure).toMatchObject({ level: 50, context: 'relay', msg: 'broker down' });
    // An object's credential fields are redacted like any service log line's.
    expect(objectLine).toMatchObject({ level: 40, context: 'relay', attempt: 2 });
    expect(lines[2]).not.toContain(key);
  });
});
