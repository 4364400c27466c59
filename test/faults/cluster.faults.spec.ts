import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ChdbAnalyticsStore } from '@app/analytics';
import { complaintStream } from '@app/complaints';
import { parseEventMessage } from '@app/messaging';
import { readWholeTopic, testBrokers } from '@app/messaging/test-support/topic-reader';
import { AGENT } from '@app/platform/auth/test-support';
import { isAuditStream } from '@app/privacy';
import { readWholeStore, sleep, waitFor } from '../../apps/projector/test/projector.harness';
import { type Rng } from '../../apps/seeder/src/generator/random';
import { buildApps } from '../support/app-process';
import {
  ANALYTICS_DATABASE,
  ClusterBed,
  type ClusterProcess,
  GROUP_MEMBERS,
  PARTITIONS,
  RELAY_BATCH,
} from './cluster.harness';
import { LIFE, storedStreams } from './complaint-life';
import { compareWithLog, faultRandom, faultSeed } from './pipeline.harness';

const CYCLES = 2;
const CLIENTS = 6;
/** The bound the issue states for a standby relay to take over from a dead active one. */
const TAKEOVER_BOUND_MS = 5_000;

type Victim = 'relay' | 'command-service' | 'analytics-node';

/** A 2xx answer a command service gave: its complaint and the version it said the complaint reached. */
interface Answer {
  complaintId: string;
  version: number;
  type: string;
}

const shuffled = <T>(items: readonly T[], random: Rng): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Issue #20: the local distributed topology as `npm run start:cluster` runs it — two command services and
 * two relays on one PostgreSQL store, the analytics node with three projector group members over six
 * partitions into chDB — while clients take complaints through their lives, each request to either
 * command service. In every cycle, in a seeded order and at seeded moments: the active relay is SIGKILLed
 * (the standby must take over within the bound), one command service is SIGKILLed (its clients send their
 * requests again, with their Idempotency-Keys, to the other one), and the analytics node is SIGKILLed (it is
 * started again and the group catches up). Each dead process is started again by the same script. At the
 * end the ClickHouse figures must be the fold of the event log, every event once, every answer in the store,
 * and the topic may hold an event twice only within the one batch a killed relay had not checkpointed.
 */
