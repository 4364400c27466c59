import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type DomainEvent } from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { EventLog } from '@app/analytics/test-support/event-log';
import { createKafka, ensureTopics } from '@app/messaging';
import { readWholeTopic, testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { SIGNATURE_HEADER, verifySignature } from '@app/messaging/webhooks/webhook-delivery';
import { PgliteEventStore } from '@app/event-store';
import { ALERT_RAISED, alertStream } from '@app/analytics/alerts/alert.events';
import { AlertPipeline } from './alert-pipeline';

const SECRET = 'alert-webhook-secret-for-tests-0123456789';

const complaintWithCause = (complaintId: string, at: string): DomainEvent[] => [
  ev.registered({
    complaintId,
    receivedAt: at,
    customer: { ...CUSTOMER, reference: `R-${complaintId}`, pseudonym: `p-${complaintId}` },
    receivedBy: { jobNumber: 'S1001', orgUnit: 'branch-7' },
  }),
  ev.causesAttributed({
    complaintId,
    attributedAt: new Date(Date.parse(at) + 3_600_000).toISOString(),
    causes: [
      { causeId: 'C1', family: 'service-capacity', causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
    ],
  }),
];

/**
 * A spike in a stream of stored events (one cause a day for 8 days, then 5 in one Wednesday): the
 * pipeline publishes exactly one daily-spike alert on the topic and delivers it once, signed, to a local
 * receiver, within 5 s of the triggering event; the same events again raise nothing.
 */
describe('alert pipeline: Kafka topic and signed webhook', () => {
  const kafka = createKafka({ clientId: 'alerts-int-spec', brokers: testBrokers() });
  const producer = kafka.producer();
  const topic = uniqueTopic('complaints.alerts.v1');
  const received: { body: string; signature?: string; at: number }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers[SIGNATURE_HEADER] as string,
        at: Date.now(),
      });
      response.end();
    });
  });
  let url: string;
  let store: PgliteEventStore;

  beforeAll(async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1 }]);
    await producer.connect();
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    await producer.disconnect();
    await store.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('one alert on the topic, one signed delivery, within 5 s; a redelivery raises nothing', async () => {
    const options = {
      store,
      kafka: { producer, topic },
      webhooks: [{ id: 'ops', url, secret: SECRET }],
      // The events are of March 2026; the clock is put just after them, so they are news.
      now: () => new Date('2026-03-05T06:00:00.000Z'),
      maxAgeMs: 48 * 3_600_000,
    };
    const pipeline = new AlertPipeline(options);
    // Baseline: one a day from Wednesday 2026-02-25 to Wednesday 2026-03-04 (2 ISO weeks, no weekly spike).
    const baseline = Array.from({ length: 8 }, (_, day) =>
      complaintWithCause(
        `b-${day}`,
        new Date(Date.parse('2026-02-25T02:00:00.000Z') + day * 86_400_000).toISOString(),
      ),
    ).flat();
    const spike = Array.from({ length: 5 }, (_, i) =>
      complaintWithCause(`s-${i}`, `2026-03-05T0${i + 1}:00:00.000Z`),
    ).flat();
    const log = new EventLog();
    const stored = log.recordAll([...baseline, ...spike]);
    const before = stored.slice(0, stored.length - 1);
    const trigger = stored.slice(-1);
    const raisedBefore = await pipeline.onEvents(before);
    expect(raisedBefore.filter((a) => a.rule === 'cause-spike-daily')).toEqual([]);
    const started = Date.now();
    const raised = await pipeline.onEvents(trigger);
    const alerts = raised.filter((a) => a.rule === 'cause-spike-daily');
    expect(alerts.map((a) => [a.key, a.period])).toEqual([['postal/sorting-error', '2026-03-05']]);
    const messages = (await readWholeTopic(kafka, topic)).filter(
      (m) => JSON.parse(m.value!).rule === 'cause-spike-daily',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.key).toBe(alerts[0]!.alertId);
    const deliveries = received.filter((r) => JSON.parse(r.body).rule === 'cause-spike-daily');
    expect(deliveries).toHaveLength(1);
    expect(verifySignature(SECRET, deliveries[0]!.body, deliveries[0]!.signature)).toBe(true);
    expect(deliveries[0]!.at - started).toBeLessThan(5_000);
    console.log(
      `alert delivered ${deliveries[0]!.at - started} ms after the triggering event was handed over`,
    );

    const recorded = await store.readStream(alertStream(alerts[0]!.alertId));
    expect(recorded.map((event) => event.type)).toEqual([ALERT_RAISED]);
    expect(recorded[0]!.data).toEqual(alerts[0]);

    // Redelivered, to this evaluator and to a new one (a restart): nothing is raised again.
    const countBefore = (await readWholeTopic(kafka, topic)).length;
    const deliveredBefore = received.length;
    expect(await pipeline.onEvents(stored)).toEqual([]);
    expect(await new AlertPipeline(options).onEvents(stored)).toEqual([]);
    expect((await readWholeTopic(kafka, topic)).length).toBe(countBefore);
    expect(received.length).toBe(deliveredBefore);
    expect(deliveries[0]!.body).toBe(JSON.stringify(alerts[0]));
    expect(JSON.stringify(messages.map((m) => m.value))).not.toMatch(/R-s-|p-s-/);
  });
});
