import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AGENT } from '@app/platform/auth/test-support';
import { type Harness, registration, startCommandService } from './command-service.harness';

/**
 * Sustained concurrent commands over real HTTP on loopback, on the PostgreSQL store: a bounded loop of
 * WORKERS clients, each sending one request after another until the phase's budget is spent. Optimistic
 * concurrency must hold: every accepted command made exactly one event at a revision no other took,
 * every refusal is a 409 with a stable code and made none, and the final state holds every accepted
 * command and nothing else.
 */
const WORKERS = 8;
const BUDGET = { ifMatch: 800, unpinned: 600, spread: 600 } as const;
const SPREAD_COMPLAINTS = 16;
const STALE = 'CONCURRENCY.STALE_VERSION';
/** A phase takes tens of seconds on a busy two-core machine. */
const PHASE_TIMEOUT_MS = 300_000;

type Answer = { status: number; body: Record<string, unknown> };
type Figures = { requests: number; accepted: number; conflicts: number; ms: number };

/** `workers` loops, each sending one request after another, until `budget` requests are sent in all. */
const boundedLoop = async (
  workers: number,
  budget: number,
  send: (n: number, worker: number) => Promise<void>,
): Promise<number> => {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let n = next++; n < budget; n = next++) await send(n, worker);
    }),
  );
  return performance.now() - started;
};

const report = (phase: string, { requests, accepted, conflicts, ms }: Figures) =>
  console.log(
    `load ${phase}: ${requests} requests by ${WORKERS} workers in ${(ms / 1000).toFixed(1)} s ` +
      `(${Math.round((requests / ms) * 1000)} req/s): ${accepted} accepted, ${conflicts} conflicts (409)`,
  );

const dispatch = (n: number) => ({
  dispatchId: `w-${n}`,
  assigneeKind: 'department',
  assignee: 'sorting-centre',
  instructions: `Load request ${n}`,
  dueAt: '2026-03-10T00:00:00Z',
});

type ComplaintView = {
  version: number;
  dispatchCount: number;
  openDispatches: Record<string, unknown>;
};