describe('the distributed topology under SIGKILLs of the active relay, a command service and the projector', () => {
  let bed: ClusterBed;

  beforeAll(async () => {
    await buildApps();
    bed = await ClusterBed.open(testBrokers().join(','));
    await bed.start();
  }, 300_000);

  afterAll(async () => {
    await bed?.close();
  }, 180_000);

  it(`loses nothing, counts nothing twice and fails over within ${TAKEOVER_BOUND_MS} ms across ${CYCLES} cycles`, async () => {
    const seed = faultSeed('cluster SIGKILLs');
    const schedule = faultRandom(seed, 'cluster');
    const routing = faultRandom(seed, 'clients');
    const answers: Answer[] = [];
    const refused: string[] = [];
    let cutOff = 0;
    let cutOffThenReplayed = 0;
    let running = true;

    const instances: ClusterProcess[] = ['command-service-1', 'command-service-2'];
    /** POSTs until a command service answers: a request cut off is sent to the other with its key. */
    const send = async (path: string, body: object) => {
      const key = randomUUID();
      let to = routing.next() < 0.5 ? 0 : 1;
      let wasCutOff = false;
      for (;;) {
        try {
          const response = await fetch(`${bed.url(instances[to]!)}${path}`, {
            method: 'POST',
            headers: { ...AGENT, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(30_000),
          });
          const answer = (await response.json()) as Record<string, unknown>;
          return { status: response.status, body: answer, cutOff: wasCutOff };
        } catch {
          wasCutOff = true;
          to = 1 - to;
          await sleep(50);
        }
      }
    };
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
          answers.push({ complaintId, version: Number(answer.body.version), type: step.type });
        }
      }
    };
    const moreAnswers = async (count: number) => {
      const before = answers.length;
      await waitFor(() => answers.length >= before + count, 'answers from the command services', 60_000, 20);
    };

    const takeovers: number[] = [];
    const resumed: number[] = [];
    const projectorBack: number[] = [];
    const kills: string[] = [];
    let relayKills = 0;

    const killActiveRelay = async () => {
      const active = await bed.activeRelay();
      if (!active) throw new Error('No relay is active');
      const standby: ClusterProcess = active === 'relay-1' ? 'relay-2' : 'relay-1';
      const checkpoint = await bed.relayCheckpoint();
      const killedAt = await bed.kill(active);
      relayKills += 1;
      await waitFor(
        async () => (await bed.metrics(standby))?.role === 'active',
        `${standby} to take over`,
        TAKEOVER_BOUND_MS * 4,
        25,
      );
      takeovers.push(Date.now() - killedAt);
      await waitFor(async () => (await bed.relayCheckpoint()) > checkpoint, 'publishing again', 60_000, 25);
      resumed.push(Date.now() - killedAt);
      await bed.start();
      kills.push(`${active} (active relay): ${standby} active after ${takeovers.at(-1)} ms`);
    };
    const killCommandService = async () => {
      const victim = instances[schedule.next() < 0.5 ? 0 : 1]!;
      await bed.kill(victim);
      // Down for a while: its clients carry on with the other one.
      await sleep(Math.round(500 + schedule.next() * 2_000));
      await bed.start();
      kills.push(`${victim}: started again`);
    };
    const killAnalyticsNode = async () => {
      const committed = await bed.committed();
      const killedAt = await bed.kill('analytics-node');
      await bed.start();
      await waitFor(
        async () => (await bed.committed()) > committed,
        'the group to commit again',
        120_000,
        100,
      );
      projectorBack.push(Date.now() - killedAt);
      kills.push(`analytics-node: the group committing again ${seconds(projectorBack.at(-1)!)} after`);
    };
    const strike: Record<Victim, () => Promise<void>> = {
      relay: killActiveRelay,
      'command-service': killCommandService,
      'analytics-node': killAnalyticsNode,
    };

    const clients = Array.from({ length: CLIENTS }, client);
    try {
      await moreAnswers(50);
      await waitFor(async () => (await bed.committed()) > 0, 'the projector group to commit', 60_000, 100);
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        for (const victim of shuffled(['relay', 'command-service', 'analytics-node'] as const, schedule)) {
          await moreAnswers(20);
          await sleep(Math.round(300 + schedule.next() * 2_500));
          await strike[victim]();
          process.stdout.write(`faults: cluster cycle ${cycle}: SIGKILL ${kills.at(-1)}\n`);
        }
      }
      await moreAnswers(20);
    } finally {
      running = false;
      await Promise.all(clients);
    }

    await waitFor(() => bed.caughtUp(), 'the relays and the projector group to catch up', 180_000, 250);
    const metrics = await bed.metrics('analytics-node');
    expect(metrics).toMatchObject({ lag: 0, feed: { state: 'running' } });
    // The reports, served by the process that owns the chDB directory: every complaint registered counted.
    const registered = new Set(answers.map((a) => a.complaintId)).size;
    const reported = await bed.reportedVolume();
    await bed.stop();

    // The store: every answer where it said, every stream whole, no complaint registered twice.
    const stored = await storedStreams(bed.pool, bed.schema);
    const missing = answers.filter(
      (a) => stored.get(complaintStream(a.complaintId))?.types[a.version] !== a.type,
    );
    const broken = [...stored]
      .filter(([, s]) => s.problem !== undefined)
      .map(([id, s]) => `${id}: ${s.problem}`);
    const answered = new Set(answers.map((a) => complaintStream(a.complaintId)));
    const unanswered = [...stored.keys()].filter((id) => !answered.has(id));

    // Kafka: an event twice only within the batch a killed relay published but had not checkpointed.
    const messages = await readWholeTopic(bed.kafka, bed.topic, 60_000);
    const copies = new Map<string, number>();
    for (const message of messages) {
      const { eventId } = parseEventMessage(message);
      copies.set(eventId, (copies.get(eventId) ?? 0) + 1);
    }
    const twice = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);

    // ClickHouse: the figures of the analytics node's chDB, against the fold of the whole log.
    const log = await readWholeStore(bed.store);
    const analytics = await ChdbAnalyticsStore.open({ dataDir: join(bed.dir, 'chdb') });
    const comparison = await compareWithLog(analytics, ANALYTICS_DATABASE, log).finally(() =>
      analytics.close(),
    );
    const published = log.filter((event) => !isAuditStream(event.streamId));

    process.stdout.write(
      `faults: cluster: ${kills.length} SIGKILLs over ${CYCLES} cycles (${relayKills} active relays, ` +
        `${CYCLES} command services, ${CYCLES} analytics nodes of ${GROUP_MEMBERS} group members over ` +
        `${PARTITIONS} partitions); relay take-over ${takeovers.join(', ')} ms (bound ${TAKEOVER_BOUND_MS} ms), ` +
        `publishing again after ${resumed.join(', ')} ms; projector group committing again ` +
        `${projectorBack.map(seconds).join(', ')} after its SIGKILL; ${answers.length.toLocaleString('en-US')} ` +
        `2xx answers (${cutOff} requests refused or cut off by a dead command service and sent to the other ` +
        `with their keys, ${cutOffThenReplayed} of them answered as replays), ${missing.length} missing, ` +
        `${broken.length} streams broken; ` +
        `${comparison.compared.toLocaleString('en-US')} events compared, ${comparison.lost} lost, ` +
        `${comparison.doubleCounted} double-counted; ${messages.length.toLocaleString('en-US')} messages on the ` +
        `topic for ${copies.size.toLocaleString('en-US')} events, ${twice} sent twice (allowed: ${relayKills} ` +
        `× one batch of ${RELAY_BATCH}); ${reported.toLocaleString('en-US')} complaints in the analytics node's ` +
        `volume figure for ${registered.toLocaleString('en-US')} registered\n`,
    );

    expect(reported).toBe(registered);
    expect(refused).toEqual([]);
    expect(answers.length).toBeGreaterThan(300);
    expect(cutOff).toBeGreaterThan(0);
    expect({ missing, broken, unanswered }).toEqual({ missing: [], broken: [], unanswered: [] });
    expect(takeovers.every((ms) => ms < TAKEOVER_BOUND_MS)).toBe(true);
    expect(copies.size).toBe(published.length);
    expect(twice).toBeLessThanOrEqual(relayKills * RELAY_BATCH);
    expect(comparison.compared).toBeGreaterThan(300);
    expect({ lost: comparison.lost, doubleCounted: comparison.doubleCounted }).toEqual({
      lost: 0,
      doubleCounted: 0,
    });
    expect(comparison.projected).toEqual(comparison.expected);
  }, 900_000);
});
