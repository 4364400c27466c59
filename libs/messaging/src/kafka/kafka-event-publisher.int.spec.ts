import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { RecordedEvent } from '@app/event-store';
import { readWholeTopic, testBrokers, uniqueTopic } from '../test-support/topic-reader';
import { toEnvelope } from '../event-envelope';
import { headerText, parseEventMessage } from './event-message';
import { createKafka } from './kafka-client';
import { KafkaEventPublisher } from './kafka-event-publisher';
import { ensureTopics } from './topic-admin';

const silent = { warn: () => undefined, error: () => undefined };
let position = 0n;

/** `perStream` events for each of `streams` streams, interleaved in feed order as appends would be. */
function recordedEvents(streams: number, perStream: number, text = 'parcel late'): RecordedEvent[] {
  const ids = Array.from({ length: streams }, () => `complaint-${randomUUID()}`);
  return Array.from({ length: perStream }, (_, revision) =>
    ids.map((streamId) => {
      const eventId = randomUUID();
      return {
        eventId,
        streamId,
        streamRevision: revision,
        globalPosition: ++position,
        type: revision === 0 ? 'ComplaintRegistered' : 'ComplaintNoted',
        schemaVersion: 1,
        data: { revision, text },
        metadata: {
          occurredAt: '2026-03-02T01:00:00.000Z',
          correlationId: eventId,
          causationId: eventId,
          actor: { id: 'A1001' },
        },
        recordedAt: new Date('2026-03-02T01:00:01.000Z'),
      };
    }),
  ).flat();
}

