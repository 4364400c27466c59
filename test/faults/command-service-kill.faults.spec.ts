import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { complaintStream } from '@app/complaints';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { AGENT, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { sleep, waitFor } from '../../apps/projector/test/projector.harness';
import {
  type AppProcess,
  AppProcesses,
  assertRunning,
  buildApps,
  builtApp,
  freePort,
} from '../support/app-process';
import { LIFE, storedStreams } from './complaint-life';
import { faultRandom, faultSeed } from './pipeline.harness';

const CYCLES = 5;
const CLIENTS = 8;

/** A 2xx answer the service gave: its complaint and the version it said the complaint reached. */
interface Answer {
  complaintId: string;
  version: number;
  type: string;
  replayed: boolean;
}

/**
 * Issue #8: the command service as a real process on PostgreSQL, SIGKILLed at seeded random moments
 * while concurrent clients register complaints and take them through their lives. A request cut off by
 * the kill is sent again, with the same Idempotency-Key, once the service is back. Afterwards every 2xx
 * answer must be in the store (the event it reported at the version it reported), every stream must run
 * from its registration at revision 0 without a gap, and every stored payload must parse and fold.
 */
describe('command service SIGKILLed during a burst of appends', () => {
  let pool: Pool;
  let schema: string;
  let port: number;
  const processes = new AppProcesses();
  let service: AppProcess | undefined;

  beforeAll(async () => {
    await buildApps();
    pool = await connectTestPool({ max: 4 });
    schema = freshSchemaName();
    port = await freePort();
  }, 60_000);

  afterAll(async () => {
    await processes.killAll();
    if (pool) {
      await dropSchema(pool, schema);
      await pool.end();
    }
  }, 30_000);

  // Without KAFKA_BROKERS the service consumes no inbound topic: HTTP is the only way in.
  const { KAFKA_BROKERS: _brokers, ...env } = process.env;
  const startService = () =>
    (service = processes.start('command-service', builtApp('command-service'), {
      ...env,
      ...TEST_AUTH_ENV,
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    }));
  const up = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
    } catch {
      return false;
    }
  };

  /**
   * POSTs until the service answers: a request cut off by a kill (or refused while the service is down)
   * is sent again with the same Idempotency-Key. Returns the answer and whether an attempt was cut off.
   */
  async function send(
    path: string,
    body: object,
  ): Promise<{ status: number; body: Record<string, unknown>; cutOff: boolean }> {
    const key = randomUUID();
    let cutOff = false;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { ...AGENT, 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown>, cutOff };
      } catch {
        cutOff = true;
        await sleep(50);
      }
    }
  }

  it(`keeps every answered append across ${CYCLES} SIGKILLs, with every stream whole`, async () => {
    const seed = faultSeed('command service SIGKILLs');
    const random = faultRandom(seed, 'command-service');
    const answers: Answer[] = [];
    const refused: string[] = [];
    let cutOff = 0;
    let cutOffThenReplayed = 0;
    let running = true;

    const client = async () => {
      while (running) {
        let complaintId: string | undefined;
        for (const step of LIFE) {
          const path = complaintId ? `/complaints/${complaintId}/${step.action}` : '/complaints';
          const answer = await send(path, step.body);
          if (answer.cutOff) cutOff += 1;
          if (answer.status < 200 || answer.status >= 300) {
            refused.push(`${answer.status} ${path}: ${JSON.stringify(answer.body)}`);
            break;
          }
          complaintId ??= answer.body.complaintId as string;
          if (answer.cutOff && answer.body.replayed) cutOffThenReplayed += 1;
          answers.push({
            complaintId,
            version: Number(answer.body.version),
            type: step.type,
            replayed: answer.body.replayed === true,
          });
        }
      }
    };

    startService();
    await waitFor(up, 'the command service to start', 60_000, 100);
    const clients = Array.from({ length: CLIENTS }, client);
    const kills: string[] = [];
    try {
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const before = answers.length;
        await waitFor(() => answers.length > before, 'answers from the command service', 60_000, 20);
        const delay = Math.round(300 + random.next() * 2_200);
        await sleep(delay);
        assertRunning(service!);
        const answered = answers.length;
        await service!.kill('SIGKILL');
        kills.push(`${delay} ms after its first answer (${answered} answers so far)`);
        startService();
        await waitFor(up, 'the command service to restart', 60_000, 100);
      }
      const before = answers.length;
      await waitFor(() => answers.length > before + 20, 'answers after the last restart', 60_000, 20);
    } finally {
      running = false;
      await Promise.all(clients);
    }
    await service!.kill('SIGTERM');
    kills.forEach((kill, i) => process.stdout.write(`faults: SIGKILL ${i + 1}: ${kill}\n`));

    expect(refused).toEqual([]);
    const stored = await storedStreams(pool, schema);
    const missing = answers.filter(
      (a) => stored.get(complaintStream(a.complaintId))?.types[a.version] !== a.type,
    );
    const broken = [...stored]
      .filter(([, s]) => s.problem !== undefined)
      .map(([id, s]) => `${id}: ${s.problem}`);
    const events = [...stored.values()].reduce((sum, s) => sum + s.types.length, 0);
    process.stdout.write(
      `faults: command service: ${CYCLES} SIGKILLs during bursts of ${CLIENTS} clients, ` +
        `${answers.length.toLocaleString('en-US')} 2xx answers (${cutOff} requests cut off by a kill and sent ` +
        `again, ${cutOffThenReplayed} of them answered as replays), ${events.toLocaleString('en-US')} events in ` +
        `${stored.size} streams checked, ${missing.length} answered but missing, ${broken.length} streams broken\n`,
    );
    expect(answers.length).toBeGreaterThan(100);
    expect(cutOff).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(broken).toEqual([]);
    // A registration sent again after a kill did not make a second complaint: every stream was answered.
    const answered = new Set(answers.map((a) => complaintStream(a.complaintId)));
    expect([...stored.keys()].filter((id) => !answered.has(id))).toEqual([]);
  }, 240_000);
});
