import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { RecordedEvent } from '@app/event-store';
import {
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../libs/event-store/src/test-support/postgres-test-database';
import { ADMIN, AGENT } from '@app/platform/auth/test-support';
import { type Harness, registration, startCommandService } from './command-service.harness';

const CLASSIFY = { category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' };
const ACKNOWLEDGE = { mode: 'deferred', contactMethod: 'phone' };
const finding = (n: number) => ({ sources: ['records'], what: `Finding ${n}` });

/** Reads the global feed page after page from a cursor while the instances append, as the relay does. */
class FeedFollower {
  readonly seen: bigint[] = [];
  private running = true;
  readonly done: Promise<void>;

  constructor(read: (after: bigint) => Promise<RecordedEvent[]>) {
    this.done = (async () => {
      while (this.running) {
        const page = await read(this.seen.at(-1) ?? 0n);
        this.seen.push(...page.map((event) => event.globalPosition));
        if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

/**
 * The command service as two instances on one PostgreSQL schema, as a deployment behind one address
 * spreads its clients: every request of a complaint's life goes to either instance at random. A
 * registration is sent to both at once with one Idempotency-Key (one complaint, one registration, one
 * answer that appended); concurrent findings on one complaint race across the instances (each is decided
 * again on a conflict and lands at a version of its own); a finding is sent again to the other instance
 * with its key (answered as a replay, nothing appended). Meanwhile a follower reads the global feed from a
 * cursor: it must see every event the instances committed, none skipped.
 */
describe('command service: two instances on one PostgreSQL store', () => {
  let instances: [Harness, Harness];
  const schema = freshSchemaName();

  beforeAll(async () => {
    instances = [
      await startCommandService('postgres', { DATABASE_SCHEMA: schema }),
      await startCommandService('postgres', { DATABASE_SCHEMA: schema }),
    ];
  }, 60_000);

  afterAll(async () => {
    await Promise.all((instances ?? []).map((h) => h.close()));
    const pool = await connectTestPool();
    await dropSchema(pool, schema);
    await pool.end();
  });

  const post = (to: 0 | 1, path: string, body: object, key?: string) =>
    instances[to]
      .http()
      .post(path)
      .set({ ...AGENT, ...(key !== undefined ? { 'Idempotency-Key': key } : {}) })
      .send(body);

  it('keeps idempotency keys, conflict retries and the gap-free feed across instances (fast-check)', async () => {
    const follower = new FeedFollower((after) => instances[0].store.readAll({ after, maxCount: 200 }));
    let complaints = 0;
    let findings = 0;
    const plan = fc.record({
      registerAt: fc.constantFrom<0 | 1>(0, 1),
      steps: fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.constantFrom<0 | 1>(0, 1)),
      concurrentFindings: fc.array(fc.constantFrom<0 | 1>(0, 1), { minLength: 3, maxLength: 6 }),
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(plan, { minLength: 1, maxLength: 4 }), async (plans) => {
          await Promise.all(
            plans.map(async ({ registerAt, steps, concurrentFindings }) => {
              const key = randomUUID();
              const body = registration();
              const registered = await Promise.all([
                post(registerAt, '/complaints', body, key),
                post((1 - registerAt) as 0 | 1, '/complaints', body, key),
              ]);
              expect(registered.map((r) => r.status).sort()).toEqual([200, 201]);
              const id = registered[0].body.complaintId as string;
              expect(registered[1].body.complaintId).toBe(id);
              expect(registered.map((r) => r.body.version)).toEqual([0, 0]);

              expect((await post(steps[0], `/complaints/${id}/classify`, CLASSIFY)).status).toBe(200);
              expect((await post(steps[1], `/complaints/${id}/acknowledge`, ACKNOWLEDGE)).status).toBe(200);
              const keys = concurrentFindings.map(() => randomUUID());
              const answers = await Promise.all(
                concurrentFindings.map((to, n) =>
                  post(to, `/complaints/${id}/investigation-finding`, finding(n), keys[n]),
                ),
              );
              expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
              const versions = answers.map((a) => a.body.version as number);
              expect([...versions].sort((x, y) => x - y)).toEqual(versions.map((_, n) => 3 + n));

              // Sent again to the other instance with its key: the first answer, nothing appended.
              const again = await post(
                (1 - concurrentFindings[0]) as 0 | 1,
                `/complaints/${id}/investigation-finding`,
                finding(0),
                keys[0],
              );
              expect({
                status: again.status,
                version: again.body.version,
                replayed: again.body.replayed,
              }).toEqual({ status: 200, version: versions[0], replayed: true });

              const stream = await instances[1].store.readStream(`complaint-${id}`);
              expect(stream.map((event) => event.streamRevision)).toEqual(stream.map((_, n) => n));
              expect(stream.map((event) => event.type)).toEqual([
                'ComplaintRegistered',
                'ComplaintClassified',
                'ComplaintAcknowledged',
                ...concurrentFindings.map(() => 'InvestigationFindingRecorded'),
              ]);
              complaints += 1;
              findings += concurrentFindings.length;
            }),
          );
        }),
        { numRuns: 6 },
      );
    } finally {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await follower.stop();
    }

    // The follower's cursor never skipped an event that another instance committed later.
    const all: bigint[] = [];
    for (;;) {
      const page = await instances[0].store.readAll({ after: all.at(-1) ?? 0n, maxCount: 1000 });
      if (page.length === 0) break;
      all.push(...page.map((event) => event.globalPosition));
    }
    expect(follower.seen).toEqual(all);

    const metrics = await Promise.all(
      instances.map(async (h) => (await h.http().get('/metrics').set(ADMIN).expect(200)).body),
    );
    const sum = (field: string) => metrics.reduce((total, m) => total + (m[field] as number), 0);
    process.stdout.write(
      `command service instances: ${complaints} complaints, ${findings} concurrent findings, ` +
        `${all.length} events followed without a gap; ${sum('conflictRetries')} conflicts retried, ` +
        `${sum('idempotentReplays')} idempotent replays, ${sum('staleVersionAnswers')} 409s ` +
        `(instance A ${metrics[0].eventsAppended} events appended, B ${metrics[1].eventsAppended})\n`,
    );
    expect(sum('conflictRetries')).toBeGreaterThan(0);
    expect(sum('staleVersionAnswers')).toBe(0);
    expect(metrics[0].eventsAppended).toBeGreaterThan(0);
    expect(metrics[1].eventsAppended).toBeGreaterThan(0);
  }, 180_000);
});