describe('KafkaEventPublisher on a real broker', () => {
  let kafka: Kafka;
  const publishers: KafkaEventPublisher[] = [];
  const topics: string[] = [];

  const freshTopic = async (partitions = 3) => {
    const name = uniqueTopic('publisher-test');
    topics.push(name);
    await ensureTopics(kafka, [{ name, partitions, replicationFactor: 1 }]);
    return name;
  };
  const publisherOn = async (topic: string, maxSendBytes?: number) => {
    const publisher = await KafkaEventPublisher.connect(kafka, { topic, maxSendBytes });
    publishers.push(publisher);
    return publisher;
  };

  beforeAll(() => {
    kafka = createKafka({ clientId: 'publisher-int-spec', brokers: testBrokers() });
  });

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic once with the configured partitions, and leaves it alone after', async () => {
    const name = uniqueTopic('ensure-test');
    topics.push(name);
    const spec = { name, partitions: 4, replicationFactor: 1 };

    expect(await ensureTopics(kafka, [spec])).toEqual([name]);
    expect(await ensureTopics(kafka, [{ ...spec, partitions: 9 }])).toEqual([]);
    const again = await Promise.all([ensureTopics(kafka, [spec]), ensureTopics(kafka, [spec])]);
    expect(again).toEqual([[], []]);

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(name);
    await admin.disconnect();
    expect(offsets).toHaveLength(4);
  });

  it('lets several processes create the same new topic at the same moment: one creates it, all wait for its leaders', async () => {
    const name = uniqueTopic('ensure-race');
    topics.push(name);
    const spec = { name, partitions: 6, replicationFactor: 1 };
    // Each its own client, as separate processes would be (two command services starting together).
    const clients = Array.from({ length: 4 }, (_, i) =>
      createKafka({ clientId: `ensure-race-${i}`, brokers: testBrokers(), log: silent }),
    );
    // As soon as its call resolves, each one finds a leader for every partition (what its producer or
    // consumer needs next), whether it created the topic or another one did.
    const leadersSeen = async (client: (typeof clients)[number]) => {
      const created = await ensureTopics(client, [spec]);
      const admin = client.admin();
      await admin.connect();
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: [name] });
        const partitions = found[0]?.partitions ?? [];
        return {
          created,
          partitions: partitions.length,
          led: partitions.filter((p) => p.leader >= 0).length,
        };
      } finally {
        await admin.disconnect();
      }
    };
    const seen = await Promise.all(clients.map(leadersSeen));
    expect(seen.flatMap(({ created }) => created)).toEqual([name]);
    expect(seen.map(({ partitions, led }) => ({ partitions, led }))).toEqual(
      clients.map(() => ({ partitions: 6, led: 6 })),
    );
  });

  it('publishes a batch keyed by stream id, as envelopes with routing headers, in stream order', async () => {
    const topic = await freshTopic();
    const publisher = await publisherOn(topic);
    const events = recordedEvents(20, 10);
    await publisher.publish(events.slice(0, 120));
    await publisher.publish(events.slice(120));
    await publisher.publish([]);

    const messages = await readWholeTopic(kafka, topic);
    expect(messages).toHaveLength(events.length);
    const byId = new Map(events.map((event) => [event.eventId, event]));
    const revisionsByStream = new Map<string, { partitions: Set<number>; revisions: number[] }>();
    for (const message of messages) {
      const envelope = parseEventMessage(message);
      const event = byId.get(envelope.eventId)!;
      expect(envelope).toEqual(toEnvelope(event));
      expect(message.key).toBe(event.streamId);
      expect(headerText(message.headers, 'eventId')).toBe(event.eventId);
      expect(headerText(message.headers, 'type')).toBe(event.type);
      expect(headerText(message.headers, 'schemaVersion')).toBe('1');
      const seen = revisionsByStream.get(event.streamId) ?? { partitions: new Set(), revisions: [] };
      seen.partitions.add(message.partition);
      seen.revisions.push(envelope.streamRevision);
      revisionsByStream.set(event.streamId, seen);
    }
    expect(revisionsByStream.size).toBe(20);
    for (const { partitions, revisions } of revisionsByStream.values()) {
      expect(partitions.size).toBe(1);
      expect(revisions).toEqual(Array.from({ length: 10 }, (_, i) => i));
    }
    await expect(publisher.ping()).resolves.toBeUndefined();
  });

  it('splits a batch of large events into several sends without losing order', async () => {
    const topic = await freshTopic(1);
    const publisher = await publisherOn(topic, 20_000);
    const events = recordedEvents(1, 60, 'x'.repeat(2_000));
    await publisher.publish(events);

    const messages = await readWholeTopic(kafka, topic);
    expect(messages.map((message) => parseEventMessage(message).eventId)).toEqual(
      events.map((event) => event.eventId),
    );
  });

  it('rejects a batch the broker did not take, reports it, and publishes with a fresh producer after', async () => {
    const topic = uniqueTopic('publisher-late-topic');
    topics.push(topic);
    // Its own client, so that the errors this test provokes are not logged.
    const quiet = createKafka({ clientId: 'publisher-int-spec', brokers: testBrokers(), log: silent });
    const publisher = await KafkaEventPublisher.connect(quiet, {
      topic,
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
    });
    publishers.push(publisher);

    // The broker creates no topic on first use, so the send fails.
    await expect(publisher.publish(recordedEvents(2, 2))).rejects.toThrow();
    await expect(publisher.ping()).rejects.toThrow(/Last publish failed/);

    await ensureTopics(kafka, [{ name: topic, partitions: 2, replicationFactor: 1 }]);
    const events = recordedEvents(3, 2);
    await publisher.publish(events);
    await expect(publisher.ping()).resolves.toBeUndefined();
    const messages = await readWholeTopic(kafka, topic);
    expect(messages.map((message) => parseEventMessage(message).eventId).sort()).toEqual(
      events.map((event) => event.eventId).sort(),
    );
  });

  it('refuses to publish once closed, and reports it on ping', async () => {
    const publisher = await publisherOn(await freshTopic(1));
    await publisher.close();

    await expect(publisher.publish(recordedEvents(1, 1))).rejects.toThrow(/closed/);
    await expect(publisher.ping()).rejects.toThrow(/closed/);
  });

  it('fails to start when no broker answers', async () => {
    const nowhere = createKafka({
      clientId: 'publisher-int-spec',
      brokers: '127.0.0.1:1',
      retry: { retries: 0 },
      log: silent,
    });
    await expect(KafkaEventPublisher.connect(nowhere, { topic: 'nowhere' })).rejects.toThrow();
  });
});
