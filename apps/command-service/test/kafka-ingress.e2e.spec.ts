import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { complaintIdForSource } from '../src/ingress/inbound-message.mapper';
import { type DeadLetter } from '../src/ingress/kafka-inbound.consumer';
import { type Harness, startCommandService } from './command-service.harness';
import { complaintReceived, malformedVariants } from './upstream-messages.fixture';

const brokers = () => {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: the jest global setup starts the broker');
  return value.split(',');
};

const waitFor = async (condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe('upstream ingress over Kafka (real broker)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = { inbound: `inbound-${run}`, dlq: `inbound-dlq-${run}` };
  let kafka: Kafka;
  let h: Harness;

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'ingress-test', brokers: brokers(), logLevel: logLevel.ERROR });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topics.inbound, numPartitions: 3 },
        { topic: topics.dlq, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    h = await startCommandService('pglite', {
      KAFKA_BROKERS: brokers().join(','),
      INBOUND_TOPIC: topics.inbound,
      INBOUND_DLQ_TOPIC: topics.dlq,
      INBOUND_GROUP_ID: `ingress-${run}`,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('turns 1,000 messages with 5% malformed and 5% duplicates into exactly the valid distinct complaints', async () => {
    const valid = Array.from({ length: 900 }, (_, i) => complaintReceived(i));
    const duplicates = valid.filter((_, i) => i % 18 === 0).slice(0, 50);
    const malformed = Array.from({ length: 50 }, (_, i) => ({
      variant: malformedVariants[i % malformedVariants.length]!,
      raw: malformedVariants[i % malformedVariants.length]!.make(i),
    }));
    const messages = [
      ...valid.map((m) => ({ key: m.source.externalId, value: JSON.stringify(m) })),
      ...duplicates.map((m) => ({ key: m.source.externalId, value: JSON.stringify(m) })),
      ...malformed.map((m, i) => ({ key: `bad-${i}`, value: m.raw })),
    ];
    expect(messages).toHaveLength(1000);
    // Deterministic interleaving, so that duplicates and bad messages arrive among the good ones.
    const shuffled = messages
      .map((m, i) => ({ m, order: (i * 7919) % 1009 }))
      .sort((a, b) => a.order - b.order)
      .map(({ m }) => m);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < shuffled.length; i += 100)
      await producer.send({ topic: topics.inbound, acks: -1, messages: shuffled.slice(i, i + 100) });
    await producer.disconnect();

    const letters: DeadLetter[] = [];
    const dlqConsumer = kafka.consumer({ groupId: `dlq-reader-${run}` });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: topics.dlq, fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        letters.push(JSON.parse(message.value!.toString()) as DeadLetter);
      },
    });

    const registered = async () =>
      (await h.allEvents())
        .filter((e) => e.type === 'ComplaintRegistered')
        .map((e) => e.data.complaintId as string);
    await waitFor(
      async () => (await registered()).length >= 900 && letters.length >= 50,
      'ingress to finish',
    );
    // Give a wrongly re-appended duplicate time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await dlqConsumer.disconnect();

    const ids = await registered();
    expect(ids).toHaveLength(900);
    expect(new Set(ids)).toEqual(
      new Set(valid.map((m) => complaintIdForSource(m.source.system, m.source.externalId))),
    );
    expect((await h.allEvents()).length).toBe(900);

    expect(letters).toHaveLength(50);
    const originals = new Set(malformed.map((m) => m.raw));
    for (const letter of letters) {
      expect(originals.has(letter.original!)).toBe(true);
      expect(letter.reason.length).toBeGreaterThan(0);
      expect(letter.source.topic).toBe(topics.inbound);
    }
    for (const { variant, raw } of malformed) {
      const letter = letters.find((l) => l.original === raw);
      expect({ kind: variant.kind, codes: letter?.problems.map((p) => p.code) }).toEqual({
        kind: variant.kind,
        codes: expect.arrayContaining([variant.code]),
      });
    }
  });
});
