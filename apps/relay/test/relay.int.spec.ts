import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { parseEventMessage, type EventEnvelope } from '@app/messaging';
import { readWholeTopic, type ReadMessage } from '@app/messaging/test-support/topic-reader';
import {
  type AppendedEvent,
  appendConcurrently,
  relayTestBed,
  type RelayTestBed,
  waitFor,
} from './relay.harness';
import { ADMIN, AGENT } from '@app/platform/auth/test-support';

const TOTAL = 2_000;
const APPENDERS = 10;
const STREAMS_PER_APPENDER = 5;

/** Messages per stream id, in topic order (one stream is one key, so one partition). */
function byStream(
  messages: ReadMessage[],
): Map<string, { partitions: Set<number>; envelopes: EventEnvelope[] }> {
  const streams = new Map<string, { partitions: Set<number>; envelopes: EventEnvelope[] }>();
  for (const message of messages) {
    const envelope = parseEventMessage(message);
    const entry = streams.get(envelope.streamId) ?? { partitions: new Set<number>(), envelopes: [] };
    entry.partitions.add(message.partition);
    entry.envelopes.push(envelope);
    streams.set(envelope.streamId, entry);
  }
  return streams;
}

function expectEveryEventOnceInStreamOrder(appended: AppendedEvent[], messages: ReadMessage[]): void {
  const ids = messages.map((message) => parseEventMessage(message).eventId);
  expect(ids).toHaveLength(appended.length);
  expect(new Set(ids)).toEqual(new Set(appended.map((event) => event.eventId)));
  for (const message of messages) expect(message.key).toBe(parseEventMessage(message).streamId);

  const streams = byStream(messages);
  expect(streams.size).toBe(new Set(appended.map((event) => event.streamId)).size);
  for (const { partitions, envelopes } of streams.values()) {
    expect(partitions.size).toBe(1);
    expect(envelopes.map((envelope) => envelope.streamRevision)).toEqual(envelopes.map((_, i) => i));
  }
}

/** The relay in-process (Nest module, real PostgreSQL store, real Kafka broker). */
describe('relay: event store feed → Kafka', () => {
  let bed: RelayTestBed;

  beforeEach(async () => {
    bed = await relayTestBed();
  });

  afterEach(async () => {
    await bed?.cleanup();
  });

  const lastPosition = (appended: AppendedEvent[]) =>
    appended.reduce((max, event) => (event.globalPosition > max ? event.globalPosition : max), 0n);
  const caughtUp = async (app: INestApplication, through: bigint) => {
    await waitFor(
      async () => (await bed.store.checkpoints().load('relay')) >= through,
      `the relay checkpoint to reach ${through}`,
    );
    await waitFor(
      async () => (await request(app.getHttpServer()).get('/metrics').set(ADMIN)).body.lag === 0,
      'lag 0',
    );
  };

  it(`publishes ${TOTAL} events of ${APPENDERS * STREAMS_PER_APPENDER} streams appended concurrently, each once, keyed and in stream order`, async () => {
    const app = await bed.startRelay({ RELAY_BATCH_SIZE: '200' });
    const appended = await appendConcurrently(bed.store, {
      total: TOTAL,
      appenders: APPENDERS,
      streamsPerAppender: STREAMS_PER_APPENDER,
      pauseMs: 3,
    });
    const last = lastPosition(appended);
    await caughtUp(app, last);

    expect(await bed.store.checkpoints().load('relay')).toBe(last);
    expect(await bed.store.headPosition()).toBe(last);
    const messages = await readWholeTopic(bed.kafka, bed.topic);
    expectEveryEventOnceInStreamOrder(appended, messages);

    const metrics = await request(app.getHttpServer()).get('/metrics').set(ADMIN).expect(200);
    expect(metrics.body).toMatchObject({
      role: 'active',
      lease: 'relay',
      terms: 1,
      state: 'following',
      topic: bed.topic,
      checkpointName: 'relay',
      checkpoint: last.toString(),
      headPosition: last.toString(),
      lag: 0,
      publishedTotal: TOTAL,
    });
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    expect(health.body.info).toEqual({
      eventStore: { status: 'up' },
      kafka: { status: 'up' },
      relay: { status: 'up', role: 'active' },
    });
    // /health is public; /metrics needs ops:metrics.
    const anonymous = await request(app.getHttpServer()).get('/metrics');
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
    });
    expect((await request(app.getHttpServer()).get('/metrics').set(AGENT)).status).toBe(403);
  });

  it('resumes from its checkpoint after a shutdown, publishing history and new events once', async () => {
    const history = await appendConcurrently(bed.store, { total: 600, appenders: 4, streamsPerAppender: 3 });
    const first = await bed.startRelay({ RELAY_BATCH_SIZE: '100' });
    await caughtUp(first, lastPosition(history));
    await first.close();

    const later = await appendConcurrently(bed.store, { total: 300, appenders: 4, streamsPerAppender: 3 });
    expect(await bed.store.checkpoints().load('relay')).toBe(lastPosition(history));
    const second = await bed.startRelay({ RELAY_BATCH_SIZE: '100' });
    await caughtUp(second, lastPosition(later));

    const messages = await readWholeTopic(bed.kafka, bed.topic);
    expectEveryEventOnceInStreamOrder([...history, ...later], messages);
    const metrics = await request(second.getHttpServer()).get('/metrics').set(ADMIN).expect(200);
    expect(metrics.body.publishedTotal).toBe(300);
  });
});