describe('load: concurrent commands over HTTP on loopback (PostgreSQL)', () => {
  let h: Harness;
  let base: string;

  const call = async (method: 'GET' | 'POST', path: string, body?: object, headers = {}): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...AGENT, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** A registered, classified and acknowledged complaint (dispatches need one in handling), with its version. */
  const openComplaint = async (): Promise<{ id: string; version: number }> => {
    const registered = await call('POST', '/complaints', registration());
    expect({ status: registered.status, code: registered.body.code }).toEqual({
      status: 201,
      code: undefined,
    });
    const id = registered.body.complaintId as string;
    const classified = await call('POST', `/complaints/${id}/classify`, {
      category: 'item-delayed',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
    });
    expect({ status: classified.status, code: classified.body.code }).toEqual({
      status: 200,
      code: undefined,
    });
    const acknowledged = await call('POST', `/complaints/${id}/acknowledge`, {
      mode: 'deferred',
      contactMethod: 'phone',
      replyDeadline: '2026-03-03T00:00:00Z',
    });
    expect({ status: acknowledged.status, code: acknowledged.body.code }).toEqual({
      status: 200,
      code: undefined,
    });
    return { id, version: acknowledged.body.version as number };
  };

  const view = async (id: string) => (await call('GET', `/complaints/${id}`)).body as ComplaintView;

  /** The dispatch ids the complaint's stream records, and its revisions in order. */
  const timeline = async (id: string) => {
    const { events } = (await call('GET', `/complaints/${id}/events`)).body as {
      events: { revision: number; type: string; data: { dispatchId?: string } }[];
    };
    return {
      revisions: events.map((e) => e.revision),
      dispatched: events.filter((e) => e.type === 'ComplaintDispatched').map((e) => e.data.dispatchId!),
    };
  };

  beforeAll(async () => {
    h = await startCommandService('postgres');
    await h.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => h.close());

  it(
    'one complaint, If-Match pinned: each 2xx one event at a fresh revision, each conflict a 409 and nothing',
    async () => {
      const { id, version: start } = await openComplaint();
      const known = Array.from({ length: WORKERS }, () => start);
      const accepted: { n: number; version: number; events: unknown }[] = [];
      const unexpected: unknown[] = [];
      let conflicts = 0;

      const ms = await boundedLoop(WORKERS, BUDGET.ifMatch, async (n, worker) => {
        const answer = await call('POST', `/complaints/${id}/dispatch`, dispatch(n), {
          'If-Match': `"${known[worker]}"`,
        });
        if (answer.status === 200) {
          accepted.push({ n, version: answer.body.version as number, events: answer.body.events });
          known[worker] = answer.body.version as number;
        } else if (answer.status === 409 && answer.body.code === STALE) {
          conflicts++;
          known[worker] = answer.body.currentVersion as number;
        } else unexpected.push(answer);
      });
      report('one complaint with If-Match', {
        requests: BUDGET.ifMatch,
        accepted: accepted.length,
        conflicts,
        ms,
      });

      expect(unexpected).toEqual([]);
      expect(accepted.length + conflicts).toBe(BUDGET.ifMatch);
      expect(accepted.length).toBeGreaterThan(WORKERS);
      expect(accepted.every((a) => JSON.stringify(a.events) === '["ComplaintDispatched"]')).toBe(true);
      const versions = accepted.map((a) => a.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: accepted.length }, (_, i) => start + 1 + i));
      const final = await view(id);
      expect(final.version).toBe(start + accepted.length);
      expect(final.dispatchCount).toBe(accepted.length);
      const { revisions, dispatched } = await timeline(id);
      expect(revisions).toEqual(Array.from({ length: final.version + 1 }, (_, i) => i));
      expect(dispatched.sort()).toEqual(accepted.map((a) => `w-${a.n}`).sort());
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'one complaint, no expected version: the service serializes them, no accepted command is lost',
    async () => {
      const { id, version: start } = await openComplaint();
      const accepted: { n: number; version: number }[] = [];
      const refused: number[] = [];
      const unexpected: unknown[] = [];

      const ms = await boundedLoop(WORKERS, BUDGET.unpinned, async (n) => {
        const answer = await call('POST', `/complaints/${id}/dispatch`, dispatch(n));
        if (answer.status === 200) accepted.push({ n, version: answer.body.version as number });
        // Retries ran out under contention: refused as a whole, with the current version to retry from.
        else if (answer.status === 409 && answer.body.code === STALE) refused.push(n);
        else unexpected.push(answer);
      });
      report('one complaint without expected version', {
        requests: BUDGET.unpinned,
        accepted: accepted.length,
        conflicts: refused.length,
        ms,
      });

      expect(unexpected).toEqual([]);
      expect(accepted.length + refused.length).toBe(BUDGET.unpinned);
      expect(accepted.length).toBeGreaterThan(WORKERS);
      expect(new Set(accepted.map((a) => a.version)).size).toBe(accepted.length);
      const final = await view(id);
      expect(final.version).toBe(start + accepted.length);
      expect(final.dispatchCount).toBe(accepted.length);
      expect(Object.keys(final.openDispatches).sort()).toEqual(accepted.map((a) => `w-${a.n}`).sort());
      const { revisions } = await timeline(id);
      expect(revisions).toEqual(Array.from({ length: final.version + 1 }, (_, i) => i));
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'many complaints at once: every complaint and the store count exactly the accepted commands',
    async () => {
      const complaints: { id: string; version: number }[] = [];
      await boundedLoop(WORKERS, SPREAD_COMPLAINTS, async () => {
        complaints.push(await openComplaint());
      });
      const before = (await h.allEvents()).length;
      const acceptedBy = new Map<string, string[]>(complaints.map((c) => [c.id, []]));
      const unexpected: unknown[] = [];
      let conflicts = 0;

      const ms = await boundedLoop(WORKERS, BUDGET.spread, async (n) => {
        const { id } = complaints[n % complaints.length]!;
        const answer = await call('POST', `/complaints/${id}/dispatch`, dispatch(n));
        if (answer.status === 200) acceptedBy.get(id)!.push(`w-${n}`);
        else if (answer.status === 409 && answer.body.code === STALE) conflicts++;
        else unexpected.push(answer);
      });
      const accepted = [...acceptedBy.values()].reduce((sum, ids) => sum + ids.length, 0);
      report(`${SPREAD_COMPLAINTS} complaints`, { requests: BUDGET.spread, accepted, conflicts, ms });

      expect(unexpected).toEqual([]);
      expect(accepted + conflicts).toBe(BUDGET.spread);
      // Counted before the reads below: reading a complaint records an audit event of its own.
      const appended = (await h.allEvents()).slice(before);
      expect(appended.length).toBe(accepted);
      expect(appended.every((e) => e.type === 'ComplaintDispatched')).toBe(true);
      for (const { id, version } of complaints) {
        const ids = acceptedBy.get(id)!;
        const final = await view(id);
        expect({ id, version: final.version, dispatches: Object.keys(final.openDispatches).sort() }).toEqual({
          id,
          version: version + ids.length,
          dispatches: [...ids].sort(),
        });
      }
    },
    PHASE_TIMEOUT_MS,
  );
});
