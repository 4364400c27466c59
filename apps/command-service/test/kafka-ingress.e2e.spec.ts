import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { complaintIdForSource } from '../src/ingress/inbound-message.mapper';
import { type DeadLetter } from '../src/ingress/kafka-inbound.consumer';
import { RecordingLogger } from '../../../test/support/recording-logger';
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

/** A topic pair of its own, created on the broker, for one suite. */
const createTopics = async (kafka: Kafka, topics: { inbound: string; dlq: string }) => {
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
};

/** Reads every letter of the dead-letter topic from its start, as they come. */
const readDeadLetters = async (kafka: Kafka, topic: string, groupId: string) => {
  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      letters.push(JSON.parse(message.value!.toString()) as DeadLetter);
    },
  });
  return { letters, stop: () => consumer.disconnect() };
};

describe('upstream ingress over Kafka (real broker)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = { inbound: `inbound-${run}`, dlq: `inbound-dlq-${run}` };
  let kafka: Kafka;
  let h: Harness;

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'ingress-test', brokers: brokers(), logLevel: logLevel.ERROR });
    await createTopics(kafka, topics);
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

    const { letters, stop } = await readDeadLetters(kafka, topics.dlq, `dlq-reader-${run}`);

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
    await stop();

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

describe('security class 9: dead letters never echo the message', () => {
  const run = randomUUID().slice(0, 8);
  const topics = { inbound: `inbound-secret-${run}`, dlq: `inbound-secret-dlq-${run}` };
  /** Recognisable, and the shape of a code, so that it passes the contract and reaches a business rule. */
  const SECRET = 'sk-live-7qz4x9w2';
  const logger = new RecordingLogger();
  let kafka: Kafka;
  let h: Harness;

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'ingress-secret-test', brokers: brokers(), logLevel: logLevel.ERROR });
    await createTopics(kafka, topics);
    h = await startCommandService('pglite', {
      KAFKA_BROKERS: brokers().join(','),
      INBOUND_TOPIC: topics.inbound,
      INBOUND_DLQ_TOPIC: topics.dlq,
      INBOUND_GROUP_ID: `ingress-secret-${run}`,
    });
    h.app.useLogger(logger);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('dead-letters malformed messages with their original bytes and reasons that name field and error class, never their text', async () => {
    const message = complaintReceived(7);
    const malformed: { kind: string; code: string; raw: string }[] = [
      {
        kind: 'not JSON: the secret unquoted',
        code: 'INBOUND.MALFORMED_JSON',
        raw: JSON.stringify(message).replace('"尽快投递"', SECRET),
      },
      {
        kind: 'not JSON: junk after the secret',
        code: 'INBOUND.MALFORMED_JSON',
        raw: JSON.stringify(message).replace('"尽快投递"', `"${SECRET}" x`),
      },
      {
        kind: 'the secret as an unknown key',
        code: 'INBOUND.UNRECOGNIZED_KEYS',
        raw: JSON.stringify({ ...message, payload: { ...message.payload, [SECRET]: true } }),
      },
      {
        kind: 'the secret where an option is expected',
        code: 'INBOUND.INVALID_VALUE',
        raw: JSON.stringify({
          ...message,
          type: 'StatusUpdated',
          payload: { status: 'acknowledged', mode: SECRET, contactMethod: 'phone' },
        }),
      },
      {
        kind: 'the secret as a code no business line has',
        code: 'TAXONOMY.UNKNOWN_CHANNEL',
        raw: JSON.stringify({ ...message, payload: { ...message.payload, channel: SECRET } }),
      },
    ];
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: topics.inbound,
      acks: -1,
      messages: malformed.map(({ raw }, i) => ({ key: `secret-${i}`, value: raw })),
    });
    await producer.disconnect();

    const { letters, stop } = await readDeadLetters(kafka, topics.dlq, `dlq-secret-reader-${run}`);
    await waitFor(async () => letters.length >= malformed.length, 'the dead letters');
    await stop();

    expect(letters).toHaveLength(malformed.length);
    for (const { kind, code, raw } of malformed) {
      const letter = letters.find((l) => l.original === raw);
      // The original bytes stay, for a replay; what is said about them holds none of their text.
      expect({ kind, kept: letter !== undefined }).toEqual({ kind, kept: true });
      expect({ kind, codes: letter!.problems.map((p) => p.code) }).toEqual({
        kind,
        codes: expect.arrayContaining([code]),
      });
      const said = JSON.stringify({ reason: letter!.reason, problems: letter!.problems });
      expect({ kind, said: said.includes(SECRET.slice(0, 8)) || said.includes(SECRET.slice(-8)) }).toEqual({
        kind,
        said: false,
      });
    }
    const deadLettered = logger.lines.filter(({ text }) => text.includes('Dead-lettered'));
    expect(deadLettered).toHaveLength(malformed.length);
    expect(
      logger.lines.filter(({ text }) => text.includes(SECRET.slice(0, 8)) || text.includes(SECRET.slice(-8))),
    ).toEqual([]);
  });
});
