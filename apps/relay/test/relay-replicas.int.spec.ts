import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LEASE_LOCK_CLASS } from '@app/event-store';
import { parseEventMessage } from '@app/messaging';
import { readWholeTopic } from '@app/messaging/test-support/topic-reader';
import { ADMIN } from '@app/platform/auth/test-support';
import {
  type AppendedEvent,
  appendConcurrently,
  relayTestBed,
  type RelayTestBed,
  waitFor,
} from './relay.harness';

const BATCH = 40;

/**
 * Three relay replicas in-process on one PostgreSQL schema and one topic while events keep being
 * appended: one publishes, two stand by. The active one is shut down (a standby takes over and nothing is
 * sent twice), then the next active one loses its lease's session as a network failure would end it (it
 * stops at its next batch and another takes over, re-sending at most the batch in flight). The SIGKILL of
 * a relay process is in the fault test (`test/faults/cluster.faults.spec.ts`).
 */
describe('relay replicas: one active, the others stand by and take over', () => {
  let bed: RelayTestBed;

  beforeAll(async () => {
    bed = await relayTestBed();
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  const role = async (app: INestApplication): Promise<string> =>
    (await request(app.getHttpServer()).get('/metrics').set(ADMIN).expect(200)).body.role as string;
  const actives = async (apps: INestApplication[]) => {
    const roles = await Promise.all(apps.map(role));
    return apps.filter((_, i) => roles[i] === 'active');
  };
  const oneActive = async (apps: INestApplication[]): Promise<INestApplication> => {
    let found: INestApplication[] = [];
    await waitFor(async () => (found = await actives(apps)).length === 1, 'exactly one active relay', 10_000);
    return found[0];
  };

  it('publishes through one replica at a time, hands over on shutdown and on a lost session', async () => {
    const options = {
      RELAY_BATCH_SIZE: String(BATCH),
      RELAY_LEASE_POLL_MS: '50',
      RELAY_POLL_INTERVAL_MS: '10',
    };
    const replicas = [
      await bed.startRelay(options),
      await bed.startRelay(options),
      await bed.startRelay(options),
    ];
    const first = await oneActive(replicas);
    const health = await request(first.getHttpServer()).get('/health').expect(200);
    expect(health.body.info.relay).toEqual({ status: 'up', role: 'active' });
    const standby = replicas.find((app) => app !== first)!;
    expect((await request(standby.getHttpServer()).get('/health').expect(200)).body.info.relay).toEqual({
      status: 'up',
      role: 'standby',
    });

    let appending = true;
    const appends = appendConcurrently(bed.store, {
      total: 100_000,
      appenders: 4,
      streamsPerAppender: 4,
      pauseMs: 8,
      until: () => !appending,
    });
    const progress = async (over: bigint) =>
      waitFor(async () => (await bed.store.checkpoints().load('relay')) > over, 'the relay to publish');
    await progress((await bed.store.checkpoints().load('relay')) + 100n);

    // 1. The active replica is shut down: it finishes its batch, saves its checkpoint, releases the lease.
    await first.close();
    replicas.splice(replicas.indexOf(first), 1);
    const closedAt = Date.now();
    await oneActive(replicas);
    const afterShutdown = Date.now() - closedAt;
    await progress((await bed.store.checkpoints().load('relay')) + 100n);

    // 2. The next active replica's lease session is ended by the server, as a lost network would end it.
    const { rows } = await bed.pool.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = $1::integer::oid
          AND objid = hashtext($2)::oid AND objsubid = 2`,
      [LEASE_LOCK_CLASS, `${bed.schema}/relay`],
    );
    expect(rows).toEqual([{ ended: true }]);
    const lostAt = Date.now();
    await waitFor(
      async () => (await actives(replicas)).length === 1 && Date.now() - lostAt > 200,
      'a replica to hold the lease again',
      10_000,
    );
    const afterLoss = Date.now() - lostAt;
    await progress((await bed.store.checkpoints().load('relay')) + 100n);

    appending = false;
    const appended: AppendedEvent[] = await appends;
    const head = await bed.store.headPosition();
    await waitFor(
      async () => (await bed.store.checkpoints().load('relay')) === head,
      'the active replica to catch up',
    );

    const messages = await readWholeTopic(bed.kafka, bed.topic);
    const envelopes = messages.map((message) => parseEventMessage(message));
    const seen = new Map<string, number>();
    for (const { eventId } of envelopes) seen.set(eventId, (seen.get(eventId) ?? 0) + 1);
    const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const missing = appended.filter((event) => !seen.has(event.eventId));
    const terms = await Promise.all(
      replicas.map(
        async (app) => (await request(app.getHttpServer()).get('/metrics').set(ADMIN)).body.terms as number,
      ),
    );
    process.stdout.write(
      `relay replicas: ${appended.length} events, ${messages.length} messages, ${duplicates} sent twice; ` +
        `take-over ${afterShutdown} ms after a shutdown, ${afterLoss} ms after a lost session; ` +
        `terms of the remaining replicas ${terms.join(', ')}\n`,
    );
    expect(missing).toEqual([]);
    expect(seen.size).toBe(appended.length);
    // A shutdown hands over with nothing sent twice; a lost session at most the batch it had in flight.
    expect(duplicates).toBeLessThanOrEqual(BATCH);
    expect(afterShutdown).toBeLessThan(2_000);
    expect(afterLoss).toBeLessThan(3_000);
    // Each stream's events came out in revision order (first sightings; a re-sent batch repeats a tail).
    const order = new Map<string, number>();
    for (const envelope of envelopes) {
      const next = order.get(envelope.streamId) ?? 0;
      if (envelope.streamRevision === next) order.set(envelope.streamId, next + 1);
      else expect(envelope.streamRevision).toBeLessThan(next);
    }
  }, 120_000);
});
