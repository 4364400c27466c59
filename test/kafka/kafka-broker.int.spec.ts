// Proves the test broker is a real Kafka: idempotent keyed produce, then consumption by a consumer group,
// through kafkajs.
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

const brokers = process.env.KAFKA_BROKERS;
const MESSAGES = 1_000;
const KEYS = 25;

describe('Kafka test broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;
  const topic = `broker-check-${randomUUID()}`;

  beforeAll(async () => {
    if (!brokers) {
      throw new Error(
        'KAFKA_BROKERS is not set: run jest with test/kafka/kafka-global-setup.ts as globalSetup, ' +
          'or start a broker with `bash infra/kafka/kafka.sh start` and export the line it prints',
      );
    }
    kafka = new Kafka({
      clientId: 'kafka-broker-int-spec',
      brokers: brokers.split(','),
      logLevel: logLevel.ERROR,
    });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    if (admin) {
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    }
  });

  it('delivers every keyed message once and in order per key to a consumer group', async () => {
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `key-${i % KEYS}`,
      value: String(Math.floor(i / KEYS)),
    }));
    for (let i = 0; i < MESSAGES; i += 100) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) });
    }

    const seen = new Map<string, { partitions: Set<number>; sequence: number[] }>();
    let received = 0;
    consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = String(message.key);
        const entry = seen.get(key) ?? { partitions: new Set<number>(), sequence: [] };
        entry.partitions.add(partition);
        entry.sequence.push(Number(String(message.value)));
        seen.set(key, entry);
        if (++received === MESSAGES) allReceived();
      },
    });
    await done;

    const perKey = MESSAGES / KEYS;
    const inOrder = Array.from({ length: perKey }, (_, n) => n);
    expect(received).toBe(MESSAGES);
    expect(seen.size).toBe(KEYS);
    for (const { partitions, sequence } of seen.values()) {
      expect(partitions.size).toBe(1);
      expect(sequence).toEqual(inOrder);
    }
    const used = new Set([...seen.values()].flatMap(({ partitions }) => [...partitions]));
    expect(used.size).toBe(3);
  });
});
